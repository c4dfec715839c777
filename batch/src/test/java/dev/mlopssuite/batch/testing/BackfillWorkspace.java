package dev.mlopssuite.batch.testing;

import dev.mlopssuite.batch.backfill.Backfill;
import dev.mlopssuite.batch.backfill.BackfillResult;
import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.data.Sql;
import dev.mlopssuite.batch.snapshot.SnapshotManifest;
import dev.mlopssuite.runtime.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directory with an mlops.yaml, a telemetry CSV and an outcomes CSV, for tests that run the real
 * backfill. Shared with other modules through mlops-core's test-jar.
 */
public final class BackfillWorkspace {
  public static final String HEADER = "device_id,ts,battery_voltage,heart_rate";
  public static final String OUTCOME_HEADER =
      "device_id,failure_ts,confirmed_at,failure_mode,source";

  private final Path dir;
  private final List<String> telemetry = new ArrayList<>();
  private final List<String> outcomes = new ArrayList<>();
  private String extraYaml = "";

  public BackfillWorkspace(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** A healthy telemetry row. */
  public BackfillWorkspace row(String entity, String ts) {
    return rawRow(entity + "," + ts + ",2.8,70");
  }

  public BackfillWorkspace rawRow(String csvLine) {
    telemetry.add(csvLine);
    return this;
  }

  public BackfillWorkspace failure(String entity, String failureTs, String confirmedAt) {
    outcomes.add(
        entity + "," + failureTs + "," + confirmedAt + ",battery_depletion,simulator_outcome");
    return this;
  }

  public BackfillWorkspace failure(String entity, String failureTs) {
    return failure(entity, failureTs, failureTs);
  }

  public BackfillWorkspace rawOutcome(String csvLine) {
    outcomes.add(csvLine);
    return this;
  }

  /** Extra top-level YAML appended to the config (e.g. a validation section). */
  public BackfillWorkspace yaml(String yaml) {
    this.extraYaml = yaml;
    return this;
  }

  public Path writeInputs() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(
        dir.resolve("data/telemetry.csv"), HEADER + "\n" + String.join("\n", telemetry) + "\n");
    Files.writeString(
        dir.resolve("data/outcomes.csv"),
        OUTCOME_HEADER + "\n" + String.join("\n", outcomes) + "\n");
    Path config = dir.resolve("mlops.yaml");
    Files.writeString(
        config,
        """
        model: test-model
        entityColumn: device_id
        timeColumn: ts
        horizon: P7D
        data:
          telemetry: data/telemetry.csv
          outcomes: data/outcomes.csv
          valueColumns: [battery_voltage, heart_rate]
          negativeLabelSource: simulator_outcome
          workDir: work
        validation:
          maxRejectedFraction: 1.0
        """
            + extraYaml);
    return config;
  }

  public LoadedConfig config(Map<String, String> overrides) throws Exception {
    return MlopsConfigLoader.load(writeInputs(), overrides);
  }

  public BackfillResult backfill(Map<String, String> overrides) throws Exception {
    return new Backfill(config(overrides), Progress.NONE).call();
  }

  /** The rows of a snapshot keyed by "entity|ISO ts". */
  public static Map<String, LabelRow> rows(Path snapshotDirectory) throws Exception {
    Map<String, LabelRow> rows = new TreeMap<>();
    try (DuckDbSession db =
        DuckDbSession.open(snapshotDirectory.getParent().resolve(".spill-test"))) {
      for (Map<String, Object> row :
          db.queryRows(
              "SELECT device_id, epoch_ms(ts) AS ts, label, label_status,"
                  + " epoch_ms(label_resolved_at) AS resolved_at, label_source, label_logic_version FROM read_parquet("
                  + Sql.path(snapshotDirectory.resolve(SnapshotManifest.DATA_FILE))
                  + ")")) {
        Instant ts = Instant.ofEpochMilli(((Number) row.get("ts")).longValue());
        Object resolvedAt = row.get("resolved_at");
        rows.put(
            row.get("device_id") + "|" + ts,
            new LabelRow(
                row.get("label") == null ? null : ((Number) row.get("label")).intValue(),
                (String) row.get("label_status"),
                resolvedAt == null ? null : Instant.ofEpochMilli(((Number) resolvedAt).longValue()),
                (String) row.get("label_source"),
                (String) row.get("label_logic_version")));
      }
    }
    return rows;
  }

  /** One row's label columns. */
  public record LabelRow(
      Integer label, String status, Instant resolvedAt, String source, String logicVersion) {}
}
