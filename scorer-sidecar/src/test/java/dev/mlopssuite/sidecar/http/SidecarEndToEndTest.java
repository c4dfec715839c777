package dev.mlopssuite.sidecar.http;

import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.modelrepo.testing.OpenSshServer;
import dev.mlopssuite.runtime.features.EntityFeatureState;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.sidecar.Sidecar;
import dev.mlopssuite.sidecar.config.SidecarConfigException;
import dev.mlopssuite.sidecar.log.PredictionRecordJson;
import dev.mlopssuite.sidecar.model.ServedModel;
import dev.mlopssuite.sidecar.repository.RepositoryWatcher;
import dev.mlopssuite.sidecar.testing.CapturedLog;
import dev.mlopssuite.trust.testing.TrustFixtures.SigningKey;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole sidecar as one service against a real model repository: live at once, not ready without
 * a promotion and saying why, ready within a second of the refresh webhook after a promotion lands,
 * a second promotion swaps the served version, a promotion signed by an untrusted key is refused
 * with the old version still served and the failure counted in /metrics (which promtool accepts),
 * and after a clean stop every acknowledged prediction is in the log (docs/scorer-sidecar.md).
 */
class SidecarEndToEndTest {
  @TempDir Path root;

  @Test
  void servesAPromotionFetchedOverSshAsConfiguredInTheYaml() throws Exception {
    LiveSidecarFixture live = new LiveSidecarFixture(root);
    try (OpenSshServer sshd = OpenSshServer.start(root.resolve("sshd"))) {
      live.fetchOverSsh(sshd.url(root.resolve("models.git")), sshd.clientDirectory());
      try (Sidecar sidecar = Sidecar.start(live.config)) {
        String commit = live.promote("v1", null);
        assertTrue(live.refresh().statusCode() < 300);
        live.awaitVersion("v1");
        HttpResponse<String> ready = live.get("/v2/models/" + MODEL + "/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals(commit, ready.headers().firstValue("X-Model-Commit").orElseThrow());
      }
    }
  }

  @Test
  void anSshDirectoryWithoutKnownHostsStopsTheStartNamingTheKey() throws Exception {
    LiveSidecarFixture live = new LiveSidecarFixture(root);
    Path ssh = Files.createDirectories(root.resolve("ssh"));
    Files.writeString(ssh.resolve("id_ed25519"), "a key, but no known_hosts beside it");
    live.fetchOverSsh("git@git.example.org:ml/models.git", ssh);
    SidecarConfigException e =
        assertThrows(SidecarConfigException.class, () -> Sidecar.start(live.config));
    assertEquals("repository.sshDirectory", e.key());
    assertTrue(e.getMessage().contains("has no known_hosts"), e.getMessage());
    assertFalse(Files.exists(root.resolve("predictions")), "nothing was started");
  }

  @Test
  void servesWhatWasPromotedAndKeepsEveryAcknowledgedPrediction() throws Exception {
    LiveSidecarFixture live = new LiveSidecarFixture(root);
    // Every prediction reaches an alert threshold of 0: the override is what alerts decide by.
    Files.writeString(
        live.config, "alerts:\n  thresholdOverride: 0.0\n", StandardOpenOption.APPEND);
    long started = System.nanoTime();
    int scored = 0;
    try (Sidecar sidecar = Sidecar.start(live.config)) {
      assertEquals(200, live.get("/v2/health/live").statusCode(), "live at once");
      System.out.printf("sidecar live %.0f ms after start%n", (System.nanoTime() - started) / 1e6);
      HttpResponse<String> notReady = live.get("/v2/health/ready");
      assertEquals(503, notReady.statusCode(), "no promotion: not ready");
      JsonNode why = ScoringServerTest.JSON.readTree(notReady.body());
      assertFalse(why.get("ready").asBoolean());
      // Before the first fetch, or after it found no promotion: either way it says so.
      String reason = why.get("reasons").get(MODEL).asText();
      assertTrue(
          reason.contains("waiting for the first fetch of")
              || reason.contains("no promotion of " + MODEL + " on branch main yet"),
          "live, not ready, and says why: " + notReady.body());
      // The first fetch found the branch without a promotion: it waits, and says so.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!reason.contains("no promotion of " + MODEL + " on branch main yet")) {
        assertTrue(System.nanoTime() < deadline, "still: " + reason);
        Thread.sleep(50);
        reason =
            ScoringServerTest.JSON
                .readTree(live.get("/v2/health/ready").body())
                .get("reasons")
                .get(MODEL)
                .asText();
      }

      live.promote("v1", null);
      assertEquals(401, live.post("/admin/refresh", "", "wrong").statusCode());
      long refreshed = System.nanoTime();
      assertTrue(live.refresh().statusCode() < 300);
      live.awaitVersion("v1");
      System.out.printf(
          "v1 served %.0f ms after the refresh webhook%n", (System.nanoTime() - refreshed) / 1e6);
      assertEquals(200, live.get("/v2/health/ready").statusCode());

      List<String> features = live.features("v1");
      HttpResponse<String> infer =
          live.post(
              "/v2/models/" + MODEL + "/infer",
              ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 4, 3)),
              null);
      assertEquals(200, infer.statusCode(), infer.body());
      assertEquals("v1", infer.headers().firstValue("X-Model-Version").orElseThrow());
      scored += 4;

      String v2Commit = live.promote("v2", "v1");
      live.refresh();
      live.awaitVersion("v2");
      HttpResponse<String> again =
          live.post(
              "/v2/models/" + MODEL + "/infer",
              ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 3, 4)),
              null);
      assertEquals("v2", again.headers().firstValue("X-Model-Version").orElseThrow());
      scored += 3;

      // A promotion signed by a key the sidecar does not trust: refused, v2 keeps serving, and
      // the refusal shows in /metrics, which Prometheus' own promtool accepts.
      double failuresBefore = reloadFailures(live.get("/metrics").body());
      assertEquals(0, failuresBefore, "waiting for the first promotion was no failed reload");
      SigningKey stranger = SigningKey.generate();
      String metrics;
      try (CapturedLog watcherLog = CapturedLog.of(RepositoryWatcher.class)) {
        String bad = live.promoteSignedBy("v3", "v2", stranger);
        live.refresh();
        metrics = awaitReloadFailures(live, failuresBefore + 1);
        assertTrue(
            watcherLog.messages().stream()
                .anyMatch(
                    l ->
                        l.contains(bad)
                            && l.contains("untrusted key " + stranger.id())
                            && l.contains("still serving version v2")),
            "the log says why: " + watcherLog.messages());
      }
      assertEquals("v2", live.servedVersion(), "the old version keeps serving");
      assertEquals(200, live.get("/v2/health/ready").statusCode(), "and stays ready");
      HttpResponse<String> modelReady = live.get("/v2/models/" + MODEL + "/ready");
      assertEquals(200, modelReady.statusCode());
      assertEquals(v2Commit, modelReady.headers().firstValue("X-Model-Commit").orElseThrow());
      assertTrue(
          metrics.contains("mlops_sidecar_model_info{commit=\"" + v2Commit + "\""),
          "the served version's model_info:\n" + metrics);
      PromtoolCheck.assertValid(metrics);
    }
    long records;
    try (Stream<Path> files = Files.list(root.resolve("predictions"))) {
      records =
          files
              .filter(f -> f.getFileName().toString().startsWith("predictions-"))
              .mapToLong(SidecarEndToEndTest::records)
              .sum();
    }
    assertEquals(scored, records, "every acknowledged prediction is on disk after a clean stop");
    List<String> alerts;
    try (Stream<Path> files = Files.list(root.resolve("predictions"))) {
      alerts =
          files
              .filter(f -> f.getFileName().toString().startsWith("alerts-"))
              .flatMap(SidecarEndToEndTest::readLines)
              .toList();
    }
    // No entity in these requests: they share one dedupe window, so exactly one alert.
    assertEquals(1, alerts.size(), alerts.toString());
    assertTrue(alerts.get(0).contains("\"threshold\":0.0"), alerts.get(0));
  }

  /** Waits (bounded) until /metrics counts at least {@code failures} failed reloads. */
  private static String awaitReloadFailures(LiveSidecarFixture live, double failures)
      throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      HttpResponse<String> scrape = live.get("/metrics");
      assertEquals(200, scrape.statusCode());
      if (reloadFailures(scrape.body()) >= failures) {
        return scrape.body();
      }
      assertTrue(System.nanoTime() < deadline, "no failed reload counted:\n" + scrape.body());
      Thread.sleep(50);
    }
  }

  /** The model's failed reloads as /metrics counts them (0 before the first). */
  private static double reloadFailures(String metrics) {
    return metrics
        .lines()
        .filter(
            l ->
                l.startsWith("mlops_sidecar_reloads_total{")
                    && l.contains("model=\"" + MODEL + "\"")
                    && l.contains("result=\"failure\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void aWarmUpFileGivesTheFirstScoresTheWindowsOfRecentTelemetry() throws Exception {
    LiveSidecarFixture live = new LiveSidecarFixture(root);
    ServedModel sample = SidecarFixture.servedModel(root.resolve("sample"));
    FeatureSetDefinition set = sample.features();
    List<String> raw = set.rawColumns();
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    Random random = new Random(11);
    FeatureEngine engine = new FeatureEngine(set);
    EntityFeatureState state = engine.newState();
    StringBuilder csv = new StringBuilder("device_id,ts," + String.join(",", raw) + "\n");
    for (int hoursAgo = 30; hoursAgo >= 1; hoursAgo -= 3) {
      Instant ts = now.minusSeconds(hoursAgo * 3600L);
      double[] r = OnlineScoringTest.readings(random);
      engine.update(state, ts.toEpochMilli(), r);
      csv.append("pm-warm,").append(ts);
      for (double v : r) {
        csv.append(',').append(v);
      }
      csv.append('\n');
    }
    Files.writeString(root.resolve("recent.csv"), csv);
    try (Sidecar sidecar = startWarmingFrom(live, "recent.csv")) {
      double[] r = OnlineScoringTest.readings(random);
      HttpResponse<String> scored =
          live.post(
              "/v1/score", ScoringServerTest.scoreBody("pm-warm", now.toString(), r, raw), null);
      assertEquals(200, scored.statusCode(), scored.body());
      JsonNode features = ScoringServerTest.JSON.readTree(scored.body()).get("features");
      double[] expected = engine.update(state, now.toEpochMilli(), r);
      List<String> names = set.featureNames();
      double[] served = new double[names.size()];
      for (int f = 0; f < served.length; f++) {
        served[f] = features.get(names.get(f)).doubleValue();
      }
      assertArrayEquals(expected, served, 0.0, "the first score sees the ten warm rows");
    }
  }

  @Test
  void aWarmUpFileThatIsNotThereNeverKeepsTheModelFromServing() throws Exception {
    LiveSidecarFixture live = new LiveSidecarFixture(root);
    try (Sidecar sidecar = startWarmingFrom(live, "not-exported-yet.csv")) {
      assertEquals(200, live.get("/v2/health/ready").statusCode(), "served with empty windows");
    }
  }

  /** Starts the sidecar with a warm-up from {@code file}, then promotes v1 and waits for it. */
  private static Sidecar startWarmingFrom(LiveSidecarFixture live, String file) throws Exception {
    Files.writeString(
        live.config,
        "features:\n  warmUp:\n    file: "
            + file
            + "\n    entityColumn: device_id\n    timeColumn: ts\n",
        StandardOpenOption.APPEND);
    Sidecar sidecar = Sidecar.start(live.config);
    try {
      live.promote("v1", null);
      live.refresh();
      live.awaitVersion("v1");
      return sidecar;
    } catch (Exception | AssertionError e) {
      sidecar.close();
      throw e;
    }
  }

  private static Stream<String> readLines(Path file) {
    try {
      return Files.readAllLines(file).stream().filter(l -> !l.isBlank());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long records(Path file) {
    try {
      return PredictionRecordJson.readFile(file).size();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
