package dev.mlopssuite.batch.data;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Literals and identifiers spliced into SQL, always quoted so that no value is read as SQL. */
public final class Sql {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private Sql() {}

  public static String text(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  public static String path(Path file) {
    return text(file.toAbsolutePath().toString());
  }

  public static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** A UTC instant as a portable TIMESTAMP literal (timestamps are stored without zone, in UTC). */
  public static String timestamp(Instant instant) {
    return "TIMESTAMP '" + TIMESTAMP.format(instant) + "'";
  }

  /**
   * Microseconds since the epoch of a TIMESTAMP expression, for time-framed windows. The one
   * dialect-specific function the label SQL needs (Spark: unix_micros, PostgreSQL: extract).
   */
  public static String epochMicros(String timestamp) {
    return "epoch_us(" + timestamp + ")";
  }

  /**
   * The TIMESTAMP of a count of microseconds since the epoch; the inverse of {@link #epochMicros}
   * (Spark: timestamp_micros, PostgreSQL: to_timestamp). {@code //} in the argument is integer
   * division (Spark: div).
   */
  public static String fromEpochMicros(String micros) {
    return "make_timestamp(" + micros + ")";
  }

  /** A duration as a standard SQL interval literal in whole seconds. */
  public static String interval(Duration duration) {
    return "INTERVAL '" + duration.toSeconds() + "' SECOND";
  }
}
