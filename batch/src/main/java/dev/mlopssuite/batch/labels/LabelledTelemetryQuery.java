package dev.mlopssuite.batch.labels;

import dev.mlopssuite.batch.data.InputFile;
import dev.mlopssuite.batch.data.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The label contract as SQL (docs/label-contract.md), plus the per-row validation that decides
 * which telemetry rows may be labelled at all.
 *
 * <p>{@link #acceptedRows} is one streaming statement: valid telemetry rows and usable failures (f
 * ≤ W, confirmed by T) are merged into one stream per entity. A window framed by time, {@code RANGE
 * BETWEEN 1 FOLLOWING AND H FOLLOWING} in microseconds, holds exactly the failures in (τ, τ + H]: f
 * = τ is left out and f = τ + H kept, as the contract requires. Its {@code MIN}s give whether a
 * failure is there and the earliest confirmation among them ({@code label_resolved_at}). Entities
 * never mix because the window is partitioned by entity. Only window functions are used (no
 * engine-specific ASOF join), so the statement also runs on Spark or PostgreSQL.
 *
 * <p>{@link #rejectedRows} names every problem of every other row. Both agree on duplicates: of the
 * valid rows sharing (entity, time), the one with the lowest line is kept.
 */
public final class LabelledTelemetryQuery {
  /** Reason codes, each the prefix of a reason text. */
  public static final List<String> REASON_CODES =
      List.of(
          "null_value",
          "wrong_type",
          "non_finite",
          ValueLimits.OUT_OF_RANGE,
          TimestampText.NO_TIME_ZONE,
          "duplicate_key",
          "future_timestamp",
          InputFile.MALFORMED_ROW);

  private final TelemetrySchema schema;
  private final LabelParameters parameters;
  private final LabelScope scope;
  private final boolean sourceHasLabels;
  private final Map<String, String> sourceTypes;
  private final ValueLimits limits;
  private final TimestampText timestamps;

  /**
   * @param sourceHasLabels the source is a parent snapshot: rows outside {@code scope} keep its
   *     label columns
   * @param sourceTypes SQL types of a typed source's columns (Parquet), used as they are; empty for
   *     a text source (CSV), whose every value is parsed
   */
  public LabelledTelemetryQuery(
      TelemetrySchema schema,
      LabelParameters parameters,
      LabelScope scope,
      boolean sourceHasLabels,
      Map<String, String> sourceTypes,
      ValueLimits limits,
      TimestampText timestamps) {
    if (!scope.isEverything() && !sourceHasLabels) {
      throw new IllegalArgumentException(
          "a partial backfill needs a parent snapshot to keep the other rows from");
    }
    this.schema = schema;
    this.parameters = parameters;
    this.scope = scope;
    this.sourceHasLabels = sourceHasLabels;
    this.sourceTypes = Map.copyOf(sourceTypes);
    this.limits = limits;
    this.timestamps = timestamps;
  }

  /**
   * The snapshot rows: accepted telemetry with the schema's own column names and the label columns.
   *
   * @param failuresTable relation (entity, f, confirmed_at, source) of usable failures, one row per
   *     (entity, f)
   */
  public String acceptedRows(String sourceView, String failuresTable) {
    List<String> values = values();
    String h = Sql.interval(parameters.horizon());
    String w = Sql.timestamp(parameters.watermark());
    String old =
        sourceHasLabels
            ? ", " + String.join(", ", LabelContract.COLUMNS.stream().map(c -> "old_" + c).toList())
            : "";
    String nullOld =
        sourceHasLabels
            ? ", CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR), CAST(NULL AS TIMESTAMP), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR)"
            : "";
    List<String> nullValues = values.stream().map(v -> "CAST(NULL AS DOUBLE)").toList();
    // (τ, τ + H] in microseconds: "1 FOLLOWING" leaves out f = τ, "H FOLLOWING" keeps f = τ + H.
    String window =
        "PARTITION BY entity ORDER BY ts_us RANGE BETWEEN 1 FOLLOWING AND "
            + parameters.horizon().toNanos() / 1000
            + " FOLLOWING";
    // The same partition and order as the window above, so the engine sorts the stream once.
    String peers = "PARTITION BY entity ORDER BY ts_us RANGE BETWEEN CURRENT ROW AND CURRENT ROW";

    // Every usable failure has a confirmation, so a code in the window means a failure there.
    String positive = "window_source_code IS NOT NULL";
    String negative = "ts + " + h + " <= " + w;
    String label =
        scoped("CASE WHEN " + positive + " THEN 1 WHEN " + negative + " THEN 0 END", "old_label");
    String status =
        scoped(
            "CASE WHEN "
                + positive
                + " OR "
                + negative
                + " THEN '"
                + LabelContract.RESOLVED
                + "' ELSE '"
                + LabelContract.UNRESOLVED
                + "' END",
            "old_label_status");
    // A positive is known as soon as any failure in its window was confirmed; a negative when its
    // window closed.
    String resolvedAt =
        scoped(
            "CASE WHEN "
                + positive
                + " THEN "
                + Sql.fromEpochMicros("window_source_code // 2")
                + " WHEN "
                + negative
                + " THEN ts + "
                + h
                + " END",
            "old_label_resolved_at");
    String source =
        scoped(
            "CASE WHEN "
                + positive
                + " THEN CASE WHEN window_source_code % 2 = 1 THEN 'simulator_outcome' ELSE"
                + " 'observed_outcome' END WHEN "
                + negative
                + " THEN "
                + Sql.text(parameters.negativeSource())
                + " END",
            "old_label_source");
    String logic = scoped(Sql.text(LabelContract.LOGIC_VERSION), "old_label_logic_version");

    List<String> output = new ArrayList<>();
    output.add("entity AS " + id(schema.entityColumn()));
    output.add("ts AS " + id(schema.timeColumn()));
    for (int i = 0; i < values.size(); i++) {
      output.add("v_" + i + " AS " + id(values.get(i)));
    }
    output.add(label + " AS " + LabelContract.LABEL);
    output.add(status + " AS " + LabelContract.STATUS);
    output.add(resolvedAt + " AS " + LabelContract.RESOLVED_AT);
    output.add(source + " AS " + LabelContract.SOURCE);
    output.add(logic + " AS " + LabelContract.LOGIC_VERSION_COLUMN);

    return "WITH parsed AS ("
        + parsed(sourceView)
        + "),\n"
        + "events AS (\n"
        + "  SELECT line, entity, ts, "
        + Sql.epochMicros("ts")
        + " AS ts_us, 1 AS kind, "
        + valueList()
        + old
        + ", CAST(NULL AS BIGINT) AS source_code FROM parsed WHERE "
        + valid()
        + "\n"
        + "  UNION ALL\n"
        + "  SELECT NULL, entity, f, "
        + Sql.epochMicros("f")
        + ", 0, "
        + String.join(", ", nullValues)
        + nullOld
        // The earliest confirmation and its source in one MIN, so that the window is computed
        // once (a second MIN over the same frame costs a third more time): the source rides in
        // the lowest bit, and a tie in confirmation time prefers observed over simulated outcomes.
        + ", "
        + Sql.epochMicros("confirmed_at")
        + " * 2 + CASE WHEN source = 'simulator_outcome' THEN 1 ELSE 0 END FROM "
        + failuresTable
        + "),\n"
        + "windowed AS (SELECT *,\n"
        + "  MIN(source_code) OVER ("
        + window
        + ") AS window_source_code,\n"
        // Of the valid rows sharing (entity, time), the one with the lowest line is kept.
        + "  MIN(CASE WHEN kind = 1 THEN line END) OVER ("
        + peers
        + ") AS first_line\n"
        + "  FROM events),\n"
        + "kept AS (SELECT * FROM windowed WHERE kind = 1 AND line = first_line)\n"
        + "SELECT "
        + String.join(", ", output)
        + " FROM kept";
  }

  /** {@code line, reason} of every row {@link #acceptedRows} leaves out, every problem named. */
  public String rejectedRows(String sourceView) {
    List<String> values = values();
    String t = Sql.timestamp(parameters.asOf());
    List<String> problems = new ArrayList<>();
    problems.add(
        "CASE WHEN entity IS NULL THEN "
            + Sql.text("null_value: " + schema.entityColumn() + " is empty")
            + " END");
    problems.add(
        "CASE WHEN raw_ts IS NULL THEN "
            + Sql.text("null_value: " + schema.timeColumn() + " is empty")
            + " WHEN ts IS NULL AND "
            + timestamps.missingZoneReason("raw_ts", schema.timeColumn())
            + " IS NOT NULL THEN "
            + timestamps.missingZoneReason("raw_ts", schema.timeColumn())
            + " WHEN ts IS NULL THEN "
            + Sql.text("wrong_type: " + schema.timeColumn() + "='")
            + " || CAST(raw_ts AS VARCHAR) || ''' is not an ISO-8601 timestamp'"
            + " WHEN ts > "
            + t
            + " THEN "
            + Sql.text("future_timestamp: " + schema.timeColumn() + "=")
            + " || CAST(ts AS VARCHAR) || "
            + Sql.text(" is after the as-of time " + parameters.asOf())
            + " END");
    for (int i = 0; i < values.size(); i++) {
      String name = values.get(i);
      problems.add(
          "CASE WHEN raw_"
              + i
              + " IS NULL THEN "
              + Sql.text("null_value: " + name + " is empty")
              + " WHEN v_"
              + i
              + " IS NULL THEN "
              + Sql.text("wrong_type: " + name + "='")
              + " || CAST(raw_"
              + i
              + " AS VARCHAR) || ''' is not a number'"
              + " WHEN isnan(v_"
              + i
              + ") OR isinf(v_"
              + i
              + ") THEN "
              + Sql.text("non_finite: " + name + "=")
              + " || CAST(v_"
              + i
              + " AS VARCHAR) WHEN NOT ("
              + inRange(i)
              + ") THEN "
              + Sql.text(ValueLimits.OUT_OF_RANGE + ": " + name + "=")
              + " || CAST(v_"
              + i
              + " AS VARCHAR) || "
              + Sql.text(
                  " is outside "
                      + limits.describe(name)
                      + " or beyond ±"
                      + limits.maxAbsolute()
                      + "; fix the reading, or widen validation.ranges."
                      + name
                      + " / validation.maxAbsoluteValue")
              + " END");
    }
    // Valid rows sort before invalid ones with the same key, so a duplicate is always reported on a
    // later copy and the first valid row of a key is the one kept.
    String order = "PARTITION BY entity ORDER BY ts, NOT is_valid, line";
    return "WITH parsed AS ("
        + parsed(sourceView)
        + "),\n"
        + "checked AS (SELECT line, entity, ts, COALESCE("
        + valid()
        + ", FALSE) AS is_valid,\n"
        + "  concat_ws('; ', "
        + String.join(", ", problems)
        + ") AS problem FROM parsed),\n"
        + "windowed AS (SELECT *, LAG(CASE WHEN is_valid THEN ts END) OVER ("
        + order
        + ") AS previous_valid_ts,\n"
        + "  LAG(line) OVER ("
        + order
        + ") AS previous_line FROM checked)\n"
        + "SELECT line, CASE WHEN is_valid THEN 'duplicate_key: (' || entity || ', ' || CAST(ts AS VARCHAR) || ') repeats line '"
        + " || CAST(previous_line AS VARCHAR) ELSE problem END AS reason FROM windowed\n"
        + "WHERE NOT is_valid OR previous_valid_ts = ts";
  }

  private List<String> values() {
    return schema.valueColumns();
  }

  private String valueList() {
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < values().size(); i++) {
      columns.add("v_" + i);
    }
    return String.join(", ", columns);
  }

  private String parsed(String sourceView) {
    List<String> values = values();
    List<String> parsed = new ArrayList<>();
    parsed.add("line");
    parsed.add(id(schema.timeColumn()) + " AS raw_ts");
    // Text from CSV is trimmed; a typed string key (Parquet) is taken as it is, only empty refused.
    parsed.add(
        ("VARCHAR".equals(sourceTypes.get(schema.entityColumn()))
                ? "NULLIF(" + id(schema.entityColumn()) + ", '')"
                : "NULLIF(TRIM(CAST(" + id(schema.entityColumn()) + " AS VARCHAR)), '')")
            + " AS entity");
    parsed.add(
        timestampExpression(schema.timeColumn(), sourceTypes.get(schema.timeColumn())) + " AS ts");
    for (int i = 0; i < values.size(); i++) {
      parsed.add(id(values.get(i)) + " AS raw_" + i);
      String type = sourceTypes.get(values.get(i));
      parsed.add(
          ("DOUBLE".equals(type)
                  ? id(values.get(i))
                  : "TRY_CAST(" + id(values.get(i)) + " AS DOUBLE)")
              + " AS v_"
              + i);
    }
    if (sourceHasLabels) {
      LabelContract.COLUMNS.forEach(column -> parsed.add(id(column) + " AS old_" + column));
    }
    return "SELECT " + String.join(", ", parsed) + " FROM " + sourceView;
  }

  /** True only for a row that may be labelled; NULL (unknown) counts as not valid. */
  private String valid() {
    List<String> valid = new ArrayList<>();
    valid.add("entity IS NOT NULL");
    valid.add("ts IS NOT NULL");
    valid.add("ts <= " + Sql.timestamp(parameters.asOf()));
    for (int i = 0; i < values().size(); i++) {
      valid.add(validValue(i));
    }
    return "(" + String.join(" AND ", valid) + ")";
  }

  /**
   * Finite, within the column's range and within the magnitude limit, as one BETWEEN so that the
   * value is referenced (and, from CSV, parsed) once per row: NaN sorts above every number and
   * ±Infinity lie beyond ±maxAbsolute, so both fall outside. NULL for a NULL value.
   */
  private String validValue(int i) {
    String name = values().get(i);
    double low = -limits.maxAbsolute();
    double high = limits.maxAbsolute();
    if (limits.min().containsKey(name)) {
      low = Math.max(low, limits.min().get(name));
    }
    if (limits.max().containsKey(name)) {
      high = Math.min(high, limits.max().get(name));
    }
    return "v_" + i + " BETWEEN " + low + " AND " + high;
  }

  /** Within the column's range and the magnitude limit; NULL for a NULL value. */
  private String inRange(int i) {
    String name = values().get(i);
    String v = "v_" + i;
    StringBuilder sql = new StringBuilder("abs(" + v + ") <= " + limits.maxAbsolute());
    if (limits.min().containsKey(name)) {
      sql.append(" AND ").append(v).append(" >= ").append(limits.min().get(name));
    }
    if (limits.max().containsKey(name)) {
      sql.append(" AND ").append(v).append(" <= ").append(limits.max().get(name));
    }
    return sql.toString();
  }

  /** In a partial backfill, rows outside the scope keep their parent's value. */
  private String scoped(String newValue, String oldColumn) {
    return sourceHasLabels
        ? "CASE WHEN " + scope.predicate() + " THEN " + newValue + " ELSE " + oldColumn + " END"
        : newValue;
  }

  /**
   * Text is parsed offset-aware (an instant with +02:00 becomes UTC; one without an offset only
   * with data.timezone); a typed timestamp is taken as UTC.
   */
  private String timestampExpression(String column, String type) {
    if ("TIMESTAMP".equals(type)) {
      return id(column);
    }
    if ("TIMESTAMP WITH TIME ZONE".equals(type)) {
      return "CAST(" + id(column) + " AS TIMESTAMP)";
    }
    return timestamps.parse(id(column));
  }

  private static String id(String name) {
    return Sql.identifier(name);
  }
}
