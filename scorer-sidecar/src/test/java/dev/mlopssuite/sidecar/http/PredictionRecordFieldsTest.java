package dev.mlopssuite.sidecar.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.runtime.features.EntityFeatureState;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.sidecar.log.PredictionRecord;
import dev.mlopssuite.sidecar.log.PredictionRecordJson;
import dev.mlopssuite.sidecar.model.ServedModel;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prediction record a real request writes has every field the design asks for, each the value
 * it must be (docs/scorer-sidecar.md, "Prediction log and alerts"): ids and entity as sent, the
 * times, the values used, both probabilities, the risk flag and the served version's lineage; and
 * its log line has each documented field.
 */
class PredictionRecordFieldsTest {
  /** The fields of a prediction log line, as docs/scorer-sidecar.md "Prediction log format". */
  static final Set<String> LINE_FIELDS =
      Set.of(
          "commit",
          "entity",
          "event_time",
          "feature_names",
          "feature_version",
          "features",
          "manifest_sha256",
          "model",
          "model_version",
          "probability",
          "probability_raw",
          "request_id",
          "risk_flag",
          "scored_at",
          "snapshot_id",
          "threshold",
          "training_run");

  @TempDir Path tmp;
  SidecarFixture sidecar;
  ServedModel served;

  @BeforeEach
  void start() throws Exception {
    sidecar = new SidecarFixture(tmp);
    served = sidecar.served;
  }

  @AfterEach
  void stop() throws Exception {
    sidecar.close();
  }

  @Test
  void anInferRequestsRecordHasEveryFieldAsItMustBe() throws Exception {
    List<String> features = served.features().featureNames();
    // A row the raw and the served probability flag differently (the sample run's calibration
    // stays under the threshold): a flag taken from the wrong probability is seen.
    double[][] rows = null;
    for (double[] candidate : ScoringServerTest.rows(features, 200, 0)) {
      double raw = served.riskModel().probability(modelRow(features, candidate));
      if ((raw >= served.threshold()) != (served.served(raw) >= served.threshold())) {
        rows = new double[][] {candidate};
        break;
      }
    }
    assertTrue(rows != null, "a row whose raw and served probability flag differently");
    String body =
        ScoringServerTest.inferBody(features, rows)
            .replaceFirst("\\{", "{\"parameters\":{\"entity\":\"pm-infer-7\"},");
    Instant before = Instant.now();
    HttpResponse<String> r = sidecar.post("/v2/models/" + served.model() + "/infer", body);
    Instant after = Instant.now();
    assertEquals(200, r.statusCode(), r.body());
    JsonNode out = ScoringServerTest.body(r);
    assertEquals(1, sidecar.log.records.size());
    PredictionRecord record = sidecar.log.records.peek();

    assertEquals("req-1", record.requestId(), "the id sent (one row: no #i)");
    assertEquals("req-1", out.get("id").asText());
    assertEquals("pm-infer-7", record.entity(), "parameters.entity as sent");
    assertWithin(before, after, record.scoredAt(), "scored_at");
    assertEquals(record.scoredAt(), record.eventTime(), "infer has no event time: it is scoring's");
    // The values used are the request's numbers, by name, and nothing else.
    assertEquals(new TreeSet<>(features), new TreeSet<>(record.features().keySet()));
    for (int f = 0; f < features.size(); f++) {
      assertBits(rows[0][f], record.features().get(features.get(f)), features.get(f));
    }
    double raw = served.riskModel().probability(modelRow(features, rows[0]));
    assertProbabilities(raw, out.get("outputs").get(0).get("data").get(0).doubleValue(), record);
    assertEquals(
        out.get("outputs").get(1).get("data").get(0).booleanValue(),
        record.riskFlag(),
        "the flag answered");
    assertLineage(record);
    assertLine(record);
  }

  @Test
  void aServedProbabilityExactlyAtTheThresholdIsFlaggedAndOneADoubleBelowItIsNot()
      throws Exception {
    List<String> features = served.features().featureNames();
    double[][] row = ScoringServerTest.rows(features, 1, 5);
    double p = served.served(served.riskModel().probability(modelRow(features, row[0])));
    // The sample run's threshold is above every served probability: serve the same version with
    // its threshold at this row's probability, then one double above it.
    for (double threshold : new double[] {p, Math.nextUp(p)}) {
      sidecar.models.current.set(withThreshold(served, threshold));
      sidecar.log.records.clear();
      sidecar.alerts.offered.clear();
      HttpResponse<String> r =
          sidecar.post(
              "/v2/models/" + served.model() + "/infer",
              ScoringServerTest.inferBody(features, row));
      assertEquals(200, r.statusCode(), r.body());
      boolean atOrAbove = threshold == p;
      JsonNode outputs = ScoringServerTest.body(r).get("outputs");
      assertBits(p, outputs.get(0).get("data").get(0).doubleValue(), "the probability answered");
      assertEquals(atOrAbove, outputs.get(1).get("data").get(0).booleanValue(), "risk_flag");
      PredictionRecord record = sidecar.log.records.peek();
      assertEquals(atOrAbove, record.riskFlag(), "the record's risk flag");
      assertEquals(threshold, record.threshold(), 0.0);
      // Every row is offered; the alert sink decides by its threshold (WebhookAlertsTest).
      assertEquals(List.of(record), List.copyOf(sidecar.alerts.offered), "offered to the alerts");
    }
  }

  @Test
  void aScoreRequestsOwnIdIsTheRecordsAndANonStringIdIsRefused() throws Exception {
    List<String> rawColumns = served.features().rawColumns();
    String body =
        ScoringServerTest.scoreBody(
            "pm-id-1", "2026-03-01T00:00:00Z", new double[] {2.7, 510, 0.9, 7.5}, rawColumns);
    HttpResponse<String> r =
        sidecar.post("/v1/score", body.replaceFirst("\\{", "{\"id\":\"client-42\","));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("client-42", ScoringServerTest.body(r).get("request_id").asText());
    assertEquals("client-42", sidecar.log.records.peek().requestId());

    HttpResponse<String> numeric =
        sidecar.post("/v1/score", body.replaceFirst("\\{", "{\"id\":42,"));
    assertEquals(400, numeric.statusCode(), numeric.body());
    assertTrue(numeric.body().contains("id must be a string"), numeric.body());
    assertEquals(1, sidecar.log.records.size(), "the refused request is not logged");
  }

  private static ServedModel withThreshold(ServedModel s, double threshold) {
    return new ServedModel(
        s.model(),
        s.version(),
        s.manifestSha256(),
        s.commit(),
        s.trainingRun(),
        s.snapshotId(),
        s.featureVersion(),
        s.features(),
        s.riskModel(),
        s.calibrator(),
        s.calibratedUsed(),
        threshold);
  }

  @Test
  void aScoreRequestsRecordHasEveryFieldAsItMustBe() throws Exception {
    List<String> rawColumns = served.features().rawColumns();
    List<String> derivedNames = served.features().featureNames();
    FeatureEngine engine = new FeatureEngine(served.features());
    EntityFeatureState state = engine.newState();
    Instant first = Instant.parse("2026-03-01T00:00:00Z");
    double[] firstReadings = {2.7, 510, 0.9, 7.5};
    assertEquals(
        200,
        sidecar
            .post(
                "/v1/score",
                ScoringServerTest.scoreBody(
                    "pm-score-3", first.toString(), firstReadings, rawColumns))
            .statusCode());
    engine.update(state, first.toEpochMilli(), firstReadings);
    sidecar.log.records.clear();

    // The second reading of the entity: its derived features come from the history too.
    Instant ts = Instant.parse("2026-03-01T05:30:00Z");
    double[] readings = {2.62, 487.5, 1.25, 9.0};
    assertEquals(rawColumns.size(), readings.length);
    Instant before = Instant.now();
    HttpResponse<String> r =
        sidecar.post(
            "/v1/score",
            ScoringServerTest.scoreBody("pm-score-3", ts.toString(), readings, rawColumns));
    Instant after = Instant.now();
    assertEquals(200, r.statusCode(), r.body());
    JsonNode out = ScoringServerTest.body(r);
    assertEquals(1, sidecar.log.records.size());
    PredictionRecord record = sidecar.log.records.peek();

    // The request id is the sidecar's (the body has none): the one answered, a UUID.
    assertEquals(out.get("request_id").asText(), record.requestId());
    assertEquals(record.requestId(), UUID.fromString(record.requestId()).toString());
    assertEquals("pm-score-3", record.entity());
    assertEquals(ts, record.eventTime(), "event time as sent");
    assertWithin(before, after, record.scoredAt(), "scored_at");
    // The raw readings as sent and the derived features as the batch engine computes them.
    double[] expected = engine.update(state, ts.toEpochMilli(), readings);
    Set<String> names = new HashSet<>(rawColumns);
    names.addAll(derivedNames);
    assertEquals(names, new HashSet<>(record.features().keySet()));
    // One entry per name: a feature that passes its column through (battery_voltage) is both.
    assertEquals(names.size(), record.features().size());
    for (int c = 0; c < rawColumns.size(); c++) {
      assertBits(readings[c], record.features().get(rawColumns.get(c)), rawColumns.get(c));
    }
    double[] logged = new double[derivedNames.size()];
    for (int f = 0; f < derivedNames.size(); f++) {
      Double value = record.features().get(derivedNames.get(f));
      assertTrue(value != null && Double.isFinite(value), derivedNames.get(f) + " = " + value);
      logged[f] = value;
    }
    assertArrayEquals(expected, logged, 0.0, "derived features " + derivedNames);
    // The state had a row before this one: some window feature differs from the reading alone.
    assertNotEquals(
        List.of(expected),
        List.of(engine.update(engine.newState(), ts.toEpochMilli(), readings)),
        "the history is used");
    assertEquals(
        2.0, record.features().get("readings_72h"), "two readings in 72 h, as the engine says");

    double raw = served.riskModel().probability(modelRow(derivedNames, expected));
    assertProbabilities(raw, out.get("probability").doubleValue(), record);
    assertBits(out.get("probability_raw").doubleValue(), record.probabilityRaw(), "answered raw");
    assertEquals(out.get("risk_flag").booleanValue(), record.riskFlag(), "the flag answered");
    assertLineage(record);
    assertLine(record);
  }

  /** {@code values} (in {@code names}' order) in the model's feature order, as it takes rows. */
  private double[] modelRow(List<String> names, double[] values) {
    List<String> modelOrder = served.riskModel().featureNames();
    double[] row = new double[values.length];
    for (int f = 0; f < values.length; f++) {
      row[modelOrder.indexOf(names.get(f))] = values[f];
    }
    return row;
  }

  private void assertProbabilities(double raw, double answered, PredictionRecord record) {
    assertBits(answered, record.probability(), "probability: the one answered");
    assertBits(raw, record.probabilityRaw(), "probability_raw: the model's");
    assertBits(served.served(raw), record.probability(), "probability: the served one");
    if (served.calibratedUsed()) {
      assertBits(served.calibrator().apply(raw), record.probability(), "calibrated");
      // The sample run's calibration moves this score: a raw probability logged as the served
      // one (or the other way round) is seen.
      assertNotEquals(record.probabilityRaw(), record.probability(), "calibration applied");
    } else {
      assertBits(raw, record.probability(), "uncalibrated");
    }
    assertEquals(record.probability() >= served.threshold(), record.riskFlag(), "risk flag");
  }

  private void assertLineage(PredictionRecord record) {
    assertEquals(served.threshold(), record.threshold(), "threshold");
    assertEquals(served.model(), record.model(), "model");
    assertEquals("v7", record.modelVersion(), "model version");
    assertEquals(served.version(), record.modelVersion(), "model version");
    assertEquals(served.manifestSha256(), record.manifestSha256(), "manifest sha256");
    assertEquals(served.trainingRun(), record.trainingRun(), "training run");
    assertEquals(served.snapshotId(), record.snapshotId(), "snapshot id");
    assertEquals(served.featureVersion(), record.featureVersion(), "feature version");
    assertEquals(SidecarFixture.COMMIT, record.commit(), "commit");
    for (String lineage :
        new String[] {
          served.manifestSha256(),
          served.trainingRun(),
          served.snapshotId(),
          served.featureVersion()
        }) {
      assertTrue(lineage != null && !lineage.isBlank(), "the sample run's lineage is not empty");
    }
  }

  /** The record's log line has each documented field, with the record's values. */
  private static void assertLine(PredictionRecord record) throws Exception {
    String text = new String(PredictionRecordJson.lines(List.of(record)), StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, text);
    JsonNode line = ScoringServerTest.JSON.readTree(text);
    List<String> fields = new ArrayList<>();
    line.fieldNames().forEachRemaining(fields::add);
    assertEquals(new TreeSet<>(LINE_FIELDS), new TreeSet<>(fields), text);
    assertEquals(new TreeSet<>(fields).stream().toList(), fields, "keys in alphabetical order");
    assertEquals(record.requestId(), line.get("request_id").get(0).asText());
    assertEquals(record.entity(), line.get("entity").asText());
    assertEquals(record.eventTime().toString(), line.get("event_time").asText());
    assertEquals(record.scoredAt().toString(), line.get("scored_at").asText());
    assertEquals(record.probability(), line.get("probability").get(0).doubleValue());
    assertEquals(record.probabilityRaw(), line.get("probability_raw").get(0).doubleValue());
    assertEquals(record.riskFlag(), line.get("risk_flag").get(0).booleanValue());
    assertEquals(record.threshold(), line.get("threshold").doubleValue());
    assertEquals(record.model(), line.get("model").asText());
    assertEquals(record.modelVersion(), line.get("model_version").asText());
    assertEquals(record.manifestSha256(), line.get("manifest_sha256").asText());
    assertEquals(record.trainingRun(), line.get("training_run").asText());
    assertEquals(record.snapshotId(), line.get("snapshot_id").asText());
    assertEquals(record.featureVersion(), line.get("feature_version").asText());
    assertEquals(record.commit(), line.get("commit").asText());
    JsonNode names = line.get("feature_names");
    JsonNode values = line.get("features").get(0);
    assertEquals(record.features().size(), names.size());
    assertEquals(names.size(), values.size());
    for (int k = 0; k < names.size(); k++) {
      String name = names.get(k).asText();
      assertEquals(record.features().get(name), values.get(k).doubleValue(), name);
    }
    // and it reads back as the record
    List<PredictionRecord> back = PredictionRecordJson.read(text.strip());
    assertEquals(1, back.size());
    assertEquals(record.requestId(), back.get(0).requestId());
    assertEquals(record.features(), back.get(0).features());
    assertFalse(back.get(0).features().isEmpty());
  }

  private static void assertWithin(Instant before, Instant after, Instant at, String what) {
    assertTrue(
        !at.isBefore(before) && !at.isAfter(after),
        what + " " + at + " should be within [" + before + ", " + after + "]");
  }

  private static void assertBits(double expected, double actual, String what) {
    assertEquals(
        Double.doubleToRawLongBits(expected),
        Double.doubleToRawLongBits(actual),
        what + ": expected " + expected + " but was " + actual);
  }
}
