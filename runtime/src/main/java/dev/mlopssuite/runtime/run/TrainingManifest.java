package dev.mlopssuite.runtime.run;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.model.GoldenExample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json}: the lineage of one training run (docs/formats.md, "manifest.json"). Every
 * field must be present for the lineage gate to pass. Format 2 adds {@code feature_definitions},
 * the feature definitions themselves, so that a scoring service rebuilds the features without the
 * batch configuration; format 1 files still load (their feature set comes from the recorded
 * configuration). {@code experimental} marks a run that may be evaluated but never promoted (absent
 * in older files: false).
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
    FeatureSetDefinition featureDefinitions,
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
    boolean bootstrap,
    boolean experimental) {

  public static final int FORMAT_VERSION = RunFormat.CURRENT;
  public static final String FILE_NAME = RunFormat.MANIFEST;

  /** Reads a manifest file, or explains what a model directory must hold. */
  public static TrainingManifest read(Path file) throws RunFormatException {
    try {
      return parse(java.nio.file.Files.readAllBytes(file));
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

  /** Parses manifest bytes (the bytes whose sha256 the caller checked). */
  public static TrainingManifest parse(byte[] json) throws IOException {
    return CanonicalJson.mapper().readValue(json, TrainingManifest.class);
  }

  /**
   * The rows each set got under the selection rule (docs/selection-rule.md). Format 1 has no
   * calibration fields and no exclusion counts.
   *
   * @param validationFrom the validation cutoff: first τ of the validation set
   * @param calibrationFrom first τ of the calibration slice (null without calibration); every
   *     training window closed by then
   * @param purgedRows rows whose window closed in time but whose label was known only after the
   *     cutoff (also counted in {@code excludedRows})
   * @param excludedRows resolved rows in no set, by reason
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Split(
      Instant validationFrom,
      long trainingRows,
      long validationRows,
      long purgedRows,
      long unresolvedRows,
      long trainingPositives,
      long validationPositives,
      Instant calibrationFrom,
      long calibrationRows,
      long calibrationPositives,
      Map<String, Long> excludedRows) {}
}
