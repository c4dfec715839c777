package dev.mlopssuite.sidecar.http;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlopssuite.sidecar.Sidecar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** Runs wrk against the infer endpoint. */
  private static Process wrk(int port, int seconds, Path script) throws Exception {
    return new ProcessBuilder(
            "wrk",
            "-t2",
            "-c8",
            "-d" + seconds + "s",
            "--latency",
            "-s",
            script.toString(),
            "http://127.0.0.1:" + port + "/v2/models/" + MODEL + "/infer")
        .redirectErrorStream(true)
        .start();
  }

  private static String output(Process process) throws Exception {
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "wrk did not stop");
    assertEquals(0, process.exitValue(), out);
    return out;
  }

  private static String p99(String wrkOutput) {
    Matcher m = Pattern.compile("\\s99%\\s+(\\S+)").matcher(wrkOutput);
    return m.find() ? m.group(1) : "?";
  }

  @Test
  void threePromotionsLandUnderLoadWithoutAFailedRequest() throws Exception {
    assumeTrue(
        new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() == 0,
        "wrk is not installed (apt-get install wrk; .ci/run does)");
    LiveSidecarFixture live = new LiveSidecarFixture(root);
    live.promote("v1", null);
    try (Sidecar sidecar = Sidecar.start(live.config)) {
      live.refresh();
      live.awaitVersion("v1");
      List<String> features = live.features("v1");
      String body =
          ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 1, 5))
              .replace("\\", "\\\\")
              .replace("\"", "\\\"");
      Path script = root.resolve("infer.lua");
      Files.writeString(
          script,
          "wrk.method = \"POST\"\n"
              + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
              + "wrk.body = \""
              + body
              + "\"\n");

      String steady = output(wrk(live.port, 5, script));
      Process underSwaps = wrk(live.port, 12, script);
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
      String swaps = output(underSwaps);
      System.out.printf(
          "hot reload under load: served %s ms after each webhook; p99 steady %s, during swaps"
              + " %s%n%s%n",
          servedAfterMillis, p99(steady), p99(swaps), swaps);
      for (String run : List.of(steady, swaps)) {
        assertFalse(run.contains("Non-2xx"), "every request succeeded:\n" + run);
        assertFalse(run.contains("Socket errors"), "no connection failed:\n" + run);
        assertTrue(run.contains("requests in"), run);
      }
      for (long millis : servedAfterMillis) {
        assertTrue(millis <= 1_000, "served within 1 s of the webhook: " + servedAfterMillis);
      }
      assertEquals(200, live.get("/v2/health/ready").statusCode());
    }
  }
}
