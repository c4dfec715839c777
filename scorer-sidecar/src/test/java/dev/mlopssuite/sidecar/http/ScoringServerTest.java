package dev.mlopssuite.sidecar.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlopssuite.sidecar.log.DailyPredictionLog;
import dev.mlopssuite.sidecar.log.PredictionLogSettings;
import dev.mlopssuite.sidecar.log.PredictionRecord;
import dev.mlopssuite.sidecar.log.PredictionRecordJson;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringServerTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  SidecarFixture sidecar;
  String m;

  @BeforeEach
  void start() throws Exception {
    sidecar = new SidecarFixture(tmp);
    m = sidecar.served.model();
  }

  @AfterEach
  void stop() throws Exception {
    sidecar.close();
  }

  static JsonNode body(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  /** Rows of plausible feature values in feature order. */
  static double[][] rows(List<String> features, int n, long seed) {
    Random random = new Random(seed);
    double[][] rows = new double[n][features.size()];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < features.size(); f++) {
        String name = features.get(f);
        double base =
            name.contains("battery")
                ? 2.8
                : name.contains("impedance") ? 550 : name.contains("readings") ? 30 : 1;
        rows[i][f] =
            name.contains("slope")
                ? random.nextGaussian() * 0.05
                : base * (0.8 + 0.4 * random.nextDouble());
      }
    }
    return rows;
  }

  static String inferBody(List<String> features, double[][] rows) {
    return inferBody(
        features,
        rows.length,
        f -> {
          StringBuilder data = new StringBuilder();
          for (int i = 0; i < rows.length; i++) {
            data.append(i == 0 ? "" : ",").append(rows[i][f]);
          }
          return data.toString();
        });
  }

  /** One FP64 tensor per feature, shape [rows], its data array's text from {@code data}. */
  static String inferBody(List<String> features, int rows, IntFunction<String> data) {
    StringBuilder b = new StringBuilder("{\"id\":\"req-1\",\"inputs\":[");
    for (int f = 0; f < features.size(); f++) {
      b.append(f == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(features.get(f))
          .append("\",\"datatype\":\"FP64\",\"shape\":[")
          .append(rows)
          .append("],\"data\":[")
          .append(data.apply(f))
          .append("]}");
    }
    return b.append("]}").toString();
  }

  static String scoreBody(String entity, String ts, double[] readings, List<String> columns) {
    StringBuilder b = new StringBuilder("{\"entity\":\"").append(entity).append("\",\"ts\":\"");
    b.append(ts).append("\",\"readings\":{");
    for (int c = 0; c < columns.size(); c++) {
      if (c > 0) {
        b.append(',');
      }
      b.append('"').append(columns.get(c)).append("\":").append(readings[c]);
    }
    return b.append("}}").toString();
  }

  List<String> features() {
    return sidecar.served.features().featureNames();
  }

  void assertError(HttpResponse<String> r, int status, String fragment) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    String error = body(r).path("error").asText();
    assertTrue(
        error.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT)),
        "error «" + error + "» should mention «" + fragment + "»");
  }

  @Test
  void theLogKeepsEachValueAsTheClientWroteItAndItReadsBackAsTheValueUsed() throws Exception {
    // Texts that are not the shortest decimal of their double, and some that are; one longer than
    // any formatted double.
    String[] texts = {
      "1",
      "1.50",
      "2e0",
      "-0.0",
      "0.1000000000000000055511151231257827",
      "612.5",
      "3E-2",
      "-7",
      "0.100000000000000005551",
      "0.30000000000000004"
    };
    List<String> features = features();
    Path logDir = tmp.resolve("text-log");
    try (DailyPredictionLog log = DailyPredictionLog.open(PredictionLogSettings.defaults(logDir));
        SidecarFixture logged =
            new SidecarFixture(tmp.resolve("text"), ScoringServer.DEFAULT_MAX_BODY_BYTES, log)) {
      String textBody =
          inferBody(
              features, 2, f -> texts[f % texts.length] + "," + texts[(f + 3) % texts.length]);
      HttpResponse<String> r = logged.post("/v2/models/" + m + "/infer", textBody);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode probabilities = body(r).get("outputs").get(0).get("data");
      // The same rows sent as shortest decimals score the same: the text changes nothing else.
      double[][] rows = new double[2][features.size()];
      for (int row = 0; row < 2; row++) {
        for (int f = 0; f < features.size(); f++) {
          rows[row][f] = Double.parseDouble(texts[(f + 3 * row) % texts.length]);
        }
      }
      HttpResponse<String> again =
          logged.post("/v2/models/" + m + "/infer", inferBody(features, rows));
      assertEquals(probabilities, body(again).get("outputs").get(0).get("data"));
      log.close();
      Path file;
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(logDir)) {
        file = files.findFirst().orElseThrow();
      }
      String firstLine = java.nio.file.Files.readAllLines(file).get(0);
      List<PredictionRecord> records = PredictionRecordJson.readFile(file);
      assertEquals(4, records.size());
      for (int row = 0; row < 2; row++) {
        for (PredictionRecord record : List.of(records.get(row), records.get(row + 2))) {
          for (int f = 0; f < features.size(); f++) {
            String text = texts[(f + 3 * row) % texts.length];
            // The value used is the double the text names; the log reads back as exactly it.
            assertEquals(
                Double.doubleToRawLongBits(Double.parseDouble(text)),
                Double.doubleToRawLongBits(record.features().get(features.get(f))),
                features.get(f) + " of row " + row + " written " + text);
          }
          assertEquals(probabilities.get(row).asDouble(), record.probability());
        }
      }
      // Copied when no longer than a formatted double (24 characters), formatted otherwise.
      assertTrue(firstLine.contains("0.100000000000000005551"), firstLine);
      assertTrue(firstLine.contains("1.50"), firstLine);
      assertFalse(firstLine.contains("0.1000000000000000055511151231257827"), firstLine);
    }
  }

  @Test
  void refusedValuesPastTheFirstBufferAreA400NotACrash() throws Exception {
    // The first tensor's data is read before its row count is known, into 16 places; refused
    // values count rows without taking a place.
    List<String> features = features();
    String body =
        inferBody(features, 20, f -> "1.0,".repeat(14) + "\"x\",\"y\",\"z\"," + "2.0,2.0,2.0");
    assertError(sidecar.post("/v2/models/" + m + "/infer", body), 400, "row 14 must be a number");
    assertEquals(200, sidecar.get("/v2/health/ready").statusCode());
  }

  @Test
  void healthAndMetadata() throws Exception {
    assertEquals(200, sidecar.get("/v2/health/live").statusCode());
    assertEquals(200, sidecar.get("/v2/health/ready").statusCode());
    JsonNode server = body(sidecar.get("/v2"));
    assertEquals("mlops-scorer-sidecar", server.get("name").asText());
    assertTrue(server.has("version") && server.get("extensions").isArray());

    HttpResponse<String> meta = sidecar.get("/v2/models/" + m);
    assertEquals(200, meta.statusCode());
    JsonNode model = body(meta);
    assertEquals(m, model.get("name").asText());
    assertEquals("v7", model.get("versions").get(0).asText());
    assertEquals("tribuo", model.get("platform").asText());
    List<String> inputs = new ArrayList<>();
    model
        .get("inputs")
        .forEach(
            i -> {
              inputs.add(i.get("name").asText());
              assertEquals("FP64", i.get("datatype").asText());
              assertEquals(-1, i.get("shape").get(0).asInt());
            });
    assertEquals(features(), inputs);
    assertEquals("v7", meta.headers().firstValue("X-Model-Version").orElseThrow());
    assertEquals(SidecarFixture.COMMIT, meta.headers().firstValue("X-Model-Commit").orElseThrow());

    assertEquals(200, sidecar.get("/v2/models/" + m + "/ready").statusCode());
    assertError(sidecar.get("/v2/models/nope"), 404, "unknown model");
    assertError(sidecar.get("/v2/models/nope/ready"), 404, "unknown model");
    assertError(sidecar.post("/v2/models/nope/infer", "{}"), 404, "unknown model");
    assertError(sidecar.get("/v3/anything"), 404, "no such endpoint");
    HttpResponse<String> wrongMethod = sidecar.get("/v2/models/" + m + "/infer");
    assertError(wrongMethod, 405, "not allowed");
    assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElseThrow());
    assertError(sidecar.post("/v2/health/live", "{}"), 405, "not allowed");
  }

  @Test
  void inferScoresEveryRowLogsThenAnswersWithLineage() throws Exception {
    double[][] rows = rows(features(), 50, 1);
    HttpResponse<String> r =
        sidecar.post("/v2/models/" + m + "/infer", inferBody(features(), rows));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode out = body(r);
    assertEquals(m, out.get("model_name").asText());
    assertEquals("v7", out.get("model_version").asText());
    assertEquals(
        sidecar.served.manifestSha256(), out.get("parameters").get("manifest_sha256").asText());
    assertEquals(SidecarFixture.COMMIT, out.get("parameters").get("commit").asText());
    assertEquals(
        sidecar.served.manifestSha256(), r.headers().firstValue("X-Manifest-Sha256").orElseThrow());
    JsonNode probability = out.get("outputs").get(0);
    JsonNode flag = out.get("outputs").get(1);
    assertEquals("probability", probability.get("name").asText());
    assertEquals("FP64", probability.get("datatype").asText());
    assertEquals(50, probability.get("shape").get(0).asInt());
    assertEquals("BOOL", flag.get("datatype").asText());
    int flagged = 0;
    for (int i = 0; i < rows.length; i++) {
      double expected = sidecar.served.served(sidecar.served.riskModel().probability(rows[i]));
      assertEquals(expected, probability.get("data").get(i).asDouble(), 0.0);
      boolean f = expected >= sidecar.served.threshold();
      assertEquals(f, flag.get("data").get(i).asBoolean());
      flagged += f ? 1 : 0;
    }
    assertEquals(50, sidecar.log.records.size());
    // Every prediction is offered once logged; the sink decides which alert.
    assertEquals(50, sidecar.alerts.offered.size());
    assertEquals(
        flagged, sidecar.alerts.offered.stream().filter(PredictionRecord::riskFlag).count());
    PredictionRecord first = sidecar.log.records.peek();
    assertEquals("req-1#0", first.requestId());
    assertEquals("v7", first.modelVersion());
    assertEquals(sidecar.served.snapshotId(), first.snapshotId());
    assertEquals(features().size(), first.features().size());

    String onlyFlags =
        inferBody(features(), rows).replace("]}]}", "]}],\"outputs\":[{\"name\":\"risk_flag\"}]}");
    JsonNode flagsOnly = body(sidecar.post("/v2/models/" + m + "/infer", onlyFlags));
    assertEquals(1, flagsOnly.get("outputs").size(), flagsOnly.toString());
    assertEquals("risk_flag", flagsOnly.get("outputs").get(0).get("name").asText());
  }

  @Test
  void badInferRequestsAreRefusedWithTheProblemNamed() throws Exception {
    String path = "/v2/models/" + m + "/infer";
    double[][] one = rows(features(), 1, 2);
    String valid = inferBody(features(), one);
    String firstName = features().get(0);
    assertError(sidecar.post(path, "{\"inputs\": ["), 400, "malformed JSON");
    assertError(sidecar.post(path, "[1,2]"), 400, "must be a JSON object");
    assertError(sidecar.post(path, ""), 400, "empty");
    assertError(sidecar.post(path, "{}"), 400, "inputs");
    assertError(sidecar.post(path, valid.replaceFirst("FP64", "FP32")), 400, "datatype");
    assertError(
        sidecar.post(path, valid.replaceFirst("\\[1\\]", "[2]")), 400, "values but its shape");
    assertError(sidecar.post(path, valid.replaceFirst("\\[1\\]", "[1,3]")), 400, "shape [1,3]");
    assertError(sidecar.post(path, valid.replaceFirst("\\[1\\]", "[0]")), 400, "shape [0]");
    assertError(sidecar.post(path, valid.replaceFirst("\\[1\\]", "[1,1,1]")), 400, "shape [1,1,1]");
    assertError(sidecar.post(path, valid.replaceFirst("\\[1\\]", "[\"1\"]")), 400, "shape [\"1\"]");
    assertError(
        sidecar.post(
            path, valid.replaceFirst("\"datatype\":", "\"datatype\":\"FP64\",\"datatype\":")),
        400,
        "duplicate field \"datatype\"");
    assertError(
        sidecar.post(
            path,
            valid.replaceFirst("\\{", "{\"parameters\":{\"entity\":\"a\",\"entity\":\"b\"},")),
        400,
        "duplicate field \"entity\"");
    assertError(
        sidecar.post(
            path,
            valid.replaceFirst(
                "\\{", "{\"outputs\":[{\"name\":\"probability\",\"name\":\"risk_flag\"}],")),
        400,
        "duplicate field \"name\"");
    assertError(
        sidecar.post(path, valid.replaceFirst("\"data\":\\[[^\\]]*\\]", "\"data\":[1e999]")),
        400,
        "finite");
    assertError(
        sidecar.post(path, valid.replaceFirst("\"data\":\\[[^\\]]*\\]", "\"data\":[NaN]")),
        400,
        "malformed JSON");
    assertError(
        sidecar.post(path, valid.replaceFirst("\"data\":\\[[^\\]]*\\]", "\"data\":[\"1.0\"]")),
        400,
        "must be a number");
    assertError(
        sidecar.post(
            path, valid.replaceFirst("\"name\":\"" + firstName + "\"", "\"name\":\"bogus\"")),
        400,
        "unknown feature");
    String withoutFirst = valid.replaceFirst("\\{\"name\":\"" + firstName + "\"[^}]*\\},", "");
    assertError(sidecar.post(path, withoutFirst), 400, "missing feature \"" + firstName);
    assertError(
        sidecar.post(path, valid.replaceFirst("\"id\":\"req-1\"", "\"id\":\"a\",\"id\":\"b\"")),
        400,
        "duplicate");
    assertError(sidecar.post(path, valid + "x"), 400, "malformed JSON");
    assertEquals(0, sidecar.log.records.size());
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    try (SidecarFixture small = new SidecarFixture(tmp.resolve("small"), 4096)) {
      String big = "{\"inputs\":[" + "1,".repeat(10_000) + "1]}";
      assertError(small.post("/v2/models/" + m + "/infer", big), 413, "over the limit");
      // Chunked, no Content-Length: refused once the limit is passed.
      HttpRequest chunked =
          HttpRequest.newBuilder(small.uri("/v1/score"))
              .POST(
                  HttpRequest.BodyPublishers.ofInputStream(
                      () -> new java.io.ByteArrayInputStream(big.getBytes())))
              .build();
      assertError(small.send(chunked), 413, "over the limit");
      // Chunked and only a little over the limit: within the first buffer, still refused.
      String justOver = "{\"model\":\"" + "x".repeat(4_100) + "\"}";
      assertError(small.send(chunkedPost(small.uri("/v1/score"), justOver)), 413, "over the limit");
      // Chunked and within the limit: read whole, then judged on its content.
      assertError(
          small.send(chunkedPost(small.uri("/v1/score"), "{\"model\":\"nope\"}")), 404, "nope");
      assertEquals(200, small.get("/v2/health/ready").statusCode());
    }
  }

  private static HttpRequest chunkedPost(java.net.URI uri, String body) {
    // A body from a stream has no Content-Length: the JDK client sends it chunked.
    return HttpRequest.newBuilder(uri)
        .POST(
            HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(body.getBytes())))
        .build();
  }

  @Test
  void moreRowsThanTheLimitIs413AndNothingIsLogged() throws Exception {
    List<String> features = features();
    int over = ScoringHandler.MAX_ROWS_PER_REQUEST + 1;
    String body = inferBody(features, new double[over][features.size()]);
    assertError(sidecar.post("/v2/models/" + m + "/infer", body), 413, "rows per request");
    assertEquals(0, sidecar.log.records.size());
    String atTheLimit =
        inferBody(features, new double[ScoringHandler.MAX_ROWS_PER_REQUEST][features.size()]);
    assertEquals(200, sidecar.post("/v2/models/" + m + "/infer", atTheLimit).statusCode());
    assertEquals(ScoringHandler.MAX_ROWS_PER_REQUEST, sidecar.log.records.size());
  }

  @Test
  void notReadyIs503EverywhereItMatters() throws Exception {
    sidecar.models.current.set(null);
    assertEquals(200, sidecar.get("/v2/health/live").statusCode());
    HttpResponse<String> ready = sidecar.get("/v2/health/ready");
    assertEquals(503, ready.statusCode());
    assertTrue(body(ready).get("reasons").get(m).asText().contains("signature"));
    assertError(sidecar.get("/v2/models/" + m + "/ready"), 503, "not ready");
    assertError(
        sidecar.post("/v2/models/" + m + "/infer", inferBody(features(), rows(features(), 1, 3))),
        503,
        "not ready");
    List<String> raw = sidecar.served.features().rawColumns();
    assertError(
        sidecar.post(
            "/v1/score", scoreBody("d1", "2026-01-01T00:00:00Z", new double[raw.size()], raw)),
        503,
        "not ready");
  }

  @Test
  void aPredictionThatCannotBeLoggedIsNotServed() throws Exception {
    sidecar.log.failing.set(true);
    assertError(
        sidecar.post("/v2/models/" + m + "/infer", inferBody(features(), rows(features(), 1, 4))),
        503,
        "prediction log");
    assertTrue(
        sidecar.get("/metrics").body().contains("mlops_sidecar_prediction_log_failures_total 1.0"));
  }

  @Test
  void refreshNeedsTheBearerToken() throws Exception {
    assertError(sidecar.post("/admin/refresh", ""), 401, "Bearer");
    HttpResponse<String> wrong =
        sidecar.send(
            HttpRequest.newBuilder(sidecar.uri("/admin/refresh"))
                .header("Authorization", "Bearer not-it")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertEquals(401, wrong.statusCode());
    assertEquals(0, sidecar.refreshes.get());
    HttpResponse<String> right =
        sidecar.send(
            HttpRequest.newBuilder(sidecar.uri("/admin/refresh"))
                .header("Authorization", "Bearer " + SidecarFixture.TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertEquals(202, right.statusCode(), right.body());
    assertEquals(1, sidecar.refreshes.get());
    assertError(sidecar.get("/admin/refresh"), 405, "not allowed");
  }

  @Test
  void scoreUsesOnlineStateAndRefusesBadReadings() throws Exception {
    List<String> raw = sidecar.served.features().rawColumns();
    double[] readings = {2.8, 500, 1.0, 8.0};
    assertEquals(raw.size(), readings.length);
    HttpResponse<String> r =
        sidecar.post("/v1/score", scoreBody("dev-1", "2026-01-01T00:00:00Z", readings, raw));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode out = body(r);
    assertEquals("dev-1", out.get("entity").asText());
    assertEquals(sidecar.served.threshold(), out.get("threshold").asDouble());
    assertEquals("v7", out.get("model_version").asText());
    assertEquals(SidecarFixture.COMMIT, out.get("commit").asText());
    assertEquals(sidecar.served.manifestSha256(), out.get("manifest_sha256").asText());
    assertEquals(sidecar.served.trainingRun(), out.get("training_run").asText());
    assertTrue(out.get("probability").isDouble());
    assertTrue(out.has("risk_flag"));
    assertEquals(1.0, out.get("features").get("readings_72h").asDouble());
    assertEquals("v7", r.headers().firstValue("X-Model-Version").orElseThrow());
    assertEquals(1, sidecar.log.records.size());

    assertError(
        sidecar.post("/v1/score", scoreBody("dev-1", "2026-01-01T00:00:00Z", readings, raw)),
        400,
        "increasing time order");
    assertError(
        sidecar.post("/v1/score", scoreBody("dev-1", "yesterday", readings, raw)), 400, "ISO-8601");
    assertError(
        sidecar.post(
            "/v1/score",
            scoreBody("dev-1", "2026-01-02T00:00:00Z", new double[] {1, 2, 3}, raw.subList(0, 3))),
        400,
        "missing reading");
    String extra =
        scoreBody("dev-1", "2026-01-02T00:00:00Z", readings, raw).replace("}}", ",\"bogus\":1}}");
    assertError(sidecar.post("/v1/score", extra), 400, "unknown reading");
    String text =
        scoreBody("dev-1", "2026-01-02T00:00:00Z", readings, raw).replace(":2.8,", ":\"2.8\",");
    assertError(sidecar.post("/v1/score", text), 400, "must be a number");
    assertError(
        sidecar.post("/v1/score", "{\"entity\":1,\"ts\":\"2026-01-02T00:00:00Z\",\"readings\":{}}"),
        400,
        "entity must be a string");
    assertError(sidecar.post("/v1/score", "{\"entity\":\"x\"}"), 400, "ts");
    assertError(
        sidecar.post("/v1/score", scoreBody("dev-1", "+300000000-01-01T00:00:00Z", readings, raw)),
        400,
        "is out of range");
    assertError(sidecar.post("/v1/score", "{\"entity\":\"x\",\"wat\":1}"), 400, "unknown field");
    assertEquals(1, sidecar.log.records.size());
  }

  @Test
  void metricsAreExportedAndParse() throws Exception {
    sidecar.metrics.modelServed(m, "v6", "old", "oldsha");
    sidecar.metrics.modelServed(m, "v7", SidecarFixture.COMMIT, sidecar.served.manifestSha256());
    sidecar.metrics.reload(m, "success", java.time.Duration.ofMillis(120));
    sidecar.metrics.alertSent("sent");
    sidecar.post("/v2/models/" + m + "/infer", inferBody(features(), rows(features(), 3, 5)));
    sidecar.get("/nope");
    HttpResponse<String> r = sidecar.get("/metrics");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
    String text = r.body();
    assertTrue(
        text.contains(
            "mlops_sidecar_requests_total{endpoint=\"/v2/models/{m}/infer\",status=\"200\"} 1.0"),
        text);
    assertTrue(
        text.contains("mlops_sidecar_requests_total{endpoint=\"other\",status=\"404\"} 1.0"));
    assertTrue(
        text.contains(
            "mlops_sidecar_request_duration_seconds_bucket{endpoint=\"/v2/models/{m}/infer\""));
    assertTrue(text.contains("mlops_sidecar_model_info{commit=\"" + SidecarFixture.COMMIT + "\""));
    assertFalse(text.contains("version=\"v6\""), "the old version's model_info is removed");
    assertTrue(
        text.contains("mlops_sidecar_reloads_total{model=\"" + m + "\",result=\"success\"} 1.0"));
    assertTrue(text.contains("mlops_sidecar_model_load_duration_seconds_count"));
    assertTrue(text.contains("mlops_sidecar_last_reload_timestamp_seconds"));
    assertTrue(text.contains("mlops_sidecar_prediction_log_pending_records 3.0"));
    assertTrue(text.contains("mlops_sidecar_alerts_total{result=\"sent\"} 1.0"));
    PromtoolCheck.assertValid(text);
  }

  @Test
  void errorsJettyAnswersItselfAreJsonToo() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", sidecar.server.port())) {
      socket
          .getOutputStream()
          .write(
              "GET /v2/%zz HTTP/1.1\r\nHost: x\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
      assertTrue(answer.contains("{\"error\":\"HTTP 400"), answer);
    }
  }

  @Test
  void stopLetsARequestInFlightFinish() throws Exception {
    sidecar.log.entered = new java.util.concurrent.CountDownLatch(1);
    sidecar.log.gate = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<HttpResponse<String>> inFlight =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                sidecar.post(
                    "/v2/models/" + m + "/infer", inferBody(features(), rows(features(), 1, 6))));
    assertTrue(sidecar.log.entered.await(10, java.util.concurrent.TimeUnit.SECONDS));
    Thread stopper =
        new Thread(
            () -> {
              try {
                sidecar.server.stop();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    stopper.start();
    Thread.sleep(200); // the server is now stopping, the request still waits in the log
    sidecar.log.gate.countDown();
    HttpResponse<String> r = inFlight.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(200, r.statusCode(), r.body());
    stopper.join(15_000);
    assertFalse(sidecar.server.isRunning());
  }
}
