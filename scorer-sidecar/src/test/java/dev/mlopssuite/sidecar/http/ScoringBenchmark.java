package dev.mlopssuite.sidecar.http;

import dev.mlopssuite.runtime.model.RiskModel;
import dev.mlopssuite.sidecar.Sidecar;
import dev.mlopssuite.sidecar.config.SidecarConfig;
import dev.mlopssuite.sidecar.log.DailyPredictionLog;
import dev.mlopssuite.sidecar.log.PredictionLog;
import dev.mlopssuite.sidecar.log.PredictionLogSettings;
import dev.mlopssuite.sidecar.model.ServedModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.eclipse.jgit.util.FileUtils;

/**
 * Prints the sidecar's scoring figures (docs/scorer-sidecar.md, "Benchmark"), with wrk as the
 * client: single-row infer throughput and p50/p99 at a fixed concurrency against the HTTP floor
 * (GET /v2/health/live on the same server), and a 1,000-row batch infer's rows/s against in-process
 * {@link RiskModel#probabilities} on the same rows, once with the prediction log writing to disk
 * (as served) and once with a log that keeps nothing (the scoring path alone). No assertions:
 * figures depend on the machine.
 *
 * <p>Each ratio is taken within one round, from measurements made one after the other, and the
 * rounds' median is the figure: on a shared virtual machine the speed of the host drifts by 10–20%
 * over a minute, which compared a quiet in-process measurement with a busy server measurement, or
 * the other way round, when each was made once. Single-row infer is compared with the mean of the
 * floor measured just before and just after it, so that a drift during the three cancels.
 *
 * <p>Run, in a JVM of its own, once the other modules are installed ({@code ./mvnw install
 * -DskipTests}): {@code ./mvnw -q -pl scorer-sidecar test-compile exec:exec -Dexec.executable=java
 * -Dexec.classpathScope=test "-Dexec.args=-cp %classpath
 * dev.mlopssuite.sidecar.http.ScoringBenchmark 8 5 3"} (single-row concurrency, seconds per
 * measurement, rounds). Needs {@code wrk} on the PATH.
 */
public final class ScoringBenchmark {
  private ScoringBenchmark() {}

  /** One round's measurements; the floor is measured just before and just after single-row. */
  private record Round(
      Wrk.Result floor,
      Wrk.Result floorAfter,
      Wrk.Result single,
      double inProcessRowsPerSecond,
      Wrk.Result batchInMemory,
      Wrk.Result batchOnDisk) {
    /** Against the mean of the two floors around it, so drift during the pair cancels. */
    double singleToFloor() {
      return single.requestsPerSecond() / floorRequestsPerSecond();
    }

    double floorRequestsPerSecond() {
      return (floor.requestsPerSecond() + floorAfter.requestsPerSecond()) / 2;
    }

    double batchOnDiskToInProcess() {
      return batchOnDisk.requestsPerSecond() * BATCH_ROWS / inProcessRowsPerSecond;
    }

    double batchInMemoryToInProcess() {
      return batchInMemory.requestsPerSecond() * BATCH_ROWS / inProcessRowsPerSecond;
    }
  }

  private static final int BATCH_ROWS = 1000;
  private static final int BATCH_CONNECTIONS = 2; // one request per core

  public static void main(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    if (!Wrk.installed()) {
      throw new IllegalStateException("wrk is not installed: apt-get install wrk");
    }
    System.out.printf(
        "cores %d, wrk with 1 thread, %d s per measurement, %d rounds%n",
        Runtime.getRuntime().availableProcessors(), seconds, rounds);
    Path tmp = Files.createTempDirectory("sidecar-bench");
    SidecarFixture.MemoryLog memory = new SidecarFixture.MemoryLog();
    memory.discarding.set(true);
    // The real prediction log, as served with sidecar.yaml's defaults: every row is serialised,
    // written to disk and forced each flush interval.
    PredictionLogSettings logSettings =
        Sidecar.predictionLogSettings(
            new SidecarConfig.PredictionLogConfig(tmp.resolve("predictions"), null, null));
    System.out.printf("prediction log flushed every %s%n", logSettings.flushInterval());
    try (DailyPredictionLog log = DailyPredictionLog.open(logSettings);
        SidecarFixture onDisk = fixture(tmp.resolve("disk"), log);
        SidecarFixture inMemory = fixture(tmp.resolve("memory"), memory)) {
      ServedModel served = onDisk.served;
      List<String> features = served.features().featureNames();
      double[][] batchRows = ScoringServerTest.rows(features, BATCH_ROWS, 2);
      Path batch =
          Wrk.postScript(
              tmp.resolve("batch.lua"), ScoringServerTest.inferBody(features, batchRows));
      Path one =
          Wrk.postScript(
              tmp.resolve("one.lua"),
              ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 1, 1)));
      List<Round> done = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        // The first round warms up as long as it measures: on two cores the JIT's C2 compiler
        // alone takes seconds. Later rounds only settle the connections.
        int warmUp = r == 1 ? seconds : 1;
        Wrk.Result floor =
            measure(onDisk.uri("/v2/health/live"), concurrency, seconds, warmUp, null);
        Wrk.Result single = measure(infer(onDisk), concurrency, seconds, warmUp, one);
        Wrk.Result floorAfter =
            measure(onDisk.uri("/v2/health/live"), concurrency, seconds, 1, null);
        double inProcess = inProcessRowsPerSecond(served.riskModel(), batchRows, seconds, warmUp);
        Wrk.Result mem = measure(infer(inMemory), BATCH_CONNECTIONS, seconds, warmUp, batch);
        Wrk.Result disk = measure(infer(onDisk), BATCH_CONNECTIONS, seconds, warmUp, batch);
        Round round = new Round(floor, floorAfter, single, inProcess, mem, disk);
        done.add(round);
        System.out.printf("round %d%n", r);
        print("GET /v2/health/live (HTTP floor)", floor, 1);
        print("POST infer, 1 row", single, 1);
        print("GET /v2/health/live (HTTP floor, again)", floorAfter, 1);
        System.out.printf("%-46s %10.0f rows/s%n", "in-process RiskModel.probabilities", inProcess);
        print("POST infer, 1,000 rows, log keeps nothing (c=2)", mem, BATCH_ROWS);
        print("POST infer, 1,000 rows, log on disk (c=2)", disk, BATCH_ROWS);
        System.out.printf(
            "  single-row / floor %.2f x; 1,000 rows / in-process: %.2f x on disk, %.2f x"
                + " logging nothing%n",
            round.singleToFloor(),
            round.batchOnDiskToInProcess(),
            round.batchInMemoryToInProcess());
      }
      System.out.printf(
          "median of %d rounds [min, max]: single-row / floor %s; 1,000 rows / in-process %s on"
              + " disk, %s logging nothing%n",
          rounds,
          summary(done, Round::singleToFloor),
          summary(done, Round::batchOnDiskToInProcess),
          summary(done, Round::batchInMemoryToInProcess));
    } finally {
      FileUtils.delete(tmp.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
    }
  }

  private static String summary(List<Round> rounds, ToDoubleFunction<Round> ratio) {
    double[] values = rounds.stream().mapToDouble(ratio).sorted().toArray();
    int n = values.length;
    double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    return String.format("%.2f x [%.2f, %.2f]", median, values[0], values[n - 1]);
  }

  private static URI infer(SidecarFixture sidecar) {
    return sidecar.uri("/v2/models/" + sidecar.served.model() + "/infer");
  }

  private static SidecarFixture fixture(Path dir, PredictionLog log) throws Exception {
    Files.createDirectories(dir);
    SidecarFixture sidecar = new SidecarFixture(dir, ScoringServer.DEFAULT_MAX_BODY_BYTES, log);
    sidecar.alerts.discarding.set(true); // the real sink keeps only alerts, and on its own threads
    return sidecar;
  }

  private static Wrk.Result measure(
      URI url, int connections, int seconds, int warmUpSeconds, Path script)
      throws IOException, InterruptedException {
    // Dirty pages of earlier runs are written now, not during this measurement.
    new ProcessBuilder("sync").inheritIO().start().waitFor();
    Wrk.run(url, 1, connections, warmUpSeconds, script);
    Wrk.Result result = Wrk.run(url, 1, connections, seconds, script);
    if (!result.allSucceeded()) {
      throw new IllegalStateException("requests failed during the benchmark:\n" + result.output());
    }
    return result;
  }

  private static double inProcessRowsPerSecond(
      RiskModel model, double[][] rows, int seconds, int warmUpSeconds) {
    long end = System.nanoTime() + warmUpSeconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      model.probabilities(rows);
    }
    int batches = 0;
    long start = System.nanoTime();
    end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      model.probabilities(rows);
      batches++;
    }
    return batches * (double) rows.length / ((System.nanoTime() - start) / 1e9);
  }

  private static void print(String what, Wrk.Result r, int rowsPerRequest) {
    System.out.printf(
        "%-46s %10.0f req/s %10.0f rows/s  p50 %.3f ms  p99 %.3f ms%n",
        what,
        r.requestsPerSecond(),
        r.requestsPerSecond() * rowsPerRequest,
        r.percentileMillis(50),
        r.percentileMillis(99));
  }
}
