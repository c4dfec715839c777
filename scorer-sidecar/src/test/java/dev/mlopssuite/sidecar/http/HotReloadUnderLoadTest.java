package dev.mlopssuite.sidecar.http;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlopssuite.sidecar.Sidecar;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload under load: wrk (the Debian package; CI installs it) scores on loopback while three
 * promotions land through the refresh webhook. No request may fail, each version must be served
 * within a second of its webhook call, and the p99 latency during swaps is printed beside the
 * steady state's (docs/scorer-sidecar.md). Bounded: about 20 s of load in all.
 */
class HotReloadUnderLoadTest {
  @TempDir Path root;

  @Test
  void threePromotionsLandUnderLoadWithoutAFailedRequest() throws Exception {
    assumeTrue(Wrk.installed(), "wrk is not installed (apt-get install wrk; .ci/run does)");
    LiveSidecarFixture live = new LiveSidecarFixture(root);
    live.promote("v1", null);
    try (Sidecar sidecar = Sidecar.start(live.config)) {
      live.refresh();
      live.awaitVersion("v1");
      List<String> features = live.features("v1");
      Path script =
          Wrk.postScript(
              root.resolve("infer.lua"),
              ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 1, 5)));
      URI infer = URI.create("http://127.0.0.1:" + live.port + "/v2/models/" + MODEL + "/infer");

      Wrk.Result steady = Wrk.run(infer, 2, 8, 5, script);
      Process underSwaps = Wrk.start(infer, 2, 8, 12, script);
      String previous = "v1";
      List<Long> servedAfterMillis = new ArrayList<>();
      for (String version : List.of("v2", "v3", "v4")) {
        Thread.sleep(2_000);
        live.promote(version, previous);
        long refreshed = System.nanoTime();
        assertTrue(live.refresh().statusCode() < 300);
        live.awaitVersion(version);
        servedAfterMillis.add((System.nanoTime() - refreshed) / 1_000_000);
        previous = version;
      }
      Wrk.Result swaps = Wrk.finish(underSwaps);
      System.out.printf(
          "hot reload under load: served %s ms after each webhook; p99 steady %.2f ms, during"
              + " swaps %.2f ms%n%s%n",
          servedAfterMillis,
          steady.percentileMillis(99),
          swaps.percentileMillis(99),
          swaps.output());
      for (Wrk.Result run : List.of(steady, swaps)) {
        assertTrue(
            run.allSucceeded(), "every request succeeded, no socket error:\n" + run.output());
      }
      for (long millis : servedAfterMillis) {
        assertTrue(millis <= 1_000, "served within 1 s of the webhook: " + servedAfterMillis);
      }
      assertEquals(200, live.get("/v2/health/ready").statusCode());
    }
  }
}
