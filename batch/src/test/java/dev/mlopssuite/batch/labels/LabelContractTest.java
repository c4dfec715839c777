package dev.mlopssuite.batch.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mlopssuite.batch.testing.BackfillWorkspace;
import dev.mlopssuite.batch.testing.BackfillWorkspace.LabelRow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins every line of the label contract (docs/label-contract.md), boundaries included, through a
 * real backfill.
 */
class LabelContractTest {
  static final String T = "2026-02-01T00:00:00Z";
  static Map<String, LabelRow> atT;
  static Map<String, LabelRow> earlyWatermark;

  @BeforeAll
  static void backfill(@TempDir Path dir) throws Exception {
    BackfillWorkspace workspace =
        new BackfillWorkspace(dir.resolve("a"))
            // f = τ: not in the window; the row an hour earlier sees it
            .row("E01", "2025-12-31T23:00:00Z")
            .row("E01", "2026-01-01T00:00:00Z")
            .failure("E01", "2026-01-01T00:00:00Z")
            // f = τ + H: in the window
            .row("E02", "2026-01-01T00:00:00Z")
            .failure("E02", "2026-01-08T00:00:00Z", "2026-01-08T06:00:00Z")
            // f = τ + H + 1 ms: not in the window
            .row("E03", "2026-01-01T00:00:00Z")
            .failure("E03", "2026-01-08T00:00:00.001Z")
            // early positive: τ + H = Feb 4 > W = Feb 1, failure confirmed Jan 30 12:00
            .row("E04", "2026-01-28T00:00:00Z")
            .failure("E04", "2026-01-30T00:00:00Z", "2026-01-30T12:00:00Z")
            // two failures in one window: the first one resolves the label
            .row("E07", "2026-01-01T00:00:00Z")
            .failure("E07", "2026-01-03T00:00:00Z", "2026-01-03T01:00:00Z")
            .failure("E07", "2026-01-05T00:00:00Z", "2026-01-05T01:00:00Z")
            // two failures confirmed out of order: the later failure was known first
            .row("E13", "2026-01-01T00:00:00Z")
            .failure("E13", "2026-01-03T00:00:00Z", "2026-01-06T00:00:00Z")
            .failure("E13", "2026-01-05T00:00:00Z", "2026-01-05T02:00:00Z")
            // ... but a failure outside the window confirmed earlier still does not count
            .row("E14", "2026-01-01T00:00:00Z")
            .failure("E14", "2026-01-03T00:00:00Z", "2026-01-06T00:00:00Z")
            .failure("E14", "2026-01-08T00:00:01Z", "2026-01-08T00:00:02Z")
            // entities never mix: E08's neighbour in sort order fails, E08 does not
            .row("E08", "2026-01-01T00:00:00Z")
            .row("E09", "2026-01-01T00:00:00Z")
            .failure("E09", "2026-01-02T00:00:00Z")
            // failure inside the window but confirmed after T is not known yet
            .row("E10", "2026-01-28T00:00:00Z")
            .failure("E10", "2026-01-30T00:00:00Z", "2026-02-02T00:00:00Z")
            // recent row, no failure, window not closed: unresolved
            .row("E11", "2026-01-30T00:00:00Z")
            // a row long before every failure in the data but with a closed window
            .row("E12", "2025-12-01T00:00:00Z");
    atT = BackfillWorkspace.rows(workspace.backfill(Map.of("mlops.backfill.asOf", T)).directory());

    BackfillWorkspace early =
        new BackfillWorkspace(dir.resolve("b"))
            // old row (τ < T − H) whose window is not covered by W = Jan 20: unresolved
            .row("E05", "2026-01-15T00:00:00Z")
            // failure after the watermark is not used, even inside the window
            .row("E06", "2026-01-10T00:00:00Z")
            .row("E06", "2026-01-14T00:00:00Z")
            .failure("E06", "2026-01-21T00:00:00Z");
    earlyWatermark =
        BackfillWorkspace.rows(
            early
                .backfill(
                    Map.of(
                        "mlops.backfill.asOf",
                        T,
                        "mlops.backfill.watermark",
                        "2026-01-20T00:00:00Z"))
                .directory());
  }

  static LabelRow row(Map<String, LabelRow> rows, String entity, String ts) {
    LabelRow row = rows.get(entity + "|" + Instant.parse(ts));
    if (row == null) {
      throw new AssertionError("no row " + entity + " " + ts + " in " + rows.keySet());
    }
    return row;
  }

  static void assertNegative(LabelRow row, String windowEnd) {
    assertEquals(0, row.label());
    assertEquals("resolved", row.status());
    assertEquals(Instant.parse(windowEnd), row.resolvedAt());
    assertEquals("simulator_outcome", row.source());
  }

  static void assertPositive(LabelRow row, String confirmedAt) {
    assertEquals(1, row.label());
    assertEquals("resolved", row.status());
    assertEquals(Instant.parse(confirmedAt), row.resolvedAt());
    assertEquals("simulator_outcome", row.source());
  }

  static void assertUnresolved(LabelRow row) {
    assertNull(row.label());
    assertEquals("unresolved", row.status());
    assertNull(row.resolvedAt());
    assertNull(row.source());
  }

  @Test
  void failureAtRowTimeIsNotInTheWindow() {
    assertNegative(row(atT, "E01", "2026-01-01T00:00:00Z"), "2026-01-08T00:00:00Z");
    assertPositive(row(atT, "E01", "2025-12-31T23:00:00Z"), "2026-01-01T00:00:00Z");
  }

  @Test
  void failureAtWindowEndIsInTheWindow() {
    assertPositive(row(atT, "E02", "2026-01-01T00:00:00Z"), "2026-01-08T06:00:00Z");
  }

  @Test
  void failureOneMillisecondAfterWindowEndIsNot() {
    assertNegative(row(atT, "E03", "2026-01-01T00:00:00Z"), "2026-01-08T00:00:00Z");
  }

  @Test
  void earlyPositiveResolvesBeforeTheWindowCloses() {
    assertPositive(row(atT, "E04", "2026-01-28T00:00:00Z"), "2026-01-30T12:00:00Z");
  }

  @Test
  void twoFailuresInOneWindowResolveWithTheFirst() {
    assertPositive(row(atT, "E07", "2026-01-01T00:00:00Z"), "2026-01-03T01:00:00Z");
  }

  @Test
  void aPositiveResolvesAtTheEarliestConfirmationAmongItsFailures() {
    assertPositive(row(atT, "E13", "2026-01-01T00:00:00Z"), "2026-01-05T02:00:00Z");
    assertPositive(row(atT, "E14", "2026-01-01T00:00:00Z"), "2026-01-06T00:00:00Z");
  }

  @Test
  void entitiesNeverMix() {
    assertNegative(row(atT, "E08", "2026-01-01T00:00:00Z"), "2026-01-08T00:00:00Z");
    assertPositive(row(atT, "E09", "2026-01-01T00:00:00Z"), "2026-01-02T00:00:00Z");
  }

  @Test
  void failureConfirmedAfterAsOfIsNotYetKnown() {
    assertUnresolved(row(atT, "E10", "2026-01-28T00:00:00Z"));
  }

  @Test
  void openWindowWithoutFailureStaysUnresolved() {
    assertUnresolved(row(atT, "E11", "2026-01-30T00:00:00Z"));
    assertNegative(row(atT, "E12", "2025-12-01T00:00:00Z"), "2025-12-08T00:00:00Z");
  }

  @Test
  void oldRowNotCoveredByWatermarkStaysUnresolved() {
    // τ = Jan 15 is more than H before T = Feb 1, but τ + H = Jan 22 > W = Jan 20: age alone never
    // makes a negative.
    assertUnresolved(row(earlyWatermark, "E05", "2026-01-15T00:00:00Z"));
  }

  @Test
  void failureAfterWatermarkIsNotUsed() {
    assertUnresolved(row(earlyWatermark, "E06", "2026-01-14T00:00:00Z"));
    assertNegative(row(earlyWatermark, "E06", "2026-01-10T00:00:00Z"), "2026-01-17T00:00:00Z");
  }

  @Test
  void everyRowCarriesTheLogicVersion() {
    atT.values().forEach(row -> assertEquals(LabelContract.LOGIC_VERSION, row.logicVersion()));
    assertEquals(13, atT.size());
  }
}
