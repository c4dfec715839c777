package dev.mlopssuite.batch.training;

import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.run.TrainingManifest;
import java.nio.file.Path;

/**
 * A finished training run.
 *
 * @param validationMetrics the challenger's raw probabilities on its validation rows, or null when
 *     its outputs were not valid probabilities (the integrity gate then fails)
 * @param calibratedMetrics the calibrated probabilities on the same rows (equal to the raw ones
 *     with {@code calibration: none})
 */
public record TrainResult(
    Path runDirectory,
    TrainingManifest manifest,
    BinaryMetrics validationMetrics,
    BinaryMetrics calibratedMetrics) {

  /** The content of {@code results/train.json} (docs/formats.md, "Goal result files"). */
  public java.util.Map<String, Object> summary() {
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("goal", "train");
    out.put("run_directory", runDirectory.toAbsolutePath().toString());
    out.put("version", manifest.version());
    out.put(
        "manifest_sha256",
        dev.mlopssuite.runtime.lineage.Sha256.ofFileUnchecked(
            runDirectory.resolve(TrainingManifest.FILE_NAME)));
    out.put("snapshot_id", manifest.snapshotId());
    out.put("split", manifest.split());
    return out;
  }
}
