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
  COUNT;

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
