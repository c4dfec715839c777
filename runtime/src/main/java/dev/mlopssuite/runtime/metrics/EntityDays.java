package dev.mlopssuite.runtime.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The distinct (entity, UTC day) pairs of scored rows, the unit in which alerts are read
 * (docs/metrics.md, false-alarm burden): a device-day brings a call or it does not, however many of
 * its hourly rows cross the threshold. Each pair keeps the highest probability of its rows and of
 * its negative rows, so the number of days with an alert or a false alarm at any threshold is one
 * binary search.
 */
public final class EntityDays {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** Highest probability of each pair, ascending. */
  private final double[] maxProbability;

  /** Highest probability among each pair's negative rows, ascending; pairs with none are absent. */
  private final double[] maxNegativeProbability;

  private EntityDays(double[] maxProbability, double[] maxNegativeProbability) {
    this.maxProbability = maxProbability;
    this.maxNegativeProbability = maxNegativeProbability;
  }

  public static EntityDays of(ScoredRows rows) {
    double[] p = rows.probabilities();
    Map<String, double[]> maxima = new HashMap<>();
    for (int i = 0; i < p.length; i++) {
      // floorDiv, not /: a time before 1970 still falls in its own UTC day.
      String key = rows.entities()[i] + "|" + Math.floorDiv(rows.millis()[i], MILLIS_PER_DAY);
      double[] max =
          maxima.computeIfAbsent(key, k -> new double[] {Double.NEGATIVE_INFINITY, Double.NaN});
      max[0] = Math.max(max[0], p[i]);
      if (rows.labels()[i] == 0) {
        max[1] = Double.isNaN(max[1]) ? p[i] : Math.max(max[1], p[i]);
      }
    }
    double[] all = maxima.values().stream().mapToDouble(m -> m[0]).sorted().toArray();
    double[] negative =
        maxima.values().stream().mapToDouble(m -> m[1]).filter(v -> !Double.isNaN(v)).toArray();
    Arrays.sort(negative);
    return new EntityDays(all, negative);
  }

  /** Distinct (entity, UTC day) pairs. */
  public long count() {
    return maxProbability.length;
  }

  /** Pairs with at least one row at or above the threshold. */
  public long withAlert(double threshold) {
    return atOrAbove(maxProbability, threshold);
  }

  /** Pairs with at least one false positive: a negative row at or above the threshold. */
  public long withFalseAlarm(double threshold) {
    return atOrAbove(maxNegativeProbability, threshold);
  }

  /** {@code days} per 1,000 pairs; NaN when there are no rows, so a gate on it fails closed. */
  public double per1000(long days) {
    return count() == 0 ? Double.NaN : 1000.0 * days / count();
  }

  private static long atOrAbove(double[] ascending, double threshold) {
    int low = 0;
    int high = ascending.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (ascending[mid] < threshold) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return ascending.length - low;
  }
}
