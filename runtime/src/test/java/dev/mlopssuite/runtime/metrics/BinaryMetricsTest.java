package dev.mlopssuite.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
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

  @Test
  void falsePositiveBurdenCountsDistinctEntityUtcDays() {
    long midnight = Instant.parse("2026-01-02T00:00:00Z").toEpochMilli();
    // E1 twice on Jan 1 (one entity-day), E1 just after midnight (another), E2 on Jan 1: 3
    // entity-days
    ScoredRows scored =
        new ScoredRows(
            new double[] {0.9, 0.8, 0.7, 0.2},
            new int[] {0, 0, 1, 0},
            new String[] {"E1", "E1", "E1", "E2"},
            new long[] {midnight - 5000, midnight - 1, midnight, midnight - DAY / 2});
    BinaryMetrics m = BinaryMetrics.of(scored, 0.5, 10);
    assertEquals(3, m.entityDays());
    assertEquals(2, m.falsePositives());
    assertEquals(1000.0 * 2 / 3, m.fpBurdenPer1000EntityDays(), 1e-9);
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
  }
}
