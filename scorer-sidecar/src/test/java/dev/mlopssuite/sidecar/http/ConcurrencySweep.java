package dev.mlopssuite.sidecar.http;

import dev.mlopssuite.sidecar.Sidecar;
import dev.mlopssuite.sidecar.config.SidecarConfig;
import dev.mlopssuite.sidecar.log.DailyPredictionLog;
import dev.mlopssuite.sidecar.log.PredictionLogSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.util.FileUtils;

/**
 * Single-row infer against the HTTP floor at several concurrencies, on the same server and log as
 * {@link ScoringBenchmark} (docs/scorer-sidecar.md, "Benchmark"): the ratio the benchmark reports
 * at one concurrency, seen across them. No assertions: figures depend on the machine.
 *
 * <p>Run like {@link ScoringBenchmark}, with the class {@code
 * dev.mlopssuite.sidecar.http.ConcurrencySweep} and the arguments seconds per measurement, rounds,
 * then the concurrencies (default {@code 4 3 1 2 4 8 16}). Needs {@code wrk} on the PATH.
 */
public final class ConcurrencySweep {
  private ConcurrencySweep() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int[] concurrencies =
        args.length > 2
            ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 2, 4, 8, 16};
    if (!Wrk.installed()) {
      throw new IllegalStateException("wrk is not installed: apt-get install wrk");
    }
    Path tmp = Files.createTempDirectory("sidecar-sweep");
    PredictionLogSettings logSettings =
        Sidecar.predictionLogSettings(
            new SidecarConfig.PredictionLogConfig(tmp.resolve("predictions"), null, null));
    try (DailyPredictionLog log = DailyPredictionLog.open(logSettings);
        SidecarFixture sidecar = fixture(tmp.resolve("disk"), log)) {
      List<String> features = sidecar.served.features().featureNames();
      Path one =
          Wrk.postScript(
              tmp.resolve("one.lua"),
              ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 1, 1)));
      URI floor = sidecar.uri("/v2/health/live");
      URI infer = sidecar.uri("/v2/models/" + sidecar.served.model() + "/infer");
      // Warm up as long as a round: on two cores the JIT's C2 compiler alone takes seconds.
      Wrk.run(floor, 1, 8, seconds * 2, null);
      Wrk.run(infer, 1, 8, seconds * 2, one);
      System.out.printf(
          "cores %d, wrk with 1 thread, %d s per measurement, %d rounds, median [min, max]%n",
          Runtime.getRuntime().availableProcessors(), seconds, rounds);
      System.out.printf(
          "%12s %12s %12s %24s%n",
          "connections", "floor req/s", "infer req/s", "single-row / floor");
      for (int c : concurrencies) {
        double[] ratios = new double[rounds];
        double floorSum = 0;
        double inferSum = 0;
        for (int r = 0; r < rounds; r++) {
          double before = measure(floor, c, seconds, null);
          double single = measure(infer, c, seconds, one);
          double after = measure(floor, c, seconds, null);
          ratios[r] = single / ((before + after) / 2);
          floorSum += (before + after) / 2;
          inferSum += single;
        }
        Arrays.sort(ratios);
        double median =
            rounds % 2 == 1
                ? ratios[rounds / 2]
                : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
        System.out.printf(
            "%12d %12.0f %12.0f %10.2f x [%.2f, %.2f]%n",
            c, floorSum / rounds, inferSum / rounds, median, ratios[0], ratios[rounds - 1]);
      }
    } finally {
      FileUtils.delete(tmp.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
    }
  }

  private static double measure(URI url, int connections, int seconds, Path script)
      throws Exception {
    Wrk.run(url, 1, connections, 1, script); // settle the connections
    Wrk.Result result = Wrk.run(url, 1, connections, seconds, script);
    if (!result.allSucceeded()) {
      throw new IllegalStateException("requests failed during the sweep:\n" + result.output());
    }
    return result.requestsPerSecond();
  }

  private static SidecarFixture fixture(Path dir, DailyPredictionLog log) throws Exception {
    Files.createDirectories(dir);
    SidecarFixture sidecar = new SidecarFixture(dir, ScoringServer.DEFAULT_MAX_BODY_BYTES, log);
    sidecar.alerts.discarding.set(true);
    return sidecar;
  }
}
