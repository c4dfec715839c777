package dev.mlopssuite.modelrepo;

import dev.mlopssuite.runtime.MlopsException;

/**
 * A model repository operation that cannot be done (docs/model-repository.md). The message says
 * what is wrong, the value and the fix; {@link #value()} carries the value.
 */
public class ModelRepositoryException extends MlopsException {
  private static final long serialVersionUID = 1L;
  private final String value;

  public ModelRepositoryException(String message, String value) {
    super(message);
    this.value = value;
  }

  public ModelRepositoryException(String message, String value, Throwable cause) {
    super(message, cause);
    this.value = value;
  }

  public String value() {
    return value;
  }
}
