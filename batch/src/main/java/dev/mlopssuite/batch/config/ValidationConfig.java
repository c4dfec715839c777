package dev.mlopssuite.batch.config;

import dev.mlopssuite.runtime.ConfigValueException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which values are plausible, and how many rejected input rows a run tolerates before it fails.
 * Rejected rows are never dropped silently: they are written with their reason either way
 * (README.md, "Bad input").
 *
 * @param maxRejectedFraction fail when rejected / read exceeds this (default 0.001)
 * @param maxRejectedRows fail when more rows than this are rejected (absent: no absolute limit)
 * @param ranges plausible values per telemetry value column, both bounds inclusive (default: none)
 * @param maxAbsoluteValue a value column whose magnitude exceeds this is rejected even without a
 *     range (default 1e12)
 */
public record ValidationConfig(
    Double maxRejectedFraction,
    Long maxRejectedRows,
    Map<String, ValueRange> ranges,
    Double maxAbsoluteValue) {
  /**
   * Finite is not enough: 1e308 is finite, yet squaring it while standardising features overflows
   * to infinity. 1e12 is far above any physical telemetry reading and far below where doubles lose
   * the precision training needs.
   */
  public static final double DEFAULT_MAX_ABSOLUTE_VALUE = 1e12;

  public ValidationConfig {
    maxRejectedFraction = maxRejectedFraction == null ? 0.001 : maxRejectedFraction;
    if (!(maxRejectedFraction >= 0 && maxRejectedFraction <= 1)) {
      throw new ConfigValueException(
          "maxRejectedFraction", maxRejectedFraction, "use a fraction between 0 and 1, e.g. 0.001");
    }
    if (maxRejectedRows != null && maxRejectedRows < 0) {
      throw new ConfigValueException(
          "maxRejectedRows", maxRejectedRows, "use 0 or a positive count");
    }
    ranges =
        ranges == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(ranges));
    for (Map.Entry<String, ValueRange> range : ranges.entrySet()) {
      ConfigChecks.sqlIdentifier("ranges", range.getKey());
      if (range.getValue() == null) {
        throw new ConfigValueException(
            "ranges." + range.getKey(), "(empty)", "give min, max or both, e.g. {min: 0.0}");
      }
    }
    maxAbsoluteValue = maxAbsoluteValue == null ? DEFAULT_MAX_ABSOLUTE_VALUE : maxAbsoluteValue;
    if (!(maxAbsoluteValue > 0) || Double.isInfinite(maxAbsoluteValue)) {
      throw new ConfigValueException(
          "maxAbsoluteValue", maxAbsoluteValue, "use a positive finite number, e.g. 1e12");
    }
  }

  public static ValidationConfig defaults() {
    return new ValidationConfig(null, null, null, null);
  }

  public boolean exceeded(long rejected, long read) {
    if (maxRejectedRows != null && rejected > maxRejectedRows) {
      return true;
    }
    return read > 0 && (double) rejected / read > maxRejectedFraction;
  }
}
