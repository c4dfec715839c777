package dev.mlopssuite.batch.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.data.DataException;
import dev.mlopssuite.batch.testing.BackfillWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  @TempDir Path dir;

  private BackfillWorkspace fourBadRows() {
    return new BackfillWorkspace(dir)
        .row("E1", "2026-01-01T00:00:00Z")
        .rawRow("E1,2026-01-01T01:00:00Z,abc,70") // line 3: wrong type
        .rawRow("E1,2026-01-01T02:00:00Z,NaN,70") // line 4: NaN
        .row("E1", "2026-01-01T00:00:00Z") // line 5: duplicate of line 2
        .row("E1", "2026-03-01T00:00:00Z") // line 6: after as-of
        .row("E2", "2026-01-01T00:00:00Z")
        .failure("E2", "2026-01-02T00:00:00Z");
  }

  static Map<String, Long> nonZero(Map<String, Long> byReason) {
    Map<String, Long> counted = new java.util.TreeMap<>(byReason);
    counted.values().removeIf(count -> count == 0);
    return counted;
  }

  @Test
  void fourBadRowsAreRejectedWithTheirReasons() throws Exception {
    BackfillResult result =
        fourBadRows().backfill(Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z"));
    InputSummary telemetry = result.telemetry();
    assertEquals(6, telemetry.read());
    assertEquals(2, telemetry.accepted());
    assertEquals(
        Map.of("wrong_type", 1L, "non_finite", 1L, "duplicate_key", 1L, "future_timestamp", 1L),
        nonZero(telemetry.rejectedByReason()));
    assertTrue(telemetry.describe().contains("4 rejected"), telemetry.describe());

    List<String> lines =
        Files.readAllLines(result.directory().resolve(Backfill.REJECTED_TELEMETRY));
    assertEquals("line,reason,device_id,ts,battery_voltage,heart_rate", lines.get(0));
    assertEquals(5, lines.size(), String.join("\n", lines));
    assertTrue(
        lines.get(1).startsWith("3,wrong_type: battery_voltage='abc' is not a number,E1"),
        lines.get(1));
    assertTrue(lines.get(2).startsWith("4,non_finite: battery_voltage=nan"), lines.get(2));
    assertTrue(
        lines.get(3).startsWith("5,\"duplicate_key: (E1, 2026-01-01 00:00:00) repeats line 2\""),
        lines.get(3));
    assertTrue(lines.get(4).startsWith("6,future_timestamp: ts=2026-03-01"), lines.get(4));
    assertEquals(2, result.snapshot().rowCounts().total());
    assertEquals(4, result.snapshot().inputs().get(0).rowsRejected());
  }

  @Test
  void limitExceededFailsKeepsRejectedRowsAndPublishesNothing() throws Exception {
    BackfillWorkspace workspace = fourBadRows().yaml("");
    var config =
        workspace.config(
            Map.of(
                "mlops.backfill.asOf",
                "2026-02-01T00:00:00Z",
                "mlops.validation.maxRejectedRows",
                "3"));
    RejectedRowsLimitException e =
        assertThrows(
            RejectedRowsLimitException.class,
            () -> new Backfill(config, dev.mlopssuite.runtime.Progress.NONE).call());
    assertTrue(e.getMessage().contains("maxRejectedRows = 3"), e.getMessage());
    assertTrue(Files.readString(e.summary().rejectedFile()).contains("duplicate_key"));
    try (Stream<Path> snapshots = Files.list(dir.resolve("work/snapshots"))) {
      assertFalse(
          snapshots.anyMatch(p -> p.getFileName().toString().startsWith("snap-")),
          "no snapshot may be published");
    }
  }

  @Test
  void badOutcomesAreRejectedToo() throws Exception {
    BackfillResult result =
        new BackfillWorkspace(dir)
            .row("E1", "2026-01-01T00:00:00Z")
            .rawOutcome("E1,2026-01-02T00:00:00Z,2026-01-01T00:00:00Z,x,simulator_outcome")
            .rawOutcome("E1,not-a-time,2026-01-01T00:00:00Z,x,simulator_outcome")
            .rawOutcome("E1,2026-01-03T00:00:00Z,2026-01-03T00:00:00Z,x,guess")
            .backfill(Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z"));
    assertEquals(
        Map.of("confirmed_before_failure", 1L, "wrong_type", 1L, "unknown_source", 1L),
        nonZero(result.outcomes().rejectedByReason()));
    // none of the bad events may label the row positive
    assertEquals(0, result.snapshot().rowCounts().positive());
  }

  @Test
  void missingColumnIsNamed() throws Exception {
    BackfillWorkspace workspace = new BackfillWorkspace(dir).row("E1", "2026-01-01T00:00:00Z");
    var config = workspace.config(Map.of());
    Files.writeString(
        dir.resolve("data/telemetry.csv"),
        "device_id,ts,battery_voltage\nE1,2026-01-01T00:00:00Z,2.8\n");
    DataException e =
        assertThrows(
            DataException.class,
            () -> new Backfill(config, dev.mlopssuite.runtime.Progress.NONE).call());
    assertTrue(e.getMessage().contains("no column 'heart_rate'"), e.getMessage());
  }
}
