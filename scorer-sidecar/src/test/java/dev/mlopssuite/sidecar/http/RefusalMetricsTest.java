package dev.mlopssuite.sidecar.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refused request is counted by endpoint and reason (docs/scorer-sidecar.md, "Endpoints and
 * metrics"), so an operator can tell a device with a bad clock (out_of_order) from a client that
 * sends malformed requests (invalid_request) from a sidecar that is not ready.
 */
class RefusalMetricsTest {
  private static final Pattern REFUSAL =
      Pattern.compile(
          "^mlops_sidecar_refusals_total\\{endpoint=\"([^\"]+)\",reason=\"([^\"]+)\"} (\\S+)$",
          Pattern.MULTILINE);

  @TempDir Path tmp;
  SidecarFixture sidecar;

  @BeforeEach
  void start() throws Exception {
    sidecar = new SidecarFixture(tmp);
  }

  @AfterEach
  void stop() throws Exception {
    sidecar.close();
  }

  @Test
  void eachRefusalIsCountedUnderItsEndpointAndReason() throws Exception {
    String model = sidecar.served.model();
    List<String> raw = sidecar.served.features().rawColumns();
    double[] readings = OnlineScoringTest.readings(new java.util.Random(3));
    String infer = "/v2/models/" + model + "/infer";
    assertEquals(400, sidecar.post(infer, "{not json").statusCode());
    assertEquals(400, sidecar.post(infer, "{\"inputs\": []}").statusCode());
    assertEquals(404, sidecar.post("/v2/models/nope/infer", "{}").statusCode());
    assertEquals(404, sidecar.get("/nope").statusCode());
    assertEquals(405, sidecar.get(infer).statusCode());
    assertEquals(401, sidecar.post("/admin/refresh", "").statusCode());
    String first = ScoringServerTest.scoreBody("pm-1", "2026-03-01T10:00:00Z", readings, raw);
    assertEquals(200, sidecar.post("/v1/score", first).statusCode());
    String earlier = ScoringServerTest.scoreBody("pm-1", "2026-03-01T09:00:00Z", readings, raw);
    assertEquals(400, sidecar.post("/v1/score", earlier).statusCode());
    assertEquals(400, sidecar.post("/v1/score", earlier).statusCode());

    String text = sidecar.get("/metrics").body();
    Map<String, Double> counted = new TreeMap<>();
    Matcher m = REFUSAL.matcher(text);
    while (m.find()) {
      counted.put(m.group(1) + " " + m.group(2), Double.parseDouble(m.group(3)));
    }
    Map<String, Double> expected = new TreeMap<>();
    expected.put("/v2/models/{m}/infer invalid_request", 2.0);
    expected.put("/v2/models/{m}/infer unknown_model", 1.0);
    expected.put("other not_found", 1.0);
    expected.put("/v2/models/{m}/infer method_not_allowed", 1.0);
    expected.put("/admin/refresh unauthorized", 1.0);
    expected.put("/v1/score out_of_order", 2.0);
    assertEquals(expected, counted, text);
    PromtoolCheck.assertValid(text);
  }
}
