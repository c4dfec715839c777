package dev.mlopssuite.batch.labels;

import dev.mlopssuite.batch.data.Sql;

/**
 * How timestamp text becomes a UTC instant (README.md, "Bad input"). Text with an offset, Z or a
 * zone name is exact. Text without one (2026-01-01T00:00:00) is read in {@code data.timezone}; with
 * no such zone it is rejected, because silently taking it as UTC shifts every label by the offset.
 *
 * @param zone IANA zone for text without an offset, or null to reject such text
 */
public record TimestampText(String zone) {
  public static final String NO_TIME_ZONE = "no_time_zone";

  /**
   * A zone follows the time of day: Z, an offset (+02, +0200, +02:00) or a name (Europe/Berlin).
   * The time part is required so that a date's "-01" is never mistaken for an offset.
   */
  private static final String ZONED =
      ":[0-9]{2}(\\.[0-9]+)?\\s*([zZ]|[+-][0-9]{2}(:?[0-9]{2})?|[A-Za-z][A-Za-z_/+-]*)\\s*$";

  /** SQL: the text as a UTC TIMESTAMP, or NULL when it is no timestamp or has no zone. */
  public String parse(String text) {
    String exact = "CAST(TRY_CAST(" + text + " AS TIMESTAMPTZ) AS TIMESTAMP)";
    String local =
        zone == null
            ? "CAST(NULL AS TIMESTAMP)"
            : "CAST(timezone("
                + Sql.text(zone)
                + ", TRY_CAST("
                + text
                + " AS TIMESTAMP)) AS TIMESTAMP)";
    return "CASE WHEN " + hasZone(text) + " THEN " + exact + " ELSE " + local + " END";
  }

  /**
   * SQL: the reason text when a value is a timestamp only lacking its zone, else NULL.
   *
   * @param column the column name for the message
   */
  public String missingZoneReason(String text, String column) {
    if (zone != null) {
      return "CAST(NULL AS VARCHAR)";
    }
    return "CASE WHEN NOT "
        + hasZone(text)
        + " AND TRY_CAST("
        + text
        + " AS TIMESTAMP) IS NOT NULL THEN "
        + Sql.text(NO_TIME_ZONE + ": " + column + "='")
        + " || CAST("
        + text
        + " AS VARCHAR) || "
        + Sql.text(
            "' has no time zone; set data.timezone or write an offset (e.g."
                + " 2026-01-01T00:00:00Z)")
        + " END";
  }

  /** Most text ends in Z; only the rest pays for the regular expression. */
  private static String hasZone(String text) {
    String varchar = "CAST(" + text + " AS VARCHAR)";
    return "CASE WHEN right("
        + varchar
        + ", 1) IN ('Z', 'z') THEN TRUE ELSE regexp_matches("
        + varchar
        + ", "
        + Sql.text(ZONED)
        + ") END";
  }
}
