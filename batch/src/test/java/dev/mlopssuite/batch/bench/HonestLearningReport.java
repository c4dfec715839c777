package dev.mlopssuite.batch.bench;

import dev.mlopssuite.batch.backfill.Backfill;
import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.simulate.Simulation;
import dev.mlopssuite.batch.testing.ValidationBaselines;
import dev.mlopssuite.batch.training.Train;
import dev.mlopssuite.batch.training.TrainResult;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints, for the example as shipped and with overrides, the figures of a model on its matured
 * validation rows next to what it must beat (a measurement, not a test):
 *
 * <pre>
 * java -cp ... dev.mlopssuite.batch.bench.HonestLearningReport WORK_DIR examples/pacemaker/mlops.yaml \
 *     [label:key=value,key=value ...]
 * </pre>
 */
public final class HonestLearningReport {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).toAbsolutePath();
    Path example = Path.of(args[1]).toAbsolutePath();
    System.out.println(
        "| variant | trainer | PR-AUC | ROC-AUC | recall@t | precision@t | Brier raw → cal |"
            + " ECE raw → cal | constant | best rule |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for (int a = 2; a < Math.max(3, args.length); a++) {
      String label = a < args.length ? args[a].split(":", 2)[0] : "as shipped";
      Map<String, String> overrides = new HashMap<>();
      overrides.put("mlops.data.workDir", work.toString());
      overrides.put("mlops.data.telemetry", work.resolve("data/telemetry.csv").toString());
      overrides.put("mlops.data.outcomes", work.resolve("data/outcomes.csv").toString());
      if (a < args.length && args[a].contains(":")) {
        for (String pair : args[a].split(":", 2)[1].split(",")) {
          if (!pair.isBlank()) {
            String[] kv = pair.split("=", 2);
            overrides.put("mlops." + kv[0], kv[1]);
          }
        }
      }
      LoadedConfig config = MlopsConfigLoader.load(example, overrides);
      if (!Files.exists(work.resolve("data/telemetry.csv"))) {
        new Simulation(config, Progress.NONE).call();
      }
      new Backfill(config, Progress.NONE).call();
      long start = System.nanoTime();
      TrainResult run =
          new Train(config, Progress.NONE)
              .codeCommit("0123456789abcdef0123456789abcdef01234567")
              .runsDirectory(work.resolve("runs"))
              .call();
      double seconds = (System.nanoTime() - start) / 1e9;
      ValidationBaselines base = ValidationBaselines.of(config, run, work.resolve("spill"));
      BinaryMetrics raw = run.validationMetrics();
      BinaryMetrics cal = run.calibratedMetrics();
      System.out.println(
          String.format(
              Locale.ROOT,
              "| %s | %s (%.0f s) | %.3f | %.3f | %.3f | %.3f | %.4f → %.4f | %.3f → %.3f | %.3f |"
                  + " %.3f (%s) |",
              label,
              config.config().training().trainer(),
              seconds,
              raw.prAuc(),
              raw.rocAuc(),
              cal.recall(),
              cal.precision(),
              raw.brier(),
              cal.brier(),
              raw.ece(),
              cal.ece(),
              base.constantPrAuc(),
              base.bestRulePrAuc(),
              base.bestRule()));
      for (var row : cal.thresholds()) {
        System.out.println(
            String.format(
                Locale.ROOT,
                "    calibrated t=%.2f recall %.3f precision %.3f alert-days %.1f false-alarm-days"
                    + " %.1f",
                row.threshold(),
                row.recall(),
                row.precision(),
                row.alertDaysPer1000EntityDays(),
                row.falseAlarmDaysPer1000EntityDays()));
      }
      System.out.println(
          "    rows: "
              + run.manifest().split()
              + ", calibration "
              + run.manifest().goldenExamples().size());
    }
  }
}
