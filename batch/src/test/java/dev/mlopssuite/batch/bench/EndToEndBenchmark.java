package dev.mlopssuite.batch.bench;

import dev.mlopssuite.batch.backfill.Backfill;
import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.evaluation.Evaluate;
import dev.mlopssuite.batch.evaluation.EvaluationResult;
import dev.mlopssuite.batch.publish.StagedDirectory;
import dev.mlopssuite.batch.simulate.Simulation;
import dev.mlopssuite.batch.training.Train;
import dev.mlopssuite.batch.training.TrainResult;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Benchmark (prints figures; not a test): simulate → backfill → train → evaluate on about a million
 * telemetry rows, once with logistic regression and once with XGBoost, with wall time, peak heap
 * and peak resident memory per stage. Run: {@code ./mvnw -B -pl core -Pbenchmark verify} (README,
 * "Benchmarks"). Arguments: work directory, devices (1,000), days (42): 1,000 × 42 × 24 = 1,008,000
 * rows.
 */
public final class EndToEndBenchmark {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]).toAbsolutePath();
    int devices = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 42;
    for (String trainer : new String[] {"logistic_regression", "xgboost"}) {
      Path dir = work.resolve(trainer);
      StagedDirectory.deleteRecursively(dir);
      Files.createDirectories(dir);
      Files.copy(
          Path.of(System.getProperty("user.dir"))
              .resolve("../examples/pacemaker/mlops.yaml")
              .normalize(),
          dir.resolve("mlops.yaml"));
      Files.copy(
          Path.of(System.getProperty("user.dir"))
              .resolve("../examples/pacemaker/policy.yaml")
              .normalize(),
          dir.resolve("policy.yaml"));
      LoadedConfig config =
          MlopsConfigLoader.load(
              dir.resolve("mlops.yaml"),
              Map.of(
                  "mlops.simulator.devices",
                  String.valueOf(devices),
                  "mlops.simulator.days",
                  String.valueOf(days),
                  "mlops.training.trainer",
                  trainer,
                  "mlops.training.failOnGate",
                  "false"));
      Map<String, long[]> stages = new LinkedHashMap<>();
      long total = System.nanoTime();
      stage(stages, "simulate", () -> new Simulation(config, Progress.NONE).call());
      stage(stages, "backfill", () -> new Backfill(config, Progress.NONE).call());
      TrainResult[] run = new TrainResult[1];
      stage(
          stages,
          "train",
          () -> run[0] = new Train(config, Progress.NONE).codeCommit("benchmark").call());
      EvaluationResult[] evaluation = new EvaluationResult[1];
      stage(
          stages,
          "evaluate",
          () ->
              evaluation[0] =
                  new Evaluate(config, Progress.NONE).run(run[0].runDirectory()).call());
      long totalMillis = (System.nanoTime() - total) / 1_000_000;
      System.out.printf(
          "%n%s on %,d telemetry rows (%,d training rows, %,d validation rows)%n",
          trainer,
          (long) devices * days * 24,
          run[0].manifest().split().trainingRows(),
          run[0].manifest().split().validationRows());
      stages.forEach(
          (name, figures) ->
              System.out.printf(
                  "  %-9s %,8d ms   peak heap %,6d MiB   peak resident %6s MiB%n",
                  name, figures[0], figures[1] >> 20, HeapPeak.mebibytes(figures[2])));
      System.out.printf(
          "  %-9s %,8d ms   (target for logistic regression: under 60,000 ms)%n",
          "total", totalMillis);
      var m = evaluation[0].challenger();
      System.out.printf(
          "  validation PR-AUC %.4f, ROC-AUC %.4f, recall %.3f, precision %.3f; verdict %s%n",
          m.prAuc(),
          m.rocAuc(),
          m.recall(),
          m.precision(),
          evaluation[0].verdict().passed()
              ? "passed"
              : "failed "
                  + evaluation[0].verdict().failures().stream().map(g -> g.name()).toList());
    }
  }

  private interface Stage {
    void run() throws MlopsException;
  }

  private static void stage(Map<String, long[]> stages, String name, Stage stage)
      throws MlopsException {
    HeapPeak.reset();
    long start = System.nanoTime();
    stage.run();
    long peak = HeapPeak.bytes();
    long resident = HeapPeak.residentBytes();
    stages.put(name, new long[] {(System.nanoTime() - start) / 1_000_000, peak, resident});
  }
}
