package dev.mlopssuite.runtime.run;

/** A run that must be trusted failed verification; the message lists every problem. */
public final class RunVerificationException extends RunFormatException {
  private static final long serialVersionUID = 1L;

  public RunVerificationException(String message) {
    super(message);
  }
}
