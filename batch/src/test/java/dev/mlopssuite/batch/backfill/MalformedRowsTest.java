package dev.mlopssuite.batch.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.testing.BackfillWorkspace;
import dev.mlopssuite.runtime.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV line that is not a row (field count, quoting) is a rejected row like any other. */
class MalformedRowsTest {
  static final Map<String, String> AS_OF = Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z");

  @TempDir Path dir;

  private BackfillWorkspace workspace() {
    return new BackfillWorkspace(dir)
        .row("E1", "2026-01-01T00:00:00Z") // line 2
        .rawRow("E1,2026-01-01T01:00:00Z,2.8") // line 3: a field short
        .rawRow("E1,2026-01-01T02:00:00Z,2.8,70,extra") // line 4: a field too many
        .rawRow("E1,2026-01-01T03:00:00Z,abc,70") // line 5: wrong type, after two bad lines
        .row("E1", "2026-01-01T04:00:00Z") // line 6
        .rawRow("E2,\"2026-01-01T05:00:00Z,2.8,70") // line 7: quote never closed
        .failure("E1", "2026-01-01T03:30:00Z")
        .rawOutcome("E1,2026-01-02T00:00:00Z,x"); // outcomes line 3: fields missing
  }

  @Test
  void malformedLinesAreRejectedWithTheirLineAndCounted() throws Exception {
    BackfillResult result = workspace().backfill(AS_OF);

    InputSummary telemetry = result.telemetry();
    assertEquals(6, telemetry.read(), telemetry.describe());
    assertEquals(2, telemetry.accepted());
    assertEquals(3L, telemetry.rejectedByReason().get("malformed_row"));
    assertEquals(1L, telemetry.rejectedByReason().get("wrong_type"));
    List<String> lines =
        Files.readAllLines(result.directory().resolve(Backfill.REJECTED_TELEMETRY));
    assertEquals(5, lines.size(), String.join("\n", lines));
    assertTrue(
        lines.get(1).startsWith("3,\"malformed_row: 3 fields where the header has 4"),
        lines.get(1));
    assertTrue(
        lines.get(2).startsWith("4,\"malformed_row: 5 fields where the header has 4"),
        lines.get(2));
    // the rows after the malformed lines keep their true line numbers
    assertTrue(lines.get(3).startsWith("5,wrong_type: battery_voltage='abc'"), lines.get(3));
    assertTrue(
        lines.get(4).startsWith("7,\"malformed_row: a quoted value is not closed"), lines.get(4));
    assertEquals(
        List.of("2026-01-01T00:00:00Z", "2026-01-01T04:00:00Z"),
        BackfillWorkspace.rows(result.directory()).keySet().stream()
            .map(key -> key.split("\\|")[1])
            .toList());

    assertEquals(2, result.outcomes().read());
    assertEquals(1L, result.outcomes().rejectedByReason().get("malformed_row"));
    assertTrue(
        Files.readString(result.directory().resolve(Backfill.REJECTED_OUTCOMES))
            .contains("3,\"malformed_row: 3 fields where the header has 5"));
  }

  @Test
  void malformedLinesCountAgainstTheLimitAndTheErrorIsNoEngineOutput() throws Exception {
    var config =
        workspace()
            .config(
                Map.of(
                    "mlops.backfill.asOf",
                    "2026-02-01T00:00:00Z",
                    "mlops.validation.maxRejectedRows",
                    "2"));
    RejectedRowsLimitException e =
        assertThrows(
            RejectedRowsLimitException.class, () -> new Backfill(config, Progress.NONE).call());
    assertTrue(e.getMessage().contains("malformed_row 3"), e.getMessage());
    assertFalse(e.getMessage().contains("while running"), e.getMessage());
    assertFalse(e.getMessage().contains("Possible fixes"), e.getMessage());
    assertTrue(e.getMessage().lines().count() <= 2, e.getMessage());
  }
}
