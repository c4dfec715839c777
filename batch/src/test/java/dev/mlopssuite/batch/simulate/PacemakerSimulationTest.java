package dev.mlopssuite.batch.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.config.SimulatorSettings;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.data.Sql;
import dev.mlopssuite.runtime.ConfigValueException;
import dev.mlopssuite.runtime.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacemakerSimulationTest {
  @TempDir Path dir;

  static SimulatorSettings small(long seed) {
    return new SimulatorSettings(30, 20, Duration.ofHours(1), seed, null, null, null, null);
  }

  private SimulationResult run(SimulatorSettings settings, String name) throws Exception {
    return new PacemakerSimulation(
            settings, dir.resolve(name), dir.resolve(name + "-outcomes.csv"), Progress.NONE)
        .call();
  }

  @Test
  void sameSeedGivesByteIdenticalCsvAndParquet() throws Exception {
    SimulationResult a = run(small(7), "a.csv");
    SimulationResult b = run(small(7), "b.csv");
    assertArrayEquals(Files.readAllBytes(a.telemetry()), Files.readAllBytes(b.telemetry()));
    assertArrayEquals(Files.readAllBytes(a.outcomes()), Files.readAllBytes(b.outcomes()));
    SimulationResult c = run(small(8), "c.csv");
    assertFalse(
        a.telemetrySha256().equals(c.telemetrySha256()), "another seed must give other data");

    SimulationResult p = run(small(7), "p.parquet");
    SimulationResult q = run(small(7), "q.parquet");
    assertEquals(p.telemetrySha256(), q.telemetrySha256());
    assertFalse(Files.exists(dir.resolve("p.parquet.csv.partial")), "temporary CSV left behind");
  }

  @Test
  void layoutCountsAndOutcomes() throws Exception {
    // 100 devices × 20 days at 1.8 failures per device-year: about 10 failures expected
    SimulationResult result =
        run(
            new SimulatorSettings(100, 20, Duration.ofHours(1), 3L, null, null, null, null),
            "t.csv");
    List<String> lines = Files.readAllLines(result.telemetry());
    assertEquals(PacemakerSimulation.TELEMETRY_HEADER, lines.get(0));
    assertEquals(100L * 20 * 24, lines.size() - 1);
    assertEquals(result.rows(), lines.size() - 1);
    assertTrue(lines.get(1).startsWith("PM-00001,2026-01-01T00:00:00Z,"), lines.get(1));
    String previous = "";
    for (String line : lines.subList(1, lines.size())) {
      String key = line.substring(0, line.indexOf(',', line.indexOf(',') + 1));
      assertTrue(
          key.compareTo(previous) > 0,
          "rows must be sorted by device then time with unique keys: " + key);
      previous = key;
    }
    List<String> events = Files.readAllLines(result.outcomes());
    assertEquals(PacemakerSimulation.OUTCOMES_HEADER, events.get(0));
    assertTrue(events.size() > 1, "the default rate must produce failures");
    assertEquals(result.failures(), events.size() - 1);
    for (String event : events.subList(1, events.size())) {
      String[] f = event.split(",");
      assertTrue(
          !Instant.parse(f[2]).isBefore(Instant.parse(f[1])), "confirmed before failure: " + event);
      assertEquals("simulator_outcome", f[4]);
    }
  }

  @Test
  void batteryFailuresArePrecededByLowerVoltage() throws Exception {
    SimulationResult result =
        run(
            new SimulatorSettings(200, 60, Duration.ofHours(2), 11L, null, null, null, null),
            "big.csv");
    try (DuckDbSession db = DuckDbSession.open(dir.resolve("spill"))) {
      String telemetry = "read_csv(" + Sql.path(result.telemetry()) + ", header = true)";
      String outcomes = "read_csv(" + Sql.path(result.outcomes()) + ", header = true)";
      double before =
          ((Number)
                  db.queryRows(
                          "SELECT AVG(t.battery_voltage) AS v FROM "
                              + telemetry
                              + " t JOIN "
                              + outcomes
                              + " o ON t.device_id = o.device_id AND o.failure_mode = 'battery_depletion'"
                              + " AND t.ts > o.failure_ts - INTERVAL 48 HOUR AND t.ts <= o.failure_ts")
                      .get(0)
                      .get("v"))
              .doubleValue();
      double overall =
          ((Number)
                  db.queryRows("SELECT AVG(battery_voltage) AS v FROM " + telemetry)
                      .get(0)
                      .get("v"))
              .doubleValue();
      assertTrue(before < overall - 0.05, "precursor voltage " + before + " vs overall " + overall);
    }
  }

  @Test
  void impossibleSettingsNameTheField() {
    ConfigValueException devices =
        assertThrows(
            ConfigValueException.class,
            () -> new SimulatorSettings(0, null, null, null, null, null, null, null));
    assertEquals("devices", devices.field());
    ConfigValueException cadence =
        assertThrows(
            ConfigValueException.class,
            () ->
                new SimulatorSettings(
                    null, null, Duration.ofHours(-1), null, null, null, null, null));
    assertEquals("cadence", cadence.field());
  }

  @Test
  void fixedDecimalsNeverUseExponents() {
    StringBuilder out = new StringBuilder();
    PacemakerSimulation.appendFixed(out, 2.0049, 3);
    out.append(' ');
    PacemakerSimulation.appendFixed(out, -0.05, 2);
    out.append(' ');
    PacemakerSimulation.appendFixed(out, 1e-9, 2);
    assertEquals("2.005 -0.05 0.00", out.toString());
  }
}
