package dev.mlopssuite.batch.config;

import dev.mlopssuite.runtime.ConfigValueException;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks shared by the configuration records; each throws a {@link ConfigValueException}. */
final class ConfigChecks {
  /** Plain identifiers only: they are spliced into SQL, so anything else is refused. */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  static final Set<String> LABEL_SOURCES = Set.of("observed_outcome", "simulator_outcome");

  private ConfigChecks() {}

  static void required(String field, Object value, String what) {
    if (value == null || (value instanceof String s && s.isBlank())) {
      throw new ConfigValueException(field, value, "is required: set it to " + what);
    }
  }

  static String sqlIdentifier(String field, String value) {
    required(field, value, "a column name");
    if (!IDENTIFIER.matcher(value).matches()) {
      throw new ConfigValueException(
          field,
          value,
          "use a plain column name (letters, digits, underscore; not starting with a digit)");
    }
    return value;
  }

  static String identifierOrDefault(String field, String value, String fallback) {
    return value == null ? fallback : sqlIdentifier(field, value);
  }

  static void labelSource(String field, String value) {
    if (!LABEL_SOURCES.contains(value)) {
      throw new ConfigValueException(field, value, "use one of " + LABEL_SOURCES);
    }
  }

  static Duration positiveWholeSeconds(String field, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new ConfigValueException(field, value, "use a positive ISO-8601 duration, e.g. P7D");
    }
    if (value.toNanos() % 1_000_000_000L != 0) {
      throw new ConfigValueException(field, value, "use whole seconds, e.g. PT36H");
    }
    return value;
  }
}
