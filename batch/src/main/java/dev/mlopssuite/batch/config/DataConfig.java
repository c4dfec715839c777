package dev.mlopssuite.batch.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mlopssuite.runtime.ConfigValueException;
import java.time.ZoneId;
import java.util.List;

/**
 * Where the telemetry and the outcome events are, and their columns. Paths are relative to the
 * directory of mlops.yaml. See docs/configuration.md.
 *
 * @param telemetry telemetry file (.csv or .parquet), one row per (entity, time)
 * @param outcomes confirmed failure events (.csv or .parquet)
 * @param valueColumns numeric telemetry columns kept in snapshots (non-null, finite)
 * @param outcomeTimeColumn column of the outcome file holding the failure time f
 * @param confirmedAtColumn column holding when the failure was confirmed (known); a failure
 *     confirmed after the as-of time is not yet known
 * @param sourceColumn column naming where the outcome came from
 *     (observed_outcome|simulator_outcome)
 * @param negativeLabelSource label_source recorded on negatives, which no single event resolves
 * @param workDir where snapshots, rejected rows and reports go
 * @param timezone IANA zone (e.g. Europe/Berlin) in which timestamps written without an offset are
 *     read; absent: such timestamps are rejected, since guessing a zone shifts every label
 * @param confirmationIsFailureTime true when the outcomes have no confirmation column because a
 *     failure is known the moment it happens (default false: the column is required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataConfig(
    String telemetry,
    String outcomes,
    List<String> valueColumns,
    String outcomeTimeColumn,
    String confirmedAtColumn,
    String sourceColumn,
    String negativeLabelSource,
    String workDir,
    String timezone,
    Boolean confirmationIsFailureTime) {

  public DataConfig {
    ConfigChecks.required("telemetry", telemetry, "the telemetry file, e.g. data/telemetry.csv");
    ConfigChecks.required("outcomes", outcomes, "the outcome events file, e.g. data/outcomes.csv");
    if (valueColumns == null || valueColumns.isEmpty()) {
      throw new ConfigValueException(
          "valueColumns",
          valueColumns,
          "list the numeric telemetry columns, e.g. [battery_voltage]");
    }
    valueColumns = List.copyOf(valueColumns);
    for (String column : valueColumns) {
      ConfigChecks.sqlIdentifier("valueColumns", column);
    }
    if (valueColumns.size() != valueColumns.stream().distinct().count()) {
      throw new ConfigValueException("valueColumns", valueColumns, "list each column once");
    }
    outcomeTimeColumn =
        ConfigChecks.identifierOrDefault("outcomeTimeColumn", outcomeTimeColumn, "failure_ts");
    confirmedAtColumn =
        ConfigChecks.identifierOrDefault("confirmedAtColumn", confirmedAtColumn, "confirmed_at");
    sourceColumn = ConfigChecks.identifierOrDefault("sourceColumn", sourceColumn, "source");
    negativeLabelSource = negativeLabelSource == null ? "observed_outcome" : negativeLabelSource;
    ConfigChecks.labelSource("negativeLabelSource", negativeLabelSource);
    workDir = workDir == null ? "target/mlops" : workDir;
    if (timezone != null && !ZoneId.getAvailableZoneIds().contains(timezone)) {
      throw new ConfigValueException(
          "timezone",
          timezone,
          "use an IANA time zone id such as UTC or Europe/Berlin (an offset like +02:00 ignores"
              + " daylight saving time: write it into the timestamps instead)");
    }
    confirmationIsFailureTime = confirmationIsFailureTime != null && confirmationIsFailureTime;
  }
}
