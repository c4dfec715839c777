package dev.mlopssuite.batch.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.testing.BackfillWorkspace;
import dev.mlopssuite.batch.testing.BackfillWorkspace.LabelRow;
import dev.mlopssuite.runtime.MlopsException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cohort or time-range backfill changes only the rows it names, checked row by row. */
class PartialBackfillTest {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String T1 = "2026-01-21T00:00:00Z";
  static final String W1 = "2026-01-16T00:00:00Z";
  static final String T2 = "2026-01-28T00:00:00Z";

  static BackfillWorkspace workspace;
  static BackfillResult parent;
  static Map<String, LabelRow> parentRows;
  static Map<String, LabelRow> fullAtT2;

  @BeforeAll
  static void setUp(@TempDir Path dir) throws Exception {
    workspace = new BackfillWorkspace(dir);
    Random random = new Random(7);
    for (int e = 1; e <= 6; e++) {
      String entity = "E" + e;
      for (int hour = 0; hour < 20 * 24; hour += 3) {
        workspace.row(entity, START.plus(Duration.ofHours(hour)).toString());
      }
      for (int k = 0; k < 3; k++) {
        Instant failure = START.plus(Duration.ofMinutes(random.nextInt(27 * 24 * 60)));
        workspace.failure(entity, failure.toString(), failure.plus(Duration.ofHours(2)).toString());
      }
    }
    parent = workspace.backfill(Map.of("mlops.backfill.asOf", T1, "mlops.backfill.watermark", W1));
    parentRows = BackfillWorkspace.rows(parent.directory());
    fullAtT2 =
        BackfillWorkspace.rows(workspace.backfill(Map.of("mlops.backfill.asOf", T2)).directory());
    assertNotEquals(parentRows, fullAtT2, "the fixture must make the two backfills differ");
  }

  private static void assertOnlyScopeChanged(
      Map<String, String> scope, java.util.function.BiPredicate<String, Instant> inScope)
      throws Exception {
    Map<String, String> overrides = new java.util.HashMap<>(scope);
    overrides.put("mlops.backfill.asOf", T2);
    overrides.put("mlops.backfill.parent", parent.snapshot().id());
    BackfillResult partial = workspace.backfill(overrides);
    assertEquals(List.of(parent.snapshot().id()), partial.snapshot().parentIds());
    Map<String, LabelRow> rows = BackfillWorkspace.rows(partial.directory());
    assertEquals(parentRows.keySet(), rows.keySet());
    int changed = 0;
    for (var entry : rows.entrySet()) {
      String[] key = entry.getKey().split("\\|");
      boolean named = inScope.test(key[0], Instant.parse(key[1]));
      LabelRow expected = named ? fullAtT2.get(entry.getKey()) : parentRows.get(entry.getKey());
      assertEquals(
          expected,
          entry.getValue(),
          entry.getKey() + (named ? " (in scope)" : " (outside scope)"));
      if (named && !expected.equals(parentRows.get(entry.getKey()))) {
        changed++;
      }
    }
    assertTrue(changed > 0, "the scope must contain rows whose labels move");
  }

  @Test
  void cohortBackfillChangesOnlyTheCohort() throws Exception {
    assertOnlyScopeChanged(
        Map.of("mlops.backfill.cohort", "E2,E5"),
        (entity, ts) -> entity.equals("E2") || entity.equals("E5"));
  }

  @Test
  void timeRangeBackfillChangesOnlyTheRange() throws Exception {
    Instant from = Instant.parse("2026-01-10T00:00:00Z");
    Instant to = Instant.parse("2026-01-15T00:00:00Z");
    assertOnlyScopeChanged(
        Map.of("mlops.backfill.from", from.toString(), "mlops.backfill.to", to.toString()),
        (entity, ts) -> !ts.isBefore(from) && ts.isBefore(to));
  }

  @Test
  void cohortAndRangeTogether() throws Exception {
    Instant from = Instant.parse("2026-01-09T00:00:00Z");
    assertOnlyScopeChanged(
        Map.of("mlops.backfill.cohort", "E3", "mlops.backfill.from", from.toString()),
        (entity, ts) -> entity.equals("E3") && !ts.isBefore(from));
  }

  @Test
  void theWatermarkMayNotMoveBackAgainstTheParent() {
    MlopsException e =
        assertThrows(
            MlopsException.class,
            () ->
                workspace.backfill(
                    Map.of(
                        "mlops.backfill.parent",
                        parent.snapshot().id(),
                        "mlops.backfill.cohort",
                        "E1",
                        "mlops.backfill.asOf",
                        T2,
                        "mlops.backfill.watermark",
                        "2026-01-15T00:00:00Z")));
    assertTrue(e.getMessage().contains("backfill.watermark 2026-01-15T00:00:00Z"), e.getMessage());
    assertTrue(e.getMessage().contains("parent snapshot's watermark " + W1), e.getMessage());
  }

  @Test
  void theAsOfMayNotMoveBackAgainstTheParent() {
    MlopsException e =
        assertThrows(
            MlopsException.class,
            () ->
                workspace.backfill(
                    Map.of(
                        "mlops.backfill.parent", parent.snapshot().id(),
                        "mlops.backfill.cohort", "E1",
                        "mlops.backfill.asOf", "2026-01-20T00:00:00Z")));
    assertTrue(e.getMessage().contains("backfill.asOf 2026-01-20T00:00:00Z"), e.getMessage());
    assertTrue(e.getMessage().contains("parent snapshot's as-of " + T1), e.getMessage());
  }

  @Test
  void partialWithoutParentIsRefusedWithTheFix() {
    MlopsException e =
        assertThrows(
            MlopsException.class, () -> workspace.backfill(Map.of("mlops.backfill.cohort", "E1")));
    assertTrue(e.getMessage().contains("backfill.parent"), e.getMessage());
  }
}
