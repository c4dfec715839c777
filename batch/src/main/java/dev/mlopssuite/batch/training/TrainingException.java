package dev.mlopssuite.batch.training;

import dev.mlopssuite.runtime.MlopsException;

/**
 * Training or evaluation cannot proceed: no resolved rows, a bad hyper-parameter, a model that does
 * not load.
 */
public final class TrainingException extends MlopsException {
  private static final long serialVersionUID = 1L;

  public TrainingException(String message) {
    super(message);
  }

  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
