package dev.mlopssuite.runtime.run;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.model.GoldenExample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: the lineage of one training run (ARCHITECTURE.md, "Training, evaluation,
 * gates" and "Trust chain"). Every field must be present for the lineage gate to pass.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingManifest(
    int formatVersion,
    String model,
    String version,
    Instant createdAt,
    String snapshotId,
    String featureSet,
    String featureVersion,
    List<String> featureNames,
    String labelLogicVersion,
    String codeCommit,
    String effectiveConfig,
    String configSha256,
    String trainer,
    Map<String, Object> hyperParameters,
    long seed,
    String classWeighting,
    double positiveWeight,
    double threshold,
    Split split,
    Map<String, String> libraryVersions,
    Map<String, String> artifacts,
    List<GoldenExample> goldenExamples,
    String validationPredictionsSha256,
    boolean bootstrap) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "manifest.json";

  /** Reads a manifest file, or explains what a model directory must hold. */
  public static TrainingManifest read(Path file) throws RunFormatException {
    try {
      return CanonicalJson.mapper().readValue(file.toFile(), TrainingManifest.class);
    } catch (IOException e) {
      throw new RunFormatException(
          "cannot read "
              + file
              + ": "
              + e.getMessage()
              + " (a model directory must hold the manifest.json written by mlops:train)",
          e);
    }
  }

  /** The out-of-time split: cutoff and the rows on each side. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Split(
      Instant validationFrom,
      long trainingRows,
      long validationRows,
      long purgedRows,
      long unresolvedRows,
      long trainingPositives,
      long validationPositives) {}
}
