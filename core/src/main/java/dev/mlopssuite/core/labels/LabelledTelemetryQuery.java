package dev.mlopssuite.core.labels;

import dev.mlopssuite.core.data.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * The label contract as one SQL statement (ARCHITECTURE.md, "Label contract"), fused with the
 * per-row validation so that a backfill reads and sorts its telemetry once.
 *
 * <p>Telemetry rows and usable failures (f ≤ W, confirmed by T) are merged into one stream per
 * entity ordered by (time, failures before telemetry at the same instant). The first failure
 * strictly after τ is then {@code MIN(f)} over the following rows: a failure at f = τ sorts before
 * the row and is excluded, as the contract requires, and entities never mix because the window is
 * partitioned by entity. Only window functions are used (no engine-specific ASOF join), so the
 * statement also runs on Spark or PostgreSQL.
 *
 * <p>The result table has one row per telemetry row: {@code line}, {@code reason} (empty when the
 * row is accepted; otherwise every problem found, '; '-separated, each starting with its code),
 * {@code entity}, {@code ts}, {@code v_0..v_n} and the label columns.
 */
public final class LabelledTelemetryQuery {
  /** Reason codes, each the prefix of a reason text. */
  public static final List<String> REASON_CODES =
      List.of("null_value", "wrong_type", "non_finite", "duplicate_key", "future_timestamp");

  private final TelemetrySchema schema;
  private final LabelParameters parameters;
  private final LabelScope scope;
  private final boolean sourceHasLabels;

  /**
   * @param sourceHasLabels the source is a parent snapshot: rows outside {@code scope} keep its
   *     label columns
   */
  public LabelledTelemetryQuery(TelemetrySchema schema, LabelParameters parameters, LabelScope scope, boolean sourceHasLabels) {
    if (!scope.isEverything() && !sourceHasLabels) {
      throw new IllegalArgumentException("a partial backfill needs a parent snapshot to keep the other rows from");
    }
    this.schema = schema;
    this.parameters = parameters;
    this.scope = scope;
    this.sourceHasLabels = sourceHasLabels;
  }

  /**
   * @param sourceView relation with {@code line} and the schema's columns
   * @param failuresTable relation (entity, f, confirmed_at, source) of usable failures, one row per
   *     (entity, f)
   */
  public String createTable(String table, String sourceView, String failuresTable) {
    List<String> values = schema.valueColumns();
    String t = Sql.timestamp(parameters.asOf());
    String w = Sql.timestamp(parameters.watermark());
    String h = Sql.interval(parameters.horizon());

    List<String> parsed = new ArrayList<>();
    parsed.add("line");
    parsed.add(id(schema.entityColumn()) + " AS raw_entity");
    parsed.add(id(schema.timeColumn()) + " AS raw_ts");
    parsed.add("NULLIF(TRIM(CAST(" + id(schema.entityColumn()) + " AS VARCHAR)), '') AS entity");
    parsed.add("CAST(TRY_CAST(" + id(schema.timeColumn()) + " AS TIMESTAMPTZ) AS TIMESTAMP) AS ts");
    for (int i = 0; i < values.size(); i++) {
      parsed.add(id(values.get(i)) + " AS raw_" + i);
      parsed.add("TRY_CAST(" + id(values.get(i)) + " AS DOUBLE) AS v_" + i);
    }
    if (sourceHasLabels) {
      LabelContract.COLUMNS.forEach(column -> parsed.add(id(column) + " AS old_" + column));
    }

    List<String> problems = new ArrayList<>();
    problems.add("CASE WHEN entity IS NULL THEN " + Sql.text("null_value: " + schema.entityColumn() + " is empty") + " END");
    problems.add("CASE WHEN raw_ts IS NULL THEN " + Sql.text("null_value: " + schema.timeColumn() + " is empty")
        + " WHEN ts IS NULL THEN " + Sql.text("wrong_type: " + schema.timeColumn() + "='")
        + " || CAST(raw_ts AS VARCHAR) || ''' is not an ISO-8601 timestamp'"
        + " WHEN ts > " + t + " THEN " + Sql.text("future_timestamp: " + schema.timeColumn() + "=")
        + " || CAST(ts AS VARCHAR) || " + Sql.text(" is after the as-of time " + parameters.asOf()) + " END");
    for (int i = 0; i < values.size(); i++) {
      String name = values.get(i);
      problems.add("CASE WHEN raw_" + i + " IS NULL THEN " + Sql.text("null_value: " + name + " is empty")
          + " WHEN v_" + i + " IS NULL THEN " + Sql.text("wrong_type: " + name + "='")
          + " || CAST(raw_" + i + " AS VARCHAR) || ''' is not a number'"
          + " WHEN isnan(v_" + i + ") OR isinf(v_" + i + ") THEN " + Sql.text("non_finite: " + name + "=")
          + " || CAST(v_" + i + " AS VARCHAR) END");
    }

    List<String> valueColumns = new ArrayList<>();
    List<String> nullValues = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      valueColumns.add("v_" + i);
      nullValues.add("CAST(NULL AS DOUBLE) AS v_" + i);
    }
    String oldColumns = sourceHasLabels ? ", old_label, old_label_status, old_label_resolved_at, old_label_source, old_label_logic_version" : "";
    String nullOldColumns = sourceHasLabels
        ? ", CAST(NULL AS INTEGER), CAST(NULL AS VARCHAR), CAST(NULL AS TIMESTAMP), CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR)"
        : "";

    // Valid rows sort before invalid ones with the same key, so a duplicate is always reported on a
    // later copy and the first valid row of a key is the one kept.
    String order = "PARTITION BY entity ORDER BY ts, kind, problem <> '', line";
    String positive = "next_failure IS NOT NULL AND next_failure <= ts + " + h;
    String negative = "ts + " + h + " <= " + w;
    String newLabel = "CASE WHEN " + positive + " THEN 1 WHEN " + negative + " THEN 0 END";
    String newStatus = "CASE WHEN " + positive + " OR " + negative + " THEN '" + LabelContract.RESOLVED + "' ELSE '" + LabelContract.UNRESOLVED + "' END";
    // A positive is known when its failure was confirmed; a negative when its window closed.
    String newResolvedAt = "CASE WHEN " + positive + " THEN next_confirmed_at WHEN " + negative + " THEN ts + " + h + " END";
    String newSource = "CASE WHEN " + positive + " THEN next_source WHEN " + negative + " THEN " + Sql.text(parameters.negativeSource()) + " END";
    String version = Sql.text(LabelContract.LOGIC_VERSION);

    String inScope = scope.predicate();
    String label = sourceHasLabels ? "CASE WHEN " + inScope + " THEN " + newLabel + " ELSE old_label END" : newLabel;
    String status = sourceHasLabels ? "CASE WHEN " + inScope + " THEN " + newStatus + " ELSE old_label_status END" : newStatus;
    String resolvedAt = sourceHasLabels ? "CASE WHEN " + inScope + " THEN " + newResolvedAt + " ELSE old_label_resolved_at END" : newResolvedAt;
    String source = sourceHasLabels ? "CASE WHEN " + inScope + " THEN " + newSource + " ELSE old_label_source END" : newSource;
    String logic = sourceHasLabels ? "CASE WHEN " + inScope + " THEN " + version + " ELSE old_label_logic_version END" : version;

    String vs = String.join(", ", valueColumns);
    return "CREATE OR REPLACE TEMP TABLE " + table + " AS\n"
        + "WITH parsed AS (SELECT " + String.join(", ", parsed) + " FROM " + sourceView + "),\n"
        + "checked AS (SELECT line, entity, ts, " + vs + oldColumns + ", concat_ws('; ', " + String.join(", ", problems) + ") AS problem FROM parsed),\n"
        + "events AS (\n"
        + "  SELECT line, entity, ts, 1 AS kind, problem, " + vs + oldColumns + ", CAST(NULL AS TIMESTAMP) AS f FROM checked\n"
        + "  UNION ALL\n"
        + "  SELECT NULL, entity, f, 0, '', " + String.join(", ", nullValues) + nullOldColumns + ", f FROM " + failuresTable + "),\n"
        + "windowed AS (SELECT *,\n"
        + "  MIN(f) OVER (" + order + " ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_failure,\n"
        + "  LAG(ts) OVER (" + order + ") AS previous_ts,\n"
        + "  LAG(kind) OVER (" + order + ") AS previous_kind,\n"
        + "  LAG(line) OVER (" + order + ") AS previous_line\n"
        + "  FROM events),\n"
        + "joined AS (SELECT wd.*, fl.confirmed_at AS next_confirmed_at, fl.source AS next_source FROM windowed wd"
        + " LEFT JOIN " + failuresTable + " fl ON fl.entity = wd.entity AND fl.f = wd.next_failure WHERE wd.kind = 1)\n"
        + "SELECT line, entity, ts, " + vs + ",\n"
        + "  CASE WHEN problem = '' AND previous_kind = 1 AND previous_ts = ts"
        + " THEN 'duplicate_key: (' || entity || ', ' || CAST(ts AS VARCHAR) || ') repeats line ' || CAST(previous_line AS VARCHAR)"
        + " ELSE problem END AS reason,\n"
        + "  " + label + " AS " + LabelContract.LABEL + ",\n"
        + "  " + status + " AS " + LabelContract.STATUS + ",\n"
        + "  " + resolvedAt + " AS " + LabelContract.RESOLVED_AT + ",\n"
        + "  " + source + " AS " + LabelContract.SOURCE + ",\n"
        + "  " + logic + " AS " + LabelContract.LOGIC_VERSION_COLUMN + "\n"
        + "FROM joined";
  }

  /** Selects the accepted rows of the result table with the schema's own column names. */
  public String acceptedRows(String table) {
    List<String> columns = new ArrayList<>();
    columns.add("entity AS " + id(schema.entityColumn()));
    columns.add("ts AS " + id(schema.timeColumn()));
    for (int i = 0; i < schema.valueColumns().size(); i++) {
      columns.add("v_" + i + " AS " + id(schema.valueColumns().get(i)));
    }
    LabelContract.COLUMNS.forEach(column -> columns.add(id(column)));
    return "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE reason = ''";
  }

  private static String id(String name) {
    return Sql.identifier(name);
  }
}
