package dev.mlopssuite.sidecar.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /v1/score refuses finite readings whose derived features are not finite, and such a refusal
 * changes nothing: no state, no log record, no alert, no log line (docs/scorer-sidecar.md,
 * "Endpoints and metrics").
 */
class NonFiniteFeaturesTest {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final double[] PLAUSIBLE = {2.8, 500, 1.0, 8.0};

  @TempDir Path tmp;
  SidecarFixture sidecar;
  List<String> raw;
  final ConcurrentLinkedQueue<LogRecord> logged = new ConcurrentLinkedQueue<>();
  final Logger sidecarLogger = Logger.getLogger("dev.mlopssuite.sidecar");
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void start() throws Exception {
    sidecar = new SidecarFixture(tmp);
    raw = sidecar.served.features().rawColumns();
    capture.setLevel(Level.ALL);
    sidecarLogger.addHandler(capture);
  }

  @AfterEach
  void stop() throws Exception {
    sidecarLogger.removeHandler(capture);
    sidecar.close();
  }

  /** Ten plausible hourly rows from START: the entity's history in its 72-hour windows. */
  void history(String entity) throws Exception {
    for (int h = 0; h < 10; h++) {
      assertEquals(200, score(entity, START.plus(Duration.ofHours(h)), PLAUSIBLE).statusCode());
    }
  }

  HttpResponse<String> score(String entity, Instant ts, double[] readings) {
    return sidecar.post(
        "/v1/score", ScoringServerTest.scoreBody(entity, ts.toString(), readings, raw));
  }

  /**
   * At 75 h the history's rows are 66–71 h old: the slope's time offsets reach about 2.4 days, and
   * 2.4 × the largest double overflows the slope's sum of products, though every reading is finite
   * (and the row at 75 h would evict the rows at 0–3 h).
   */
  static final Instant ABSURD_AT = START.plus(Duration.ofHours(75));

  static final double[] ABSURD = {Double.MAX_VALUE, 500, 1.0, 8.0};

  @Test
  void aReadingWhoseDerivedFeatureIsNotFiniteIs400NamingTheFeatureAndTheReading() throws Exception {
    history("pm-1");
    HttpResponse<String> r = score("pm-1", ABSURD_AT, ABSURD);
    assertEquals(400, r.statusCode(), r.body());
    String error = ScoringServerTest.body(r).path("error").asText();
    for (String fragment :
        List.of(
            "entity \"pm-1\"",
            "battery_voltage_slope_72h = Infinity",
            "battery_voltage = 1.7976931348623157E308",
            "not finite",
            "check the device's readings",
            "not kept")) {
      assertTrue(
          error.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT)),
          "error «" + error + "» should mention «" + fragment + "»");
    }
    // only the features that are not finite are named (the means and the maximum are finite)
    assertTrue(!error.contains("battery_voltage_mean_24h"), error);
  }

  @Test
  void aRefusedReadingLeavesTheEntityAsIfItHadNeverBeenSent() throws Exception {
    history("pm-1");
    history("control"); // the same rows, never sent the absurd one
    assertEquals(400, score("pm-1", ABSURD_AT, ABSURD).statusCode());
    // Earlier than the refused row (its time is not kept either), within 72 h of the rows at 2–3 h
    // that the refused row would have evicted.
    Instant next = START.plus(Duration.ofHours(73));
    JsonNode afterRefusal = ScoringServerTest.body(score("pm-1", next, PLAUSIBLE));
    JsonNode control = ScoringServerTest.body(score("control", next, PLAUSIBLE));
    assertEquals(control.get("features"), afterRefusal.get("features"));
    // rows at 2–9 h and this one: the rows at 2–3 h are back once the refused row is taken off
    assertEquals(9.0, afterRefusal.get("features").get("readings_72h").asDouble());
    assertEquals(
        Double.doubleToRawLongBits(control.get("probability").doubleValue()),
        Double.doubleToRawLongBits(afterRefusal.get("probability").doubleValue()));
    assertEquals(
        Double.doubleToRawLongBits(control.get("probability_raw").doubleValue()),
        Double.doubleToRawLongBits(afterRefusal.get("probability_raw").doubleValue()));
  }

  @Test
  void aRefusedReadingIsNotLoggedNorAlerted() throws Exception {
    history("pm-1");
    int records = sidecar.log.records.size();
    int alerts = sidecar.alerts.offered.size();
    int entities = sidecar.online.entities(sidecar.served.model());
    logged.clear();
    assertEquals(400, score("pm-1", ABSURD_AT, ABSURD).statusCode());
    assertEquals(400, score("pm-1", ABSURD_AT.plusSeconds(1), ABSURD).statusCode());
    assertEquals(records, sidecar.log.records.size(), "no prediction record");
    assertEquals(alerts, sidecar.alerts.offered.size(), "no alert");
    assertEquals(List.of(), logged.stream().map(LogRecord::getMessage).toList(), "no log line");
    assertEquals(entities, sidecar.online.entities(sidecar.served.model()));
  }
}
