package dev.mlopssuite.sidecar.http;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlopssuite.sidecar.Sidecar;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload under load: wrk (the Debian package; CI installs it) scores on loopback while three
 * promotions land, once announced through the refresh webhook and once found by polling alone. No
 * request may fail; each version must be served within a second of its webhook call, or within the
 * poll interval plus a second of its commit reaching the served branch; the p99 latency during
 * swaps is printed beside the steady state's (docs/scorer-sidecar.md, "Hot reload under load").
 * Bounded: about 20 s of load a case.
 */
class HotReloadUnderLoadTest {
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
  private static final long WEBHOOK_BOUND_MILLIS = 1_000;

  @TempDir Path root;

  @Test
  void threePromotionsAnnouncedByTheWebhookLandUnderLoadWithoutAFailedRequest() throws Exception {
    LiveSidecarFixture live = new LiveSidecarFixture(root);
    List<Long> servedAfterMillis = promoteThreeUnderLoad(live, true, "webhook");
    for (long millis : servedAfterMillis) {
      assertTrue(
          millis <= WEBHOOK_BOUND_MILLIS, "served within 1 s of the webhook: " + servedAfterMillis);
    }
  }

  @Test
  void threePromotionsFoundByPollingLandUnderLoadWithoutAFailedRequest() throws Exception {
    LiveSidecarFixture live = new LiveSidecarFixture(root, POLL_INTERVAL);
    List<Long> servedAfterMillis = promoteThreeUnderLoad(live, false, "poll every 2 s");
    long bound = POLL_INTERVAL.toMillis() + 1_000;
    for (long millis : servedAfterMillis) {
      assertTrue(
          millis <= bound,
          "served within the poll interval + 1 s of the commit: " + servedAfterMillis);
    }
  }

  /**
   * Serves v1, warms up for 3 s, measures 5 s of steady load, then promotes v2, v3 and v4 two
   * seconds apart under 12 s of load; returns how long after each promotion (its webhook call, or
   * without the webhook its push) the version was served. Fails on any failed request.
   */
  private static List<Long> promoteThreeUnderLoad(
      LiveSidecarFixture live, boolean announce, String how) throws Exception {
    assumeTrue(Wrk.installed(), "wrk is not installed (apt-get install wrk; .ci/run does)");
    live.promote("v1", null);
    List<Long> servedAfterMillis = new ArrayList<>();
    try (Sidecar sidecar = Sidecar.start(live.config)) {
      live.refresh();
      live.awaitVersion("v1");
      List<String> features = live.features("v1");
      Path script =
          Wrk.postScript(
              live.root.resolve("infer.lua"),
              ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 1, 5)));
      URI infer = URI.create("http://127.0.0.1:" + live.port + "/v2/models/" + MODEL + "/infer");

      // Warmed up first: otherwise the steady state's p99 is the JIT compiling the scoring path.
      Wrk.run(infer, 2, 8, 3, script);
      Wrk.Result steady = Wrk.run(infer, 2, 8, 5, script);
      Process underSwaps = Wrk.start(infer, 2, 8, 12, script);
      String previous = "v1";
      for (String version : List.of("v2", "v3", "v4")) {
        Thread.sleep(2_000);
        live.promote(version, previous);
        long landed = System.nanoTime();
        if (announce) {
          assertTrue(live.refresh().statusCode() < 300);
        }
        live.awaitVersion(version);
        servedAfterMillis.add((System.nanoTime() - landed) / 1_000_000);
        previous = version;
      }
      Wrk.Result swaps = Wrk.finish(underSwaps);
      System.out.printf(
          "hot reload under load (%s): served %s ms after each promotion; p99 steady %.2f ms,"
              + " during swaps %.2f ms%n%s%n",
          how,
          servedAfterMillis,
          steady.percentileMillis(99),
          swaps.percentileMillis(99),
          swaps.output());
      for (Wrk.Result run : List.of(steady, swaps)) {
        assertTrue(
            run.allSucceeded(), "every request succeeded, no socket error:\n" + run.output());
      }
      assertEquals(200, live.get("/v2/health/ready").statusCode());
    }
    return servedAfterMillis;
  }
}
