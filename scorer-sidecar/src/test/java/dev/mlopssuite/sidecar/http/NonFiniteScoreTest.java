package dev.mlopssuite.sidecar.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finite values so large that the model's score is not a number (1e308 in one feature is enough:
 * its arithmetic overflows to ∞ − ∞) are a 400 naming the row, never a 500; nothing is logged, and
 * /v1/score keeps nothing of such a reading. A reading the log cannot take (503) is not kept
 * either, so the client's retry is served rather than refused as out of order
 * (docs/scorer-sidecar.md, "Endpoints and metrics").
 */
class NonFiniteScoreTest {
  private static final double[] PLAUSIBLE = {2.8, 500, 1.0, 8.0};
  private static final double[] ABSURD = {1e308, 500, 1.0, 8.0};

  @TempDir Path tmp;
  SidecarFixture sidecar;
  List<String> features;
  List<String> raw;

  @BeforeEach
  void start() throws Exception {
    sidecar = new SidecarFixture(tmp);
    features = sidecar.served.features().featureNames();
    raw = sidecar.served.features().rawColumns();
  }

  @AfterEach
  void stop() throws Exception {
    sidecar.close();
  }

  HttpResponse<String> infer(double[][] rows) {
    return sidecar.post(
        "/v2/models/" + sidecar.served.model() + "/infer",
        ScoringServerTest.inferBody(features, rows));
  }

  HttpResponse<String> score(String entity, String ts, double[] readings) {
    return sidecar.post("/v1/score", ScoringServerTest.scoreBody(entity, ts, readings, raw));
  }

  static String error(HttpResponse<String> r) throws Exception {
    return ScoringServerTest.body(r).path("error").asText();
  }

  @Test
  void inferRowsWhoseScoreIsNotANumberAre400NamingTheRowAndNothingIsLogged() throws Exception {
    double[][] rows = ScoringServerTest.rows(features, 3, 7);
    rows[1][features.indexOf("battery_voltage")] = 1e308;
    HttpResponse<String> r = infer(rows);
    assertEquals(400, r.statusCode(), r.body());
    String error = error(r);
    assertTrue(error.startsWith("the model's score for row 1 is NaN"), error);
    assertTrue(error.contains("check the inputs"), error);
    assertEquals(0, sidecar.log.records.size(), "no row of a refused request is logged");
    assertEquals(0, sidecar.alerts.offered.size());

    rows[1][features.indexOf("battery_voltage")] = -Double.MAX_VALUE;
    assertEquals(400, infer(rows).statusCode());
    assertEquals(200, sidecar.get("/v2/health/ready").statusCode());
    rows[1] = ScoringServerTest.rows(features, 1, 8)[0];
    assertEquals(200, infer(rows).statusCode(), "the same request with plausible values is served");
    assertEquals(3, sidecar.log.records.size());
  }

  @Test
  void aReadingWhoseScoreIsNotANumberIs400AndLeavesNoTrace() throws Exception {
    int entities = sidecar.online.entities(sidecar.served.model());
    HttpResponse<String> r = score("pm-1", "2026-03-01T10:00:00Z", ABSURD);
    assertEquals(400, r.statusCode(), r.body());
    String error = error(r);
    assertTrue(
        error.startsWith("entity \"pm-1\": the model's score for this reading is NaN"), error);
    assertEquals(0, sidecar.log.records.size());
    assertEquals(0, sidecar.alerts.offered.size());
    assertEquals(entities, sidecar.online.entities(sidecar.served.model()), "no entity created");

    // Not kept: an earlier reading is not out of order, and its features are those of a first
    // reading, exactly as for an entity that never saw the refused one.
    JsonNode after = ScoringServerTest.body(score("pm-1", "2026-03-01T09:00:00Z", PLAUSIBLE));
    JsonNode control = ScoringServerTest.body(score("control", "2026-03-01T09:00:00Z", PLAUSIBLE));
    assertEquals(control.get("features"), after.get("features"));
    assertEquals(1.0, after.get("features").get("readings_72h").asDouble());
    assertEquals(control.get("probability_raw"), after.get("probability_raw"));
  }

  @Test
  void aReadingTheLogCannotTakeIsNotKeptSoItsRetryIsServed() throws Exception {
    assertEquals(200, score("pm-1", "2026-03-01T08:00:00Z", PLAUSIBLE).statusCode());
    assertEquals(200, score("control", "2026-03-01T08:00:00Z", PLAUSIBLE).statusCode());
    sidecar.log.failing.set(true);
    HttpResponse<String> refused = score("pm-1", "2026-03-01T09:00:00Z", PLAUSIBLE);
    assertEquals(503, refused.statusCode(), refused.body());
    sidecar.log.failing.set(false);

    HttpResponse<String> retry = score("pm-1", "2026-03-01T09:00:00Z", PLAUSIBLE);
    assertEquals(200, retry.statusCode(), "the retry is not out of order: " + retry.body());
    JsonNode control = ScoringServerTest.body(score("control", "2026-03-01T09:00:00Z", PLAUSIBLE));
    JsonNode served = ScoringServerTest.body(retry);
    assertEquals(control.get("features"), served.get("features"));
    assertEquals(2.0, served.get("features").get("readings_72h").asDouble());
    assertEquals(4, sidecar.log.records.size(), "two readings of each entity, once each");
  }
}
