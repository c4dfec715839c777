package dev.mlopssuite.trust;

import java.util.List;

/** A champion (or a version rolled back to) whose chain of trust is broken; lists every problem. */
public final class ChainVerificationException extends TrustException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  public ChainVerificationException(String message, String value, List<String> problems) {
    super(message, value);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
