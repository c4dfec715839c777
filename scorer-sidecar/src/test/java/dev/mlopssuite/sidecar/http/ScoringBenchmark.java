package dev.mlopssuite.sidecar.http;

import dev.mlopssuite.runtime.model.RiskModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prints the sidecar's scoring figures (docs/scorer-sidecar.md, "Endpoints and metrics"):
 * single-row infer throughput and p50/p99 at a fixed concurrency against the HTTP floor (GET
 * /v2/health/live on the same server), and a 1,000-row batch infer's rows/s against in-process
 * {@link RiskModel#probabilities} on the same rows. No assertions: figures depend on the machine.
 *
 * <p>Run: {@code ./mvnw -o -pl scorer-sidecar test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.mlopssuite.sidecar.http.ScoringBenchmark [-Dexec.args="<concurrency>
 * <seconds>"]}.
 */
public final class ScoringBenchmark {
  private ScoringBenchmark() {}

  public static void main(String[] args) throws Exception {
    int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    Path tmp = Files.createTempDirectory("sidecar-bench");
    try (SidecarFixture sidecar = new SidecarFixture(tmp)) {
      sidecar.log.discarding.set(true);
      String m = sidecar.served.model();
      List<String> features = sidecar.served.features().featureNames();
      URI live = sidecar.uri("/v2/health/live");
      URI infer = sidecar.uri("/v2/models/" + m + "/infer");
      String one = ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 1, 1));
      double[][] batchRows = ScoringServerTest.rows(features, 1000, 2);
      String batch = ScoringServerTest.inferBody(features, batchRows);
      HttpRequest liveRequest = HttpRequest.newBuilder(live).GET().build();
      HttpRequest oneRequest =
          HttpRequest.newBuilder(infer).POST(HttpRequest.BodyPublishers.ofString(one)).build();
      HttpRequest batchRequest =
          HttpRequest.newBuilder(infer).POST(HttpRequest.BodyPublishers.ofString(batch)).build();
      System.out.printf(
          "cores %d, concurrency %d, %.1f s per measurement (after %.1f s warm-up)%n",
          Runtime.getRuntime().availableProcessors(), concurrency, seconds, seconds / 2);

      load(sidecar.client, liveRequest, concurrency, seconds / 2);
      print(
          "GET /v2/health/live (HTTP floor)",
          load(sidecar.client, liveRequest, concurrency, seconds),
          1);
      load(sidecar.client, oneRequest, concurrency, seconds / 2);
      print("POST infer, 1 row", load(sidecar.client, oneRequest, concurrency, seconds), 1);
      load(sidecar.client, batchRequest, 2, seconds / 2);
      print(
          "POST infer, 1,000 rows (concurrency 2)",
          load(sidecar.client, batchRequest, 2, seconds),
          1000);

      RiskModel model = sidecar.served.riskModel();
      long end = System.nanoTime() + (long) (seconds / 2 * 1e9);
      while (System.nanoTime() < end) {
        model.probabilities(batchRows);
      }
      int batches = 0;
      long start = System.nanoTime();
      end = start + (long) (seconds * 1e9);
      while (System.nanoTime() < end) {
        model.probabilities(batchRows);
        batches++;
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "%-42s %10.0f rows/s (%.2f ms per 1,000 rows)%n",
          "in-process RiskModel.probabilities", batches * 1000 / elapsed, elapsed * 1000 / batches);
      System.out.printf("prediction records appended: %d%n", sidecar.log.appended.get());
    }
  }

  private record Result(long[] latenciesNanos, double seconds, int errors) {}

  private static Result load(
      HttpClient client, HttpRequest request, int concurrency, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    List<Future<long[]>> workers = new ArrayList<>();
    int[] errors = new int[concurrency];
    for (int w = 0; w < concurrency; w++) {
      int worker = w;
      workers.add(
          pool.submit(
              () -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                  long t0 = System.nanoTime();
                  HttpResponse<byte[]> r =
                      client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                  long t = System.nanoTime() - t0;
                  if (r.statusCode() != 200) {
                    errors[worker]++;
                  }
                  if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                  }
                  latencies[n++] = t;
                }
                return Arrays.copyOf(latencies, n);
              }));
    }
    long[] all = new long[0];
    for (Future<long[]> f : workers) {
      long[] l = f.get();
      long[] merged = Arrays.copyOf(all, all.length + l.length);
      System.arraycopy(l, 0, merged, all.length, l.length);
      all = merged;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return new Result(all, elapsed, Arrays.stream(errors).sum());
  }

  private static void print(String what, Result r, int rowsPerRequest) {
    long[] sorted = r.latenciesNanos().clone();
    Arrays.sort(sorted);
    double rps = sorted.length / r.seconds();
    System.out.printf(
        "%-42s %10.0f req/s %10.0f rows/s  p50 %.3f ms  p99 %.3f ms  errors %d%n",
        what,
        rps,
        rps * rowsPerRequest,
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6,
        r.errors());
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}
