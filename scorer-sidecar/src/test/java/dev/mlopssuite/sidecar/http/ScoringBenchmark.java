package dev.mlopssuite.sidecar.http;

import dev.mlopssuite.runtime.model.RiskModel;
import dev.mlopssuite.sidecar.log.DailyPredictionLog;
import dev.mlopssuite.sidecar.log.PredictionLog;
import dev.mlopssuite.sidecar.log.PredictionLogSettings;
import dev.mlopssuite.sidecar.model.ServedModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.util.FileUtils;

/**
 * Prints the sidecar's scoring figures (docs/scorer-sidecar.md, "Benchmark"), with wrk as the
 * client: single-row infer throughput and p50/p99 at a fixed concurrency against the HTTP floor
 * (GET /v2/health/live on the same server), and a 1,000-row batch infer's rows/s against in-process
 * {@link RiskModel#probabilities} on the same rows, once with the prediction log writing to disk
 * (as served) and once with it keeping records in memory (the scoring path alone). No assertions:
 * figures depend on the machine.
 *
 * <p>Run, in a JVM of its own, once the other modules are installed ({@code ./mvnw install
 * -DskipTests}): {@code ./mvnw -q -pl scorer-sidecar test-compile exec:exec -Dexec.executable=java
 * -Dexec.classpathScope=test "-Dexec.args=-cp %classpath
 * dev.mlopssuite.sidecar.http.ScoringBenchmark 8 5"} (concurrency and seconds per measurement).
 * Needs {@code wrk} on the PATH.
 */
public final class ScoringBenchmark {
  private ScoringBenchmark() {}

  public static void main(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    if (!Wrk.installed()) {
      throw new IllegalStateException("wrk is not installed: apt-get install wrk");
    }
    System.out.printf(
        "cores %d, wrk with 1 thread, %d s per measurement after a warm-up as long%n",
        Runtime.getRuntime().availableProcessors(), seconds);
    Path tmp = Files.createTempDirectory("sidecar-bench");
    try {
      // In-process first, on a quiet machine: later runs leave the kernel writing back log files.
      ServedModel served =
          SidecarFixture.servedModel(Files.createDirectories(tmp.resolve("model")));
      List<String> features = served.features().featureNames();
      double[][] batchRows = ScoringServerTest.rows(features, 1000, 2);
      double inProcess = inProcessRowsPerSecond(served.riskModel(), batchRows, seconds);
      System.out.printf("%-46s %10.0f rows/s%n", "in-process RiskModel.probabilities", inProcess);
      String batchBody = ScoringServerTest.inferBody(features, batchRows);
      Path batch = Wrk.postScript(tmp.resolve("batch.lua"), batchBody);
      Path one =
          Wrk.postScript(
              tmp.resolve("one.lua"),
              ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 1, 1)));

      double inMemory;
      SidecarFixture.MemoryLog memory = new SidecarFixture.MemoryLog();
      memory.discarding.set(true);
      try (SidecarFixture sidecar = fixture(tmp.resolve("memory"), memory)) {
        Wrk.Result mem = measure(infer(sidecar), 2, seconds, batch);
        print("POST infer, 1,000 rows, log in memory (c=2)", mem, 1000);
        inMemory = mem.requestsPerSecond() * 1000;
      }

      double onDisk;
      // The real prediction log, as served: every row's record is serialised and written to disk.
      try (DailyPredictionLog log =
              DailyPredictionLog.open(PredictionLogSettings.defaults(tmp.resolve("predictions")));
          SidecarFixture sidecar = fixture(tmp.resolve("disk"), log)) {
        Wrk.Result floor = measure(sidecar.uri("/v2/health/live"), concurrency, seconds, null);
        print("GET /v2/health/live (HTTP floor)", floor, 1);
        Wrk.Result single = measure(infer(sidecar), concurrency, seconds, one);
        print("POST infer, 1 row", single, 1);
        System.out.printf(
            "  single-row infer / floor: %.2f x throughput%n",
            single.requestsPerSecond() / floor.requestsPerSecond());
        Wrk.Result disk = measure(infer(sidecar), 2, seconds, batch);
        print("POST infer, 1,000 rows, log on disk (c=2)", disk, 1000);
        onDisk = disk.requestsPerSecond() * 1000;
      }
      System.out.printf(
          "  1,000-row infer / in-process: %.2f x with the log on disk, %.2f x with it in memory%n",
          onDisk / inProcess, inMemory / inProcess);
    } finally {
      FileUtils.delete(tmp.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
    }
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

  private static Wrk.Result measure(URI url, int connections, int seconds, Path script)
      throws IOException, InterruptedException {
    // Dirty pages of earlier runs are written now, not during this measurement.
    new ProcessBuilder("sync").inheritIO().start().waitFor();
    // Warm-up as long as the measurement: on two cores the JIT's C2 compiler alone takes seconds.
    Wrk.run(url, 1, connections, seconds, script);
    Wrk.Result result = Wrk.run(url, 1, connections, seconds, script);
    if (!result.allSucceeded()) {
      throw new IllegalStateException("requests failed during the benchmark:\n" + result.output());
    }
    return result;
  }

  private static double inProcessRowsPerSecond(RiskModel model, double[][] rows, int seconds) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
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
