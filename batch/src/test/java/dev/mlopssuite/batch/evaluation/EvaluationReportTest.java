package dev.mlopssuite.batch.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.gate.Verdict;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.metrics.ScoredRows;
import dev.mlopssuite.runtime.metrics.ThresholdRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** evaluation.md, on rows small enough to check by hand. */
class EvaluationReportTest {
  static final long MIDNIGHT = Instant.parse("2026-01-02T00:00:00Z").toEpochMilli();
  static final long HOUR = 3_600_000L;

  /**
   * Four rows, three entity-days: E1/Jan 1 (a negative at .9 and one at .8), E1/Jan 2 (a positive
   * at .7, at 00:00Z so already Jan 2), E2/Jan 1 (a negative at .2).
   */
  static BinaryMetrics metrics(double threshold) {
    return BinaryMetrics.of(
        new ScoredRows(
            new double[] {0.9, 0.8, 0.7, 0.2},
            new int[] {0, 0, 1, 0},
            new String[] {"E1", "E1", "E1", "E2"},
            new long[] {MIDNIGHT - 2 * HOUR, MIDNIGHT - HOUR, MIDNIGHT, MIDNIGHT - 12 * HOUR}),
        threshold,
        10);
  }

  static String report(BinaryMetrics challenger, BinaryMetrics champion) {
    return EvaluationReport.markdown(
        "m",
        new Verdict("v2", "ab", null, true, true, List.of(), "raw"),
        challenger,
        champion,
        "s",
        "1");
  }

  @Test
  void theThresholdTableShowsEachThresholdAndMarksTheOperatingOne() {
    String md = report(metrics(0.75), null);
    // at .75: rows .9 and .8 alert, both false positives, both on E1/Jan 1 → recall 0, precision
    // 0, alert days 1 of 3 (333.3), false-alarm days 1 of 3, 2 false-positive rows
    assertTrue(md.contains("| **0.750 (operating)** | 0.000 | 0.000 | 333.3 | 333.3 | 2 |"), md);
    // at .5: .7 also alerts (a true positive on E1/Jan 2) → recall 1, precision 1/3, alert days 2
    assertTrue(md.contains("| 0.500 | 1.000 | 0.333 | 666.7 | 333.3 | 2 |"), md);
    // at .9: only the negative at .9 alerts → precision 0 (defined: something alerted)
    assertTrue(md.contains("| 0.900 | 0.000 | 0.000 | 333.3 | 333.3 | 1 |"), md);
    assertEquals(
        ThresholdRow.GRID.size() + 1,
        md.lines().filter(l -> l.matches("\\| (\\*\\*)?0\\.\\d{3}.*")).count(),
        md);
    assertEquals(1, md.lines().filter(l -> l.contains("(operating)")).count(), md);
    assertTrue(
        md.contains("- Challenger false positives at the threshold: 2 rows, on 1 of 3 entity-days"),
        md);
  }

  @Test
  void theFalseAlarmRowNamesItsKeyAndComparesWithTheChampion() {
    String md = report(metrics(0.5), metrics(0.85));
    // champion at .85: only .9 alerts → 1 false-alarm day of 3; challenger at .5: also 1 of 3
    assertTrue(
        md.contains(
            "| False-alarm days / 1,000 entity-days (`false_alarm_days_per_1000_entity_days`)"
                + " | 333.3333 | 333.3333 | +0.0000 |"),
        md);
  }

  @Test
  void undefinedPrecisionIsWrittenAsSuch() {
    String md = report(metrics(0.95), null);
    assertTrue(md.contains("| **0.950 (operating)** | 0.000 | undefined | 0.0 | 0.0 | 0 |"), md);
  }
}
