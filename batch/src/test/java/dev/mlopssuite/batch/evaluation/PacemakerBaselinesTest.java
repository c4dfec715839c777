package dev.mlopssuite.batch.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.backfill.Backfill;
import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.simulate.Simulation;
import dev.mlopssuite.batch.testing.ValidationBaselines;
import dev.mlopssuite.batch.training.Train;
import dev.mlopssuite.batch.training.TrainResult;
import dev.mlopssuite.runtime.Progress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the default pacemaker example (examples/pacemaker/mlops.yaml as shipped), the trained model
 * must beat a constant predictor and the best single-feature threshold rule on PR-AUC by a clear
 * margin, measured on the matured validation rows the selection rule chose
 * (docs/selection-rule.md): at least {@value #MARGIN} times the best rule's PR-AUC.
 */
class PacemakerBaselinesTest {
  /** The margin the model must clear over the best single-feature rule (relative PR-AUC). */
  static final double MARGIN = 1.25;

  @TempDir Path work;

  @Test
  void trainedModelBeatsConstantAndSingleFeatureRules() throws Exception {
    Path example =
        Path.of(System.getProperty("user.dir"))
            .resolve("../examples/pacemaker/mlops.yaml")
            .normalize();
    LoadedConfig config =
        MlopsConfigLoader.load(
            example,
            Map.of(
                "mlops.data.workDir",
                work.toString(),
                "mlops.data.telemetry",
                work.resolve("data/telemetry.csv").toString(),
                "mlops.data.outcomes",
                work.resolve("data/outcomes.csv").toString()));
    new Simulation(config, Progress.NONE).call();
    new Backfill(config, Progress.NONE).call();
    TrainResult run =
        new Train(config, Progress.NONE)
            .codeCommit("0123456789abcdef0123456789abcdef01234567")
            .call();
    ValidationBaselines baselines = ValidationBaselines.of(config, run, work.resolve("spill"));
    assertEquals(run.manifest().split().validationRows(), baselines.rows().size());
    double model = run.validationMetrics().prAuc();
    // Isotonic calibration maps scores onto steps: ties cost some ranking, so the probability that
    // is served must clear the margin too.
    double served = run.calibratedMetrics().prAuc();
    System.out.printf(
        "PR-AUC on %,d matured validation rows: model %.4f (calibrated %.4f), constant %.4f, best"
            + " single-feature rule (%s) %.4f%n",
        baselines.rows().size(),
        model,
        served,
        baselines.constantPrAuc(),
        baselines.bestRule(),
        baselines.bestRulePrAuc());
    assertTrue(
        model > MARGIN * baselines.constantPrAuc(),
        "model " + model + " vs constant " + baselines.constantPrAuc());
    assertTrue(
        served >= MARGIN * baselines.bestRulePrAuc(),
        "calibrated " + served + " vs " + MARGIN + " × " + baselines.bestRulePrAuc());
    assertTrue(
        model >= MARGIN * baselines.bestRulePrAuc(),
        "model "
            + model
            + " vs "
            + MARGIN
            + " × "
            + baselines.bestRule()
            + " "
            + baselines.bestRulePrAuc());
  }
}
