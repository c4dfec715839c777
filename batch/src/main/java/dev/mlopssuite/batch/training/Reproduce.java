package dev.mlopssuite.batch.training;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.config.TrainingConfig;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.model.GoldenExample;
import dev.mlopssuite.runtime.run.TrainingManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mlops:train -Dmlops.reproduce=.../manifest.json}: retrains from the snapshot, the
 * configuration and the seed the manifest recorded (not from today's mlops.yaml) into {@code
 * reproductions/}, and reports whether the golden examples and the validation predictions are
 * identical, bit for bit.
 */
public final class Reproduce {
  private final LoadedConfig current;
  private final Path manifestFile;
  private final Progress progress;

  public Reproduce(LoadedConfig current, Path manifestFile, Progress progress) {
    this.current = current;
    this.manifestFile = manifestFile;
    this.progress = progress;
  }

  public ReproductionResult call() throws MlopsException {
    TrainingManifest original = TrainingManifest.read(manifestFile);
    MlopsConfig recorded =
        MlopsConfigLoader.parse(original.effectiveConfig(), current.baseDirectory()).config();
    TrainingConfig t = recorded.training();
    // The recorded snapshot id, not whatever 'latest' means today.
    TrainingConfig pinned =
        new TrainingConfig(
            original.snapshotId(),
            t.trainer(),
            t.hyperParameters(),
            t.seed(),
            t.validationFraction(),
            t.calibration(),
            t.calibrationFraction(),
            t.classWeighting(),
            t.threshold(),
            t.eceBins(),
            t.goldenExamples(),
            false,
            t.champion(),
            t.policy(),
            t.bootstrap(),
            t.failOnGate(),
            t.experimental());
    MlopsConfig config = recorded.withTraining(pinned);
    // Snapshots are found where this project keeps them now.
    config = config.withData(current.config().data());
    String yaml = MlopsConfigLoader.toYaml(config);
    LoadedConfig loaded =
        new LoadedConfig(config, current.baseDirectory(), yaml, CanonicalJson.sha256(config));
    progress.report(
        "reproduce: retraining "
            + original.version()
            + " from snapshot "
            + original.snapshotId()
            + ", seed "
            + t.seed(),
        0,
        -1);
    TrainResult again =
        new Train(loaded, progress)
            .codeCommit(original.codeCommit())
            .runsDirectory(current.workDirectory().resolve("reproductions"))
            .call();
    List<String> differences = new ArrayList<>();
    boolean golden = again.manifest().goldenExamples().equals(original.goldenExamples());
    if (!golden) {
      differences.add(
          "golden examples differ: recorded "
              + original.goldenExamples().stream().map(GoldenExample::probability).toList()
              + ", reproduced "
              + again.manifest().goldenExamples().stream()
                  .map(GoldenExample::probability)
                  .toList());
    }
    boolean predictions =
        again
            .manifest()
            .validationPredictionsSha256()
            .equals(original.validationPredictionsSha256());
    if (!predictions) {
      differences.add(
          "validation predictions differ (sha256 "
              + original.validationPredictionsSha256().substring(0, 12)
              + " vs "
              + again.manifest().validationPredictionsSha256().substring(0, 12)
              + ")");
    }
    return new ReproductionResult(
        manifestFile.getParent(), again.runDirectory(), golden, predictions, differences);
  }
}
