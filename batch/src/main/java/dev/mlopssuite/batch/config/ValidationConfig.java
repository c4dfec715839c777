package dev.mlopssuite.batch.config;

import dev.mlopssuite.runtime.ConfigValueException;

/**
 * How many rejected input rows a run tolerates before it fails. Rejected rows are never dropped
 * silently: they are written with their reason either way.
 *
 * @param maxRejectedFraction fail when rejected / read exceeds this (default 0.001)
 * @param maxRejectedRows fail when more rows than this are rejected (absent: no absolute limit)
 */
public record ValidationConfig(Double maxRejectedFraction, Long maxRejectedRows) {
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
  }

  public static ValidationConfig defaults() {
    return new ValidationConfig(null, null);
  }

  public boolean exceeded(long rejected, long read) {
    if (maxRejectedRows != null && rejected > maxRejectedRows) {
      return true;
    }
    return read > 0 && (double) rejected / read > maxRejectedFraction;
  }
}
