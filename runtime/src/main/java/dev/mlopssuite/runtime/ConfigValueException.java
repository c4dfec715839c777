package dev.mlopssuite.runtime;

/**
 * Thrown by a configuration record's constructor when a value is impossible. Unchecked because
 * Jackson calls those constructors; the configuration loader of the batch module turns it into an
 * error that carries the full key path (for example {@code features.definitions[2].window}).
 */
public final class ConfigValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String value;
  private final String fix;

  public ConfigValueException(String field, Object value, String fix) {
    super("'" + field + "' = '" + value + "': " + fix);
    this.field = field;
    this.value = String.valueOf(value);
    this.fix = fix;
  }

  public String field() {
    return field;
  }

  public String value() {
    return value;
  }

  public String fix() {
    return fix;
  }
}
