package dev.mlopssuite.runtime.model;

import dev.mlopssuite.runtime.MlopsException;

/** A model file that cannot be loaded or does not fit the features it is meant to score. */
public final class ModelException extends MlopsException {
  private static final long serialVersionUID = 1L;

  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
