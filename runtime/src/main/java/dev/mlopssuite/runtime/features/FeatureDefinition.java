package dev.mlopssuite.runtime.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mlopssuite.runtime.ConfigValueException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One named feature: a raw column, or an aggregate of it over the trailing window (τ − window, τ]
 * of the same entity's rows (docs/features.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureDefinition(String name, String column, Aggregate aggregate, Duration window) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  public FeatureDefinition {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ConfigValueException(
          "name", name, "use lowercase letters, digits and '_', starting with a letter");
    }
    if (column == null || column.isBlank()) {
      throw new ConfigValueException(
          "column", column, "name the telemetry column feature '" + name + "' reads");
    }
    aggregate = aggregate == null ? Aggregate.RAW : aggregate;
    if (aggregate == Aggregate.RAW && window != null) {
      throw new ConfigValueException(
          "window", window, "a raw feature has no window: remove it or set an aggregate");
    }
    if (aggregate != Aggregate.RAW && (window == null || window.isNegative() || window.isZero())) {
      throw new ConfigValueException(
          "window",
          window,
          "aggregate '" + aggregate.yamlName() + "' needs a positive window, e.g. PT72H");
    }
  }
}
