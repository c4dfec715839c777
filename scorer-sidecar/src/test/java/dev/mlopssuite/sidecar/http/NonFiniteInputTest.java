package dev.mlopssuite.sidecar.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values that are not finite numbers, as a client can send them (JSON's non-standard NaN and
 * infinities, a number that overflows a double, a string "NaN"), are refused with a 400 whose
 * message names the problem and where it is; nothing is logged.
 */
class NonFiniteInputTest {
  @TempDir Path tmp;
  SidecarFixture sidecar;
  List<String> features;
  List<String> raw;
  String infer;

  @BeforeEach
  void start() throws Exception {
    sidecar = new SidecarFixture(tmp);
    features = sidecar.served.features().featureNames();
    raw = sidecar.served.features().rawColumns();
    infer = "/v2/models/" + sidecar.served.model() + "/infer";
  }

  @AfterEach
  void stop() throws Exception {
    sidecar.close();
  }

  /** A valid one-row infer body whose first feature's value is written {@code text}. */
  String inferWithFirstValue(String text) {
    double[][] rows = ScoringServerTest.rows(features, 1, 31);
    return ScoringServerTest.inferBody(
        features, 1, f -> f == 0 ? text : Double.toString(rows[0][f]));
  }

  /** A valid /v1/score body whose first raw reading is written {@code text}. */
  String scoreWithFirstReading(String text) {
    double[] readings = {2.8, 500, 1.0, 8.0};
    String body = ScoringServerTest.scoreBody("pm-nf", "2026-03-01T00:00:00Z", readings, raw);
    String first = "\"" + raw.get(0) + "\":" + readings[0];
    assertTrue(body.contains(first), body);
    return body.replace(first, "\"" + raw.get(0) + "\":" + text);
  }

  /** A 400 whose error mentions every fragment (case aside); nothing logged. */
  void assertRefused(HttpResponse<String> r, String... fragments) throws Exception {
    assertEquals(400, r.statusCode(), r.body());
    String error = ScoringServerTest.body(r).path("error").asText();
    for (String fragment : fragments) {
      assertTrue(
          error.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT)),
          "error «" + error + "» should mention «" + fragment + "»");
    }
    // Jackson's advice is for the server's programmer; a client cannot enable parser features.
    assertFalse(error.contains("JsonReadFeature"), error);
    assertEquals(0, sidecar.log.records.size(), "nothing logged");
  }

  @Test
  void theValidBodiesAreScored() throws Exception {
    // The bodies the refusals below are made from are accepted as they are.
    assertEquals(200, sidecar.post(infer, inferWithFirstValue("1.5")).statusCode());
    assertEquals(200, sidecar.post("/v1/score", scoreWithFirstReading("2.8")).statusCode());
    assertEquals(2, sidecar.log.records.size());
  }

  @Test
  void inferWithTheBareTokenNaNIs400NamingNaN() throws Exception {
    assertRefused(
        sidecar.post(infer, inferWithFirstValue("NaN")), "NaN is not a JSON number", "finite");
  }

  @Test
  void inferWithTheBareTokenInfinityIs400NamingInfinity() throws Exception {
    assertRefused(
        sidecar.post(infer, inferWithFirstValue("Infinity")), "Infinity is not a JSON number");
  }

  @Test
  void inferWithTheBareTokenMinusInfinityIs400NamingIt() throws Exception {
    assertRefused(
        sidecar.post(infer, inferWithFirstValue("-Infinity")), "-Infinity is not a JSON number");
  }

  @Test
  void inferWithANumberThatOverflowsIs400NamingTheFeatureAndTheValue() throws Exception {
    assertRefused(
        sidecar.post(infer, inferWithFirstValue("1e999")),
        features.get(0),
        "row 0 is 1e999",
        "not a finite");
  }

  @Test
  void scoreWithAReadingThatOverflowsIs400NamingTheReading() throws Exception {
    assertRefused(
        sidecar.post("/v1/score", scoreWithFirstReading("1e999")),
        "reading " + raw.get(0),
        "not a finite");
  }

  @Test
  void scoreWithAReadingGivenAsTheStringNaNIs400NamingTheReading() throws Exception {
    assertRefused(
        sidecar.post("/v1/score", scoreWithFirstReading("\"NaN\"")),
        "reading " + raw.get(0),
        "must be a number");
  }
}
