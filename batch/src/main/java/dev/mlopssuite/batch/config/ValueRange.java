package dev.mlopssuite.batch.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mlopssuite.runtime.ConfigValueException;

/**
 * The plausible values of one telemetry column, both bounds inclusive (README.md, "Bad input"). A
 * value outside is rejected as {@code out_of_range}, so a sensor glitch never reaches training.
 *
 * @param min smallest plausible value, or absent for no lower bound
 * @param max largest plausible value, or absent for no upper bound
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValueRange(Double min, Double max) {
  public ValueRange {
    if (min == null && max == null) {
      throw new ConfigValueException(
          "min", "(absent)", "give min, max or both, e.g. {min: 0.0, max: 3.5}");
    }
    if (min != null && !Double.isFinite(min)) {
      throw new ConfigValueException("min", min, "use a finite number");
    }
    if (max != null && !Double.isFinite(max)) {
      throw new ConfigValueException("max", max, "use a finite number");
    }
    if (min != null && max != null && min > max) {
      throw new ConfigValueException("min", min, "must not be above max (" + max + ")");
    }
  }

  /** {@code [min, max]} with an open side written as -inf or inf, for messages and lineage. */
  public String describe() {
    return "[" + (min == null ? "-inf" : min) + ", " + (max == null ? "inf" : max) + "]";
  }
}
