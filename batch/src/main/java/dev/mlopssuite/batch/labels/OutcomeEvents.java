package dev.mlopssuite.batch.labels;

import dev.mlopssuite.batch.data.DataException;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.data.InputFile;
import dev.mlopssuite.batch.data.Sql;
import java.util.List;
import java.util.Map;

/**
 * Validates the outcome events and selects the failures the label contract may use: confirmed by
 * the as-of time T and at or before the watermark W (docs/label-contract.md: "a failure after the
 * watermark is not used"). Bad events are rejected with a reason, never dropped.
 */
public final class OutcomeEvents {
  public static final List<String> REASON_CODES =
      List.of(
          "null_value",
          "wrong_type",
          "confirmed_before_failure",
          "unknown_source",
          TimestampText.NO_TIME_ZONE,
          "duplicate_key",
          InputFile.MALFORMED_ROW);

  private final OutcomeColumns columns;
  private final TimestampText timestamps;

  public OutcomeEvents(OutcomeColumns columns, TimestampText timestamps) {
    this.columns = columns;
    this.timestamps = timestamps;
  }

  /**
   * Creates {@code checkedTable} (line, reason, entity, f, confirmed_at, source) and {@code
   * failuresTable} (entity, f, confirmed_at, source) of usable failures, one per (entity, f).
   */
  public void createTables(
      DuckDbSession db,
      String sourceView,
      String checkedTable,
      String failuresTable,
      LabelParameters parameters)
      throws DataException {
    Map<String, String> present = db.columns(sourceView);
    for (String required : List.of(columns.entityColumn(), columns.failureTimeColumn())) {
      if (!present.containsKey(required)) {
        throw new DataException(
            "the outcomes file has no column '"
                + required
                + "' (it has "
                + present.keySet()
                + "): rename the column or set data.outcomeTimeColumn / entityColumn in mlops.yaml");
      }
    }
    String entity = Sql.identifier(columns.entityColumn());
    String failure = Sql.identifier(columns.failureTimeColumn());
    if (!columns.confirmationIsFailureTime() && !present.containsKey(columns.confirmedAtColumn())) {
      // Taking f as its own confirmation would resolve positives before anyone knew of them.
      throw new DataException(
          "the outcomes file has no confirmation column '"
              + columns.confirmedAtColumn()
              + "' (it has "
              + present.keySet()
              + "): add it, name the column holding when each failure became known in"
              + " data.confirmedAtColumn, or set data.confirmationIsFailureTime: true if failures"
              + " are known the moment they happen");
    }
    String confirmedRaw =
        columns.confirmationIsFailureTime() ? failure : Sql.identifier(columns.confirmedAtColumn());
    String sourceRaw =
        present.containsKey(columns.sourceColumn())
            ? Sql.identifier(columns.sourceColumn())
            : "'observed_outcome'";
    String f = columns.failureTimeColumn();
    String c = columns.confirmationIsFailureTime() ? f : columns.confirmedAtColumn();
    db.execute(
        "CREATE OR REPLACE TEMP TABLE "
            + checkedTable
            + " AS\n"
            + "WITH parsed AS (SELECT line, NULLIF(TRIM(CAST("
            + entity
            + " AS VARCHAR)), '') AS entity,\n"
            + "  "
            + failure
            + " AS raw_f, "
            + timestamps.parse(failure)
            + " AS f,\n"
            + "  "
            + confirmedRaw
            + " AS raw_c, "
            + timestamps.parse(confirmedRaw)
            + " AS confirmed_at,\n"
            + "  NULLIF(TRIM(CAST("
            + sourceRaw
            + " AS VARCHAR)), '') AS source FROM "
            + sourceView
            + "),\n"
            + "checked AS (SELECT *, concat_ws('; ',\n"
            + "  CASE WHEN entity IS NULL THEN "
            + Sql.text("null_value: " + columns.entityColumn() + " is empty")
            + " END,\n"
            + "  CASE WHEN raw_f IS NULL THEN "
            + Sql.text("null_value: " + f + " is empty")
            + " WHEN f IS NULL AND "
            + timestamps.missingZoneReason("raw_f", f)
            + " IS NOT NULL THEN "
            + timestamps.missingZoneReason("raw_f", f)
            + " WHEN f IS NULL THEN "
            + Sql.text("wrong_type: " + f + "='")
            + " || CAST(raw_f AS VARCHAR) || ''' is not an ISO-8601 timestamp' END,\n"
            + "  CASE WHEN raw_c IS NULL THEN "
            + Sql.text("null_value: " + c + " is empty")
            + " WHEN confirmed_at IS NULL AND "
            + timestamps.missingZoneReason("raw_c", c)
            + " IS NOT NULL THEN "
            + timestamps.missingZoneReason("raw_c", c)
            + " WHEN confirmed_at IS NULL THEN "
            + Sql.text("wrong_type: " + c + "='")
            + " || CAST(raw_c AS VARCHAR) || ''' is not an ISO-8601 timestamp'"
            + " WHEN f IS NOT NULL AND confirmed_at < f THEN "
            + Sql.text("confirmed_before_failure: " + c + " is before " + f)
            + " END,\n"
            + "  CASE WHEN source IS NULL OR source NOT IN ('observed_outcome', 'simulator_outcome') THEN "
            + Sql.text("unknown_source: '")
            + " || COALESCE(source, '') || ''' is not observed_outcome or simulator_outcome' END\n"
            + ") AS problem FROM parsed)\n"
            + "SELECT line, entity, f, confirmed_at, source,\n"
            + "  CASE WHEN problem = '' AND ROW_NUMBER() OVER (PARTITION BY entity, f ORDER BY problem <> '', confirmed_at, line) > 1"
            + " THEN 'duplicate_key: (' || entity || ', ' || CAST(f AS VARCHAR) || ') is listed twice' ELSE problem END AS reason\n"
            + "FROM checked");
    db.execute(
        "CREATE OR REPLACE TEMP TABLE "
            + failuresTable
            + " AS SELECT entity, f, confirmed_at, source FROM "
            + checkedTable
            + " WHERE reason = '' AND f <= "
            + Sql.timestamp(parameters.watermark())
            + " AND confirmed_at <= "
            + Sql.timestamp(parameters.asOf()));
  }
}
