package dev.mlopssuite.runtime;

/**
 * Root of the checked exceptions core throws. Every message follows STYLE.md habit 9: what is
 * wrong, the offending value, how to fix it. Adapters turn these into their tool's error type.
 */
public class MlopsException extends Exception {
  private static final long serialVersionUID = 1L;

  public MlopsException(String message) {
    super(message);
  }

  public MlopsException(String message, Throwable cause) {
    super(message, cause);
  }
}
