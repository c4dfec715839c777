package dev.mlopssuite.batch.evaluation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.backfill.Backfill;
import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.simulate.Simulation;
import dev.mlopssuite.batch.training.ResolvedRows;
import dev.mlopssuite.batch.training.Train;
import dev.mlopssuite.batch.training.TrainResult;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.metrics.ScoredRows;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the default pacemaker example (examples/pacemaker/mlops.yaml as shipped), the trained model
 * must beat a constant predictor and the best single-feature threshold rule on PR-AUC, measured on
 * the same validation rows. The single-feature rule gets every feature in both directions and keeps
 * the best: a deliberately strong baseline.
 */
class PacemakerBaselinesTest {
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
    TrainResult run = new Train(config, Progress.NONE).codeCommit("test").call();
    double model = run.validationMetrics().prAuc();

    ResolvedRows validation;
    try (DuckDbSession db = DuckDbSession.open(work.resolve("spill"))) {
      ResolvedRows all =
          ResolvedRows.read(
              db,
              work.resolve("snapshots")
                  .resolve(run.manifest().snapshotId())
                  .resolve("data.parquet"),
              new FeatureEngine(config.config().features()),
              "device_id",
              "ts",
              Progress.NONE);
      long cutoff = run.manifest().split().validationFrom().toEpochMilli();
      validation =
          all.subset(
              IntStream.range(0, all.size()).filter(i -> all.millis()[i] >= cutoff).toArray());
    }
    double constant = prAuc(validation, new double[validation.size()]);
    List<String> names = config.config().features().featureNames();
    double bestRule = 0;
    String bestName = "";
    for (int f = 0; f < names.size(); f++) {
      for (int sign : new int[] {1, -1}) {
        double[] raw = new double[validation.size()];
        for (int i = 0; i < raw.length; i++) {
          raw[i] = sign * validation.features()[i][f];
        }
        double score = prAuc(validation, rankScaled(raw));
        if (score > bestRule) {
          bestRule = score;
          bestName = (sign > 0 ? "high " : "low ") + names.get(f);
        }
      }
    }
    System.out.printf(
        "PR-AUC on %,d validation rows: model %.4f, constant %.4f, best single-feature rule (%s) %.4f%n",
        validation.size(), model, constant, bestName, bestRule);
    assertTrue(model > constant, "model " + model + " vs constant " + constant);
    assertTrue(model > bestRule, "model " + model + " vs " + bestName + " " + bestRule);
  }

  private static double prAuc(ResolvedRows rows, double[] scores) {
    return BinaryMetrics.of(
            new ScoredRows(scores, rows.labels(), rows.entities(), rows.millis()), 0.5, 15)
        .prAuc();
  }

  /**
   * A threshold rule only needs an order: map the feature to (0, 1] by rank so it is a valid score.
   */
  private static double[] rankScaled(double[] values) {
    Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] out = new double[values.length];
    for (int r = 0; r < order.length; r++) {
      int i = order[r];
      // ties keep one value so they form one threshold
      out[i] =
          r > 0 && values[order[r - 1]] == values[i]
              ? out[order[r - 1]]
              : (r + 1.0) / values.length;
    }
    return out;
  }
}
