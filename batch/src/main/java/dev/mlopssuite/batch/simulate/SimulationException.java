package dev.mlopssuite.batch.simulate;

import dev.mlopssuite.runtime.MlopsException;

/** The simulator could not write its output. */
public final class SimulationException extends MlopsException {
  private static final long serialVersionUID = 1L;

  public SimulationException(String message, Throwable cause) {
    super(message, cause);
  }
}
