package dev.mlopssuite.batch.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.config.InvalidConfigException;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.testing.BackfillWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validation.ranges and validation.maxAbsoluteValue reject implausible readings. */
class ValueRangeTest {
  static final Map<String, String> AS_OF = Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void valuesOutsideTheirRangeAreRejectedWithTheRange() throws Exception {
    BackfillResult result =
        new BackfillWorkspace(dir)
            .row("E1", "2026-01-01T00:00:00Z") // line 2: 2.8, 70
            .rawRow("E1,2026-01-01T01:00:00Z,-0.1,70") // line 3: below min
            .rawRow("E1,2026-01-01T02:00:00Z,0.0,70") // line 4: min itself is fine
            .rawRow("E1,2026-01-01T03:00:00Z,3.5,301") // line 5: max is fine, heart_rate above
            .yaml(
                """
                  ranges:
                    battery_voltage: {min: 0.0, max: 3.5}
                    heart_rate: {max: 300}
                """)
            .backfill(AS_OF);
    assertEquals(2, result.telemetry().accepted(), result.telemetry().describe());
    assertEquals(2L, result.telemetry().rejectedByReason().get("out_of_range"));
    List<String> lines =
        Files.readAllLines(result.directory().resolve(Backfill.REJECTED_TELEMETRY));
    assertTrue(
        lines.get(1).startsWith("3,\"out_of_range: battery_voltage=-0.1 is outside [0.0, 3.5]"),
        lines.get(1));
    assertTrue(
        lines.get(2).startsWith("5,\"out_of_range: heart_rate=301.0 is outside [-inf, 300.0]"),
        lines.get(2));
  }

  @Test
  void absurdMagnitudesAreRejectedEvenWithoutARange() throws Exception {
    BackfillResult result =
        new BackfillWorkspace(dir)
            .row("E1", "2026-01-01T00:00:00Z")
            .rawRow("E1,2026-01-01T01:00:00Z,1e308,70")
            .rawRow("E1,2026-01-01T02:00:00Z,2.8,-1e13")
            .backfill(AS_OF);
    assertEquals(1, result.telemetry().accepted(), result.telemetry().describe());
    assertEquals(2L, result.telemetry().rejectedByReason().get("out_of_range"));
    assertTrue(
        Files.readString(result.directory().resolve(Backfill.REJECTED_TELEMETRY))
            .contains("validation.maxAbsoluteValue"));
  }

  @Test
  void impossibleRangesAreRefusedWithTheKey() throws Exception {
    BackfillWorkspace workspace = new BackfillWorkspace(dir).row("E1", "2026-01-01T00:00:00Z");
    Path config = workspace.writeInputs();
    Files.writeString(
        config,
        Files.readString(config) + "  ranges:\n    battery_voltage: {min: 3.0, max: 1.0}\n");
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> MlopsConfigLoader.load(config, Map.of()));
    assertTrue(e.getMessage().contains("validation.ranges.battery_voltage.min"), e.getMessage());

    Files.writeString(
        config,
        Files.readString(config)
            .replace("battery_voltage: {min: 3.0, max: 1.0}", "volts: {min: 0}"));
    e = assertThrows(InvalidConfigException.class, () -> MlopsConfigLoader.load(config, Map.of()));
    assertTrue(e.getMessage().contains("volts"), e.getMessage());
    assertTrue(e.getMessage().contains("data.valueColumns"), e.getMessage());
  }
}
