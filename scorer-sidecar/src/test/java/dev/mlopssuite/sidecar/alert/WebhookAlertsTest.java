package dev.mlopssuite.sidecar.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.sidecar.log.PredictionRecord;
import dev.mlopssuite.sidecar.log.TestPredictions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookAlertsTest {
  private static final ObjectMapper JSON = CanonicalJson.mapper();
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;

  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile long sleepMillis;
  private HttpServer server;

  private URI startWebhook() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", this::answer);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      bodies.add(new String(exchange.getRequestBody().readAllBytes()));
      contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
      if (sleepMillis > 0) {
        try {
          Thread.sleep(sleepMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.sendResponseHeaders(status, -1);
    }
  }

  @AfterEach
  void stopWebhook() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static PredictionRecord flagged(String requestId, String entity, Instant at) {
    return TestPredictions.record(requestId, entity, at, true);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  void onePostPerEntityPerWindowWithTheExactJsonShape() throws Exception {
    URI hook = startWebhook();
    RecordingMetrics metrics = new RecordingMetrics();
    AlertSettings settings =
        AlertSettings.builder(dir).window(Duration.ofHours(1)).webhook(hook).build();
    try (WebhookAlerts alerts = WebhookAlerts.start(settings, metrics)) {
      alerts.offer(flagged("r1", "patient-1", T0));
      alerts.offer(flagged("r2", "patient-1", T0.plusSeconds(600))); // same window
      alerts.offer(flagged("r3", "patient-2", T0.plusSeconds(1)));
      alerts.offer(flagged("r4", "patient-1", T0.plusSeconds(3599))); // still the same window
      alerts.offer(TestPredictions.record("r5", "patient-3", T0, false)); // not flagged
      alerts.offer(flagged("r6", "patient-1", T0.plusSeconds(3600))); // a new window
      await(() -> metrics.alerts("sent") == 3, "three alerts sent");
    }
    assertEquals(3, bodies.size(), bodies.toString());
    assertEquals(2, metrics.alerts("deduplicated"));
    assertEquals(5, metrics.alertsTotal());
    assertTrue(contentTypes.stream().allMatch("application/json"::equals), contentTypes.toString());

    JsonNode first = JSON.readTree(bodies.get(0));
    JsonNode expected =
        JSON.valueToTree(
            Map.of(
                "entity", "patient-1",
                "time", "2026-03-01T12:00:00Z",
                "probability", 0.82,
                "threshold", 0.5,
                "model", "pacemaker-risk",
                "model_version", "v7",
                "manifest_sha256",
                    "3f1c0a9e5b7d2c4a6e8f0b1d3c5a7e9f2b4d6c8a0e1f3b5d7c9a2e4f6b8d0c1a",
                "commit", "9b2e4c6a8d0f1e3b5a7c9d2f4e6b8a0c1d3e5f7a",
                "request_id", "r1"));
    assertEquals(expected, first);
    assertEquals("r3", JSON.readTree(bodies.get(1)).get("request_id").asText());
    assertEquals("r6", JSON.readTree(bodies.get(2)).get("request_id").asText());
    assertEquals("2026-03-01T13:00:00Z", JSON.readTree(bodies.get(2)).get("time").asText());

    // The file holds the same three alerts, byte for byte what was posted.
    Path file = dir.resolve("alerts-2026-03-01.jsonl");
    assertEquals(bodies, Files.readAllLines(file));
  }

  @Test
  void withoutAWebhookAlertsGoToTheFileOnly() throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    try (WebhookAlerts alerts = WebhookAlerts.start(AlertSettings.builder(dir).build(), metrics)) {
      alerts.offer(flagged("r1", "patient-1", T0));
      alerts.offer(flagged("r2", "patient-2", Instant.parse("2026-03-02T00:00:01Z")));
      await(() -> metrics.alerts("sent") == 2, "two alerts recorded");
      assertEquals(
          "r1",
          lines(alerts.fileFor(LocalDate.parse("2026-03-01"))).get(0).get("request_id").asText());
      assertEquals(
          "r2",
          lines(alerts.fileFor(LocalDate.parse("2026-03-02"))).get(0).get("request_id").asText());
    }
  }

  @Test
  void aFailingWebhookIsRetriedABoundedNumberOfTimesAndCountedFailed() throws Exception {
    URI hook = startWebhook();
    status = 503;
    RecordingMetrics metrics = new RecordingMetrics();
    AlertSettings settings =
        AlertSettings.builder(dir)
            .webhook(hook)
            .maxAttempts(3)
            .retryBackoff(Duration.ofMillis(10))
            .build();
    try (WebhookAlerts alerts = WebhookAlerts.start(settings, metrics)) {
      alerts.offer(flagged("r1", "patient-1", T0));
      await(() -> metrics.alerts("failed") == 1, "the alert to fail");
    }
    assertEquals(3, bodies.size());
    assertEquals(1, metrics.alertsTotal());
    assertEquals(1, lines(dir.resolve("alerts-2026-03-01.jsonl")).size());
  }

  @Test
  void aClientErrorIsNotRetried() throws Exception {
    URI hook = startWebhook();
    status = 400;
    RecordingMetrics metrics = new RecordingMetrics();
    AlertSettings settings =
        AlertSettings.builder(dir).webhook(hook).retryBackoff(Duration.ofMillis(10)).build();
    try (WebhookAlerts alerts = WebhookAlerts.start(settings, metrics)) {
      alerts.offer(flagged("r1", "patient-1", T0));
      await(() -> metrics.alerts("failed") == 1, "the alert to fail");
    }
    assertEquals(1, bodies.size());
  }

  @Test
  void aSlowWebhookNeverBlocksOfferAndOverflowIsDroppedAndCounted() throws Exception {
    URI hook = startWebhook();
    sleepMillis = 3_000;
    RecordingMetrics metrics = new RecordingMetrics();
    AlertSettings settings =
        AlertSettings.builder(dir)
            .webhook(hook)
            .queueCapacity(8)
            .requestTimeout(Duration.ofSeconds(2))
            .maxAttempts(2)
            .retryBackoff(Duration.ofMillis(10))
            .drainTimeout(Duration.ofMillis(200))
            .build();
    int offers = 2_000;
    long slowest = 0;
    long start = System.nanoTime();
    try (WebhookAlerts alerts = WebhookAlerts.start(settings, metrics)) {
      for (int i = 0; i < offers; i++) {
        long t = System.nanoTime();
        alerts.offer(flagged("r" + i, "patient-" + i, T0));
        slowest = Math.max(slowest, System.nanoTime() - t);
      }
      long total = System.nanoTime() - start;
      // A POST takes at least 2 s (the request timeout); 2,000 offers must not wait for one. The
      // bounds are loose for a busy build machine, and still far below one POST.
      assertTrue(total < Duration.ofSeconds(1).toNanos(), "offers took " + total / 1e6 + " ms");
      assertTrue(
          slowest < Duration.ofMillis(250).toNanos(), "slowest offer " + slowest / 1e6 + " ms");
    }
    // close() drained briefly; every alert that passed dedupe ended as exactly one outcome.
    assertEquals(offers, metrics.alertsTotal());
    assertTrue(metrics.alerts("dropped") > 0);
    assertEquals(0, metrics.alerts("sent"));
  }

  @Test
  void settingsRefuseNonsense() {
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> AlertSettings.builder(dir).webhook(URI.create("file:///etc/passwd")).build());
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> AlertSettings.builder(dir).window(Duration.ZERO).build());
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> AlertSettings.builder(dir).maxAttempts(0).build());
  }

  @Test
  void aRiskExactlyAtTheThresholdAlertsAndTheNextDoubleBelowItDoesNot() throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    double risk = flagged("r0", "patient-0", T0).probability();
    // "At or above": a threshold equal to the risk alerts; one a double above the risk does not.
    AlertSettings at = AlertSettings.builder(dir.resolve("at")).thresholdOverride(risk).build();
    try (WebhookAlerts alerts = WebhookAlerts.start(at, metrics)) {
      alerts.offer(flagged("r1", "patient-1", T0));
    }
    List<JsonNode> recorded = lines(dir.resolve("at").resolve("alerts-2026-03-01.jsonl"));
    assertEquals(List.of("r1"), recorded.stream().map(n -> n.get("request_id").asText()).toList());

    AlertSettings above =
        AlertSettings.builder(dir.resolve("above")).thresholdOverride(Math.nextUp(risk)).build();
    try (WebhookAlerts alerts = WebhookAlerts.start(above, metrics)) {
      alerts.offer(flagged("r2", "patient-2", T0));
    }
    assertFalse(Files.exists(dir.resolve("above").resolve("alerts-2026-03-01.jsonl")));
  }

  @Test
  void aThresholdOverrideDecidesWhichPredictionsAlertAndIsTheThresholdRecorded() throws Exception {
    RecordingMetrics metrics = new RecordingMetrics();
    // The model's threshold is 0.5: 0.12 is below it, 0.82 above; the override 0.1 alerts both,
    // the override 0.9 neither.
    AlertSettings low = AlertSettings.builder(dir.resolve("low")).thresholdOverride(0.1).build();
    try (WebhookAlerts alerts = WebhookAlerts.start(low, metrics)) {
      alerts.offer(TestPredictions.record("r1", "patient-1", T0, false));
      alerts.offer(flagged("r2", "patient-2", T0));
    }
    List<JsonNode> recorded = lines(dir.resolve("low").resolve("alerts-2026-03-01.jsonl"));
    assertEquals(
        List.of("r1", "r2"), recorded.stream().map(n -> n.get("request_id").asText()).toList());
    assertTrue(
        recorded.stream().allMatch(n -> n.get("threshold").asDouble() == 0.1), recorded.toString());

    AlertSettings high = AlertSettings.builder(dir.resolve("high")).thresholdOverride(0.9).build();
    try (WebhookAlerts alerts = WebhookAlerts.start(high, metrics)) {
      alerts.offer(flagged("r3", "patient-3", T0));
    }
    assertFalse(Files.exists(dir.resolve("high").resolve("alerts-2026-03-01.jsonl")));

    AlertSettings none = AlertSettings.builder(dir.resolve("none")).build();
    try (WebhookAlerts alerts = WebhookAlerts.start(none, metrics)) {
      alerts.offer(TestPredictions.record("r4", "patient-4", T0, false));
      alerts.offer(flagged("r5", "patient-5", T0));
    }
    List<JsonNode> modelThreshold = lines(dir.resolve("none").resolve("alerts-2026-03-01.jsonl"));
    assertEquals(1, modelThreshold.size());
    assertEquals(0.5, modelThreshold.get(0).get("threshold").asDouble(), 0.0);

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> AlertSettings.builder(dir).thresholdOverride(1.5).build());
    assertTrue(refused.getMessage().contains("threshold override"), refused.getMessage());
  }

  @Test
  void theCommittedSampleOfTheAlertFormatStillLoadsAndIsWrittenTheSameWay() throws Exception {
    Path sample =
        Path.of(WebhookAlertsTest.class.getResource("/formats/alerts-2026-01-15.jsonl").toURI());
    String line = Files.readString(sample).strip();
    AlertRecord expected =
        AlertRecord.of(
            flagged("req-1", "patient-17", Instant.parse("2026-01-15T10:00:00Z")),
            0.5,
            Instant.parse("2026-01-15T10:00:00Z"));
    assertEquals(expected, JSON.readValue(line, AlertRecord.class));
    assertEquals(line, JSON.writeValueAsString(expected));
  }
}
