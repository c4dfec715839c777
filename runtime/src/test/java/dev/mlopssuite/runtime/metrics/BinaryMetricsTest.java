package dev.mlopssuite.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every metric against values computed by hand (the arithmetic is in the comments). */
class BinaryMetricsTest {
  static final long DAY = 86_400_000L;

  static ScoredRows rows(double[] p, int[] y) {
    String[] entities = new String[p.length];
    long[] millis = new long[p.length];
    for (int i = 0; i < p.length; i++) {
      entities[i] = "E" + i;
    }
    return new ScoredRows(p, y, entities, millis);
  }

  @Test
  void aucAndAveragePrecisionOnTheClassicExample() {
    // y = [0,0,1,1], p = [0.1,0.4,0.35,0.8]
    BinaryMetrics m =
        BinaryMetrics.of(rows(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1}), 0.5, 10);
    // pairs (pos, neg): (0.35,0.1)>, (0.35,0.4)<, (0.8,0.1)>, (0.8,0.4)> → 3/4
    assertEquals(0.75, m.rocAuc(), 1e-12);
    // descending: 0.8(+) R=.5 P=1; 0.4(−) R=.5 P=.5; 0.35(+) R=1 P=2/3 → .5·1 + 0 + .5·2/3 =
    // 0.8333…
    assertEquals(0.5 + 0.5 * 2.0 / 3.0, m.prAuc(), 1e-12);
    // threshold 0.5: only 0.8 predicted positive → tp 1, fp 0, fn 1
    assertEquals(0.5, m.recall(), 1e-12);
    assertEquals(1.0, m.precision(), 1e-12);
    assertEquals(2 * 0.5 / 1.5, m.f1(), 1e-12);
    // Brier: (.01 + .16 + .4225 + .04) / 4
    assertEquals((0.01 + 0.16 + 0.4225 + 0.04) / 4, m.brier(), 1e-12);
  }

  @Test
  void tiedScoresCountHalfInAucAndFormOneThresholdInAp() {
    // y = [0,1,1,0], p = [0.5,0.5,0.9,0.1]
    BinaryMetrics m =
        BinaryMetrics.of(rows(new double[] {0.5, 0.5, 0.9, 0.1}, new int[] {0, 1, 1, 0}), 0.5, 10);
    // pairs: (0.5+,0.5−) tie ½; (0.5+,0.1) 1; (0.9,0.5−) 1; (0.9,0.1) 1 → 3.5/4
    assertEquals(0.875, m.rocAuc(), 1e-12);
    // thresholds: 0.9 → R .5 P 1; 0.5 (two rows, one +) → R 1, P 2/3; 0.1 → R 1 → .5 + .5·2/3
    assertEquals(0.5 + 0.5 * 2.0 / 3.0, m.prAuc(), 1e-12);
  }

  @Test
  void aProbabilityExactlyOnTheThresholdIsPredictedPositive() {
    BinaryMetrics m =
        BinaryMetrics.of(rows(new double[] {0.3, 0.29999}, new int[] {1, 1}), 0.3, 10);
    assertEquals(1, m.truePositives());
    assertEquals(1, m.falseNegatives());
  }

  @Test
  void eceSkipsEmptyBinsAndClosesTheLastBinAtOne() {
    // B = 4: bins [0,.25) [.25,.5) [.5,.75) [.75,1]
    // p = .1 (y0), .2 (y1) → bin 0: mean p .15, rate .5 → |.5 − .15| = .35, weight 2/5
    // p = .8 (y1), 1.0 (y1), .9 (y0) → bin 3: mean p .9, rate 2/3 → |.6667 − .9| = .2333, weight
    // 3/5
    // bins 1 and 2 empty
    BinaryMetrics m =
        BinaryMetrics.of(
            rows(new double[] {0.1, 0.2, 0.8, 1.0, 0.9}, new int[] {0, 1, 1, 1, 0}), 0.5, 4);
    assertEquals(2.0 / 5 * 0.35 + 3.0 / 5 * Math.abs(2.0 / 3 - 0.9), m.ece(), 1e-12);
    assertEquals(0, m.calibration().get(1).count());
    assertTrue(Double.isNaN(m.calibration().get(1).meanPredicted()));
    assertEquals(3, m.calibration().get(3).count());
  }

  static final long MIDNIGHT = Instant.parse("2026-01-02T00:00:00Z").toEpochMilli();
  static final long HOUR = 3_600_000L;

  /**
   * Six rows around midnight UTC of 2026-01-02. Entity-days: E1/Jan 1 (rows 0, 1), E1/Jan 2 (rows
   * 2, 3: row 2 is at 00:00:00Z, already the next UTC day), E2/Jan 1 (row 4), E3/Jan 2 (row 5) → 4.
   */
  static ScoredRows aroundMidnight() {
    return new ScoredRows(
        new double[] {0.9, 0.8, 0.7, 0.6, 0.2, 0.95},
        new int[] {0, 0, 0, 1, 0, 1},
        new String[] {"E1", "E1", "E1", "E1", "E2", "E3"},
        new long[] {
          MIDNIGHT - 5000,
          MIDNIGHT - 1,
          MIDNIGHT,
          MIDNIGHT + HOUR,
          MIDNIGHT - DAY / 2,
          MIDNIGHT + 2 * HOUR
        });
  }

  @Test
  void falseAlarmDaysCountDistinctEntityUtcDaysWithAFalsePositive() {
    BinaryMetrics m = BinaryMetrics.of(aroundMidnight(), 0.5, 10);
    assertEquals(4, m.entityDays());
    // false-positive rows 0, 1, 2 (p ≥ .5, label 0); rows 0 and 1 share E1/Jan 1, row 2 is E1/Jan 2
    assertEquals(3, m.falsePositives());
    assertEquals(2, m.falseAlarmDays());
    assertEquals(1000.0 * 2 / 4, m.falseAlarmDaysPer1000EntityDays(), 1e-9);
  }

  @Test
  void theUtcDayBeforeTheEpochIsItsOwnDay() {
    // -1 ms is 1969-12-31T23:59:59.999Z and 0 ms is 1970-01-01: two days (integer division by the
    // day length would put both in day 0)
    ScoredRows scored =
        new ScoredRows(
            new double[] {0.9, 0.9},
            new int[] {0, 0},
            new String[] {"E1", "E1"},
            new long[] {-1, 0});
    BinaryMetrics m = BinaryMetrics.of(scored, 0.5, 10);
    assertEquals(2, m.entityDays());
    assertEquals(2, m.falseAlarmDays());
  }

  @Test
  void falseAlarmDaysAreBoundedByAThousandWhateverTheRowsPerDay() {
    // 2 devices × 3 days × 24 hourly rows, every one a false positive: 144 false-positive rows,
    // which per 1,000 entity-days would be 24,000; as days it is 6 of 6 → 1,000.
    int n = 2 * 3 * 24;
    double[] p = new double[n];
    int[] y = new int[n];
    String[] entities = new String[n];
    long[] millis = new long[n];
    for (int i = 0; i < n; i++) {
      p[i] = 0.9;
      entities[i] = "E" + (i % 2);
      millis[i] = MIDNIGHT + (i / 2) * HOUR;
    }
    BinaryMetrics m = BinaryMetrics.of(new ScoredRows(p, y, entities, millis), 0.5, 10);
    assertEquals(144, m.falsePositives());
    assertEquals(6, m.entityDays());
    assertEquals(1000.0, m.falseAlarmDaysPer1000EntityDays(), 0.0);
  }

  @Test
  void theThresholdTableShowsTheGridAndMarksTheOperatingThreshold() {
    // operating 0.65 is not on the grid: it is added, giving thirteen rows in order
    List<ThresholdRow> table = BinaryMetrics.of(aroundMidnight(), 0.65, 10).thresholds();
    assertEquals(13, table.size());
    assertEquals(
        List.of(0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3, 0.5, 0.65, 0.7, 0.9),
        table.stream().map(ThresholdRow::threshold).toList());
    assertEquals(
        List.of(0.65),
        table.stream().filter(ThresholdRow::operating).map(ThresholdRow::threshold).toList());
    // 0.65: predicted rows 0, 1, 2 (label 0) and 5 (label 1); positives are rows 3 and 5
    // → recall 1/2, precision 1/4; alert days E1/Jan 1, E1/Jan 2, E3/Jan 2 = 3 of 4; false-alarm
    // days E1/Jan 1, E1/Jan 2 = 2 of 4
    assertEquals(new ThresholdRow(0.65, true, 0.5, 0.25, 4, 3, 750.0, 500.0), table.get(10));
    // 0.9: rows 0 (label 0) and 5 (label 1) → recall 1/2, precision 1/2; alert days E1/Jan 1 and
    // E3/Jan 2; false-alarm day E1/Jan 1
    assertEquals(new ThresholdRow(0.9, false, 0.5, 0.5, 2, 1, 500.0, 250.0), table.get(12));
    // 0.1: every row → recall 1, precision 2/6; all 4 days alert, 3 have a negative row
    assertEquals(new ThresholdRow(0.1, false, 1.0, 2.0 / 6, 6, 4, 1000.0, 750.0), table.get(5));
  }

  @Test
  void anOperatingThresholdOnTheGridIsMarkedNotRepeated() {
    List<ThresholdRow> table = ThresholdRow.table(aroundMidnight(), 0.5);
    assertEquals(ThresholdRow.GRID.size(), table.size());
    assertEquals(
        List.of(0.5),
        table.stream().filter(ThresholdRow::operating).map(ThresholdRow::threshold).toList());
    // nothing reaches 0.99: precision undefined, never 0 or 1
    List<ThresholdRow> withTop = ThresholdRow.table(aroundMidnight(), 0.99);
    assertTrue(Double.isNaN(withTop.get(withTop.size() - 1).precision()));
  }

  @Test
  void jsonGatesAndReportShareOneNameForTheFalseAlarmBurden() throws Exception {
    BinaryMetrics m = BinaryMetrics.of(aroundMidnight(), 0.5, 10);
    String json = CanonicalJson.pretty(m);
    assertEquals("false_alarm_days_per_1000_entity_days", BinaryMetrics.FALSE_ALARM_DAYS);
    assertTrue(json.contains("\"false_alarm_days_per_1000_entity_days\" : 500.0"), json);
    assertTrue(json.contains("\"false_positives\" : 3"), json);
    assertTrue(json.contains("\"alert_days_per_1000_entity_days\""), json);
    assertFalse(json.contains("burden"), json);
    assertFalse(json.contains("for_plots"), "the plotted curve stays out of JSON");
    assertEquals(500.0, m.asMap().get(BinaryMetrics.FALSE_ALARM_DAYS));
  }

  @Test
  void nothingPredictedPositiveLeavesPrecisionUndefined() {
    BinaryMetrics m = BinaryMetrics.of(rows(new double[] {0.1, 0.2}, new int[] {1, 0}), 0.5, 10);
    assertTrue(Double.isNaN(m.precision()));
    assertTrue(Double.isNaN(m.f1()));
    assertEquals(0.0, m.recall());
  }

  @Test
  void allNegativeRowsGiveUndefinedRecallAndAucWithoutCrashing() {
    BinaryMetrics m =
        BinaryMetrics.of(rows(new double[] {0.1, 0.7, 0.3}, new int[] {0, 0, 0}), 0.5, 10);
    assertTrue(Double.isNaN(m.recall()));
    assertTrue(Double.isNaN(m.rocAuc()));
    assertTrue(Double.isNaN(m.prAuc()));
    assertEquals(0, m.positives());
  }

  @Test
  void invalidProbabilitiesAreRefused() {
    assertEquals(
        2, rows(new double[] {Double.NaN, 1.2, 0.5}, new int[] {0, 1, 1}).invalidProbabilities());
    assertThrows(
        IllegalArgumentException.class,
        () -> BinaryMetrics.of(rows(new double[] {Double.NaN}, new int[] {0}), 0.5, 10));
  }

  @Test
  void storedCurvesAreThinnedButKeepTheirEnds() {
    int n = 10_000;
    double[] p = new double[n];
    int[] y = new int[n];
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < n; i++) {
      p[i] = random.nextDouble();
      y[i] = random.nextDouble() < p[i] ? 1 : 0;
    }
    BinaryMetrics m = BinaryMetrics.of(rows(p, y), 0.5, 15);
    assertEquals(BinaryMetrics.MAX_CURVE_POINTS, m.rocCurve().size());
    assertEquals(0.0, m.rocCurve().get(0).x());
    assertEquals(1.0, m.rocCurve().get(m.rocCurve().size() - 1).x(), 1e-12);
    assertEquals(1.0, m.prCurve().get(m.prCurve().size() - 1).x(), 1e-12);
    // the plotted PR curve is finer, and ends at the same place
    assertEquals(BinaryMetrics.MAX_PLOT_CURVE_POINTS, m.prCurveForPlots().size());
    assertEquals(m.prCurve().get(0), m.prCurveForPlots().get(0));
    assertEquals(1.0, m.prCurveForPlots().get(m.prCurveForPlots().size() - 1).x(), 1e-12);
  }
}
