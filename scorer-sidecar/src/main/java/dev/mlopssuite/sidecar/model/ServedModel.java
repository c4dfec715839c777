package dev.mlopssuite.sidecar.model;

import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.model.Calibrator;
import dev.mlopssuite.runtime.model.RiskModel;
import dev.mlopssuite.runtime.run.RunVerification;
import dev.mlopssuite.runtime.run.TrainingManifest;

/**
 * One verified, loaded model version as the sidecar serves it, with the lineage every response and
 * prediction record carries (docs/scorer-sidecar.md).
 *
 * @param model the model's name (its folder under models/ in the model repository)
 * @param version the version CHAMPION named
 * @param manifestSha256 sha256 of its manifest.json, as the signed promotion records it
 * @param commit the model repository commit it was loaded from
 * @param trainingRun the training run (the manifest's version)
 * @param snapshotId the snapshot it was trained on
 * @param featureVersion its feature version
 * @param features the feature definitions (manifest format 2)
 * @param riskModel the loaded model (raw probability)
 * @param calibrator its calibrator
 * @param calibratedUsed whether the verdict judged (and so the service serves) the calibrated
 *     probability
 * @param threshold the risk threshold: a served probability at or above it flags the entity
 */
public record ServedModel(
    String model,
    String version,
    String manifestSha256,
    String commit,
    String trainingRun,
    String snapshotId,
    String featureVersion,
    FeatureSetDefinition features,
    RiskModel riskModel,
    Calibrator calibrator,
    boolean calibratedUsed,
    double threshold) {

  /**
   * A verified run served as {@code version} of {@code model}: its lineage (training run, snapshot,
   * feature version, threshold) and loaded parts come from the run itself.
   *
   * @param manifestSha256 the manifest's sha256 the run was verified against
   */
  public static ServedModel of(
      String model,
      String version,
      String manifestSha256,
      String commit,
      RunVerification run,
      boolean calibratedUsed) {
    TrainingManifest manifest = run.manifest();
    return new ServedModel(
        model,
        version,
        manifestSha256,
        commit,
        manifest.version(),
        manifest.snapshotId(),
        manifest.featureVersion(),
        run.featureSet(),
        run.model(),
        run.calibrator(),
        calibratedUsed,
        manifest.threshold());
  }

  /** The probability the service returns for a raw model output. */
  public double served(double raw) {
    return calibratedUsed ? calibrator.apply(raw) : raw;
  }
}
