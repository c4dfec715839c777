package dev.mlopssuite.batch.backfill;

import dev.mlopssuite.batch.snapshot.SnapshotManifest;
import java.nio.file.Path;
import java.util.Map;

/**
 * The outcome of a backfill.
 *
 * @param reused true when a snapshot with the same id already existed (an idempotent rerun)
 * @param exportedCsv the label CSV written for -Dmlops.exportCsv, or null
 * @param stageMillis wall time of each stage, in order, for progress reports and benchmarks
 */
public record BackfillResult(
    SnapshotManifest snapshot,
    Path directory,
    boolean reused,
    InputSummary telemetry,
    InputSummary outcomes,
    Path exportedCsv,
    Map<String, Long> stageMillis) {

  /** The content of {@code results/backfill.json} (docs/formats.md, "Goal result files"). */
  public Map<String, Object> summary() {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("goal", "backfill");
    out.put("snapshot_id", snapshot.id());
    out.put("directory", directory.toAbsolutePath().toString());
    out.put("reused", reused);
    out.put("as_of", snapshot.asOf());
    out.put("watermark", snapshot.watermark());
    out.put("row_counts", snapshot.rowCounts());
    return out;
  }
}
