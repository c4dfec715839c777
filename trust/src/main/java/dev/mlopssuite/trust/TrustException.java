package dev.mlopssuite.trust;

import dev.mlopssuite.runtime.MlopsException;

/**
 * Something that must be trusted is not: an unknown key id, a signature that does not verify, a key
 * file that cannot be read, a champion whose chain of trust is broken (docs/trust-chain.md). The
 * message says what is wrong, the value, and how to fix it; {@link #value()} carries the value.
 */
public class TrustException extends MlopsException {
  private static final long serialVersionUID = 1L;
  private final String value;

  public TrustException(String message, String value) {
    super(message);
    this.value = value;
  }

  public TrustException(String message, String value, Throwable cause) {
    super(message, cause);
    this.value = value;
  }

  /** The offending value: a key id, a file, a model version. */
  public String value() {
    return value;
  }
}
