package dev.mlopssuite.batch.data;

import dev.mlopssuite.runtime.MlopsException;

/** Reading or writing tabular data failed: a file that cannot be read, a missing column. */
public final class DataException extends MlopsException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
