package dev.mlopssuite.sidecar.log;

import java.time.Instant;

/**
 * {@link Instant#toString()} (ISO-8601, {@code DateTimeFormatter.ISO_INSTANT}) without its
 * formatter on every call: the date and time of day are computed once per second and reused, the
 * fraction appended in groups of three digits as ISO_INSTANT does. The log writes two instants per
 * prediction, and the formatter was a tenth of a single-row request's own work.
 */
final class IsoInstant {
  private record Second(long epochSecond, String text) {}

  // Racy by design: a stale or replaced value is still a correct one for its own second.
  private static volatile Second last = new Second(Long.MIN_VALUE, "");

  private IsoInstant() {}

  static String format(Instant instant) {
    long second = instant.getEpochSecond();
    Second cached = last;
    if (cached.epochSecond() != second) {
      String whole = Instant.ofEpochSecond(second).toString(); // "...T10:00:00Z"
      cached = new Second(second, whole.substring(0, whole.length() - 1));
      last = cached;
    }
    int nanos = instant.getNano();
    if (nanos == 0) {
      return cached.text() + 'Z';
    }
    StringBuilder text = new StringBuilder(cached.text().length() + 11).append(cached.text());
    if (nanos % 1_000_000 == 0) {
      digits(text.append('.'), nanos / 1_000_000, 3);
    } else if (nanos % 1_000 == 0) {
      digits(text.append('.'), nanos / 1_000, 6);
    } else {
      digits(text.append('.'), nanos, 9);
    }
    return text.append('Z').toString();
  }

  private static void digits(StringBuilder text, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      text.append('0');
    }
    text.append(s);
  }
}
