package dev.mlopssuite.sidecar.log;

/** Whether a string is plain ASCII, the strings the log's writer may pre-encode. */
final class Ascii {
  private Ascii() {}

  static boolean is(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
