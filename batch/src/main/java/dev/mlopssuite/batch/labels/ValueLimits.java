package dev.mlopssuite.batch.labels;

import java.util.Map;

/**
 * Plausible telemetry values (README.md, "Bad input"): per-column inclusive bounds and one limit on
 * every value's magnitude.
 *
 * @param min lowest plausible value by column; a column without one has no lower bound
 * @param max highest plausible value by column; a column without one has no upper bound
 * @param maxAbsolute any value whose magnitude exceeds this is rejected
 */
public record ValueLimits(Map<String, Double> min, Map<String, Double> max, double maxAbsolute) {
  public static final String OUT_OF_RANGE = "out_of_range";

  public ValueLimits {
    min = Map.copyOf(min);
    max = Map.copyOf(max);
  }

  public static ValueLimits magnitudeOnly(double maxAbsolute) {
    return new ValueLimits(Map.of(), Map.of(), maxAbsolute);
  }

  /** The column's bounds as {@code [min, max]}, an open side written -inf or inf. */
  String describe(String column) {
    return "["
        + (min.containsKey(column) ? min.get(column) : "-inf")
        + ", "
        + (max.containsKey(column) ? max.get(column) : "inf")
        + "]";
  }
}
