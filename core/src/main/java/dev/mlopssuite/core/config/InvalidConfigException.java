package dev.mlopssuite.core.config;

import dev.mlopssuite.core.MlopsException;

/** A configuration key has a value that cannot be used; carries the key, the value and the fix. */
public final class InvalidConfigException extends MlopsException {
  private static final long serialVersionUID = 1L;
  private final String key;
  private final String value;

  public InvalidConfigException(String key, Object value, String fix) {
    super("mlops.yaml key '" + key + "' has invalid value '" + value + "': " + fix);
    this.key = key;
    this.value = String.valueOf(value);
  }

  public String key() {
    return key;
  }

  public String value() {
    return value;
  }
}
