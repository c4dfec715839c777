package dev.mlopssuite.sidecar.http;

/** How request values are quoted in error messages. */
final class JsonText {
  private JsonText() {}

  /** The value in quotes, cut at 80 characters so an error never echoes a whole body. */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    return "\"" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "\"";
  }
}
