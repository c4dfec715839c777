package dev.mlopssuite.trust;

import dev.mlopssuite.runtime.lineage.Sha256;
import java.security.PublicKey;
import java.util.regex.Pattern;

/**
 * Names a public key: {@code ed25519:} + the first 16 hex digits of the sha256 of its X.509 DER
 * encoding (docs/trust-chain.md, "Keys"). Derived from the key, so a record cannot name one key and
 * be checked with another.
 */
public record KeyId(String value) {
  private static final Pattern FORM = Pattern.compile("ed25519:[0-9a-f]{16}");

  public KeyId {
    if (value == null || !FORM.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "key id '"
              + value
              + "' is not of the form ed25519:<16 lowercase hex digits>: copy it from the key's"
              + " public PEM file name or from the promotion record");
    }
  }

  public static KeyId of(PublicKey key) {
    return new KeyId("ed25519:" + Sha256.of(key.getEncoded()).substring(0, 16));
  }

  @Override
  public String toString() {
    return value;
  }
}
