package dev.mlopssuite.trust;

import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme: what signatures are computed over (docs/trust-chain.md,
 * "Signatures"). A record is first written with the runtime's {@link CanonicalJson} mapper (snake
 * case names, ISO-8601 instants), then canonicalized by the RFC co-author's implementation, which
 * sorts keys by UTF-16 code units and writes numbers the ECMAScript way (RFC 8785, 3.2.2). The
 * runtime's canonical form alone is not enough: Jackson's number and escape rules are not JCS's.
 */
public final class Jcs {
  private Jcs() {}

  /** The JCS form of arbitrary JSON text. */
  public static String canonicalize(String json) {
    try {
      return new JsonCanonicalizer(json).getEncodedString();
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON that RFC 8785 can canonicalize: " + json, e);
    }
  }

  /** The JCS form of a value written by the runtime's canonical mapper. */
  public static String of(Object value) {
    return canonicalize(CanonicalJson.canonical(value));
  }

  /** UTF-8 bytes of {@link #of}: what is signed. */
  public static byte[] bytes(Object value) {
    return of(value).getBytes(StandardCharsets.UTF_8);
  }
}
