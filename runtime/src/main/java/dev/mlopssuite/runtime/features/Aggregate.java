package dev.mlopssuite.runtime.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mlopssuite.runtime.ConfigValueException;
import java.util.Arrays;
import java.util.Locale;

/** How a feature summarises its column over a trailing window (or not at all: {@code raw}). */
public enum Aggregate {
  RAW,
  MEAN,
  SLOPE,
  MIN,
  MAX,
  COUNT,
  /** Population standard deviation over the window: how unsteady the reading has been. */
  STD,
  /**
   * The row's value minus the window's mean: the reading against the entity's own recent baseline
   * (devices differ far more from each other than a failing device drifts from itself).
   */
  DEVIATION;

  @JsonValue
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Aggregate fromYaml(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigValueException(
          "aggregate",
          value,
          "use one of " + Arrays.stream(values()).map(Aggregate::yamlName).toList());
    }
  }
}
