package dev.mlopssuite.runtime.run;

import dev.mlopssuite.runtime.MlopsException;

/** A run directory or one of its files that cannot be read as the format it claims. */
public class RunFormatException extends MlopsException {
  private static final long serialVersionUID = 1L;

  public RunFormatException(String message) {
    super(message);
  }

  public RunFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
