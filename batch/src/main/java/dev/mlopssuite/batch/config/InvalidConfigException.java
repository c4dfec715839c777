package dev.mlopssuite.batch.config;

import dev.mlopssuite.runtime.MlopsException;

/** A configuration key has a value that cannot be used; carries the key, the value and the fix. */
public final class InvalidConfigException extends MlopsException {
  private static final long serialVersionUID = 1L;
  private final String key;
  private final String value;

  private final String fix;

  public InvalidConfigException(String key, Object value, String fix) {
    this("mlops.yaml", key, value, fix);
  }

  /**
   * @param source the file the key is in, e.g. policy.yaml
   */
  public InvalidConfigException(String source, String key, Object value, String fix) {
    super(source + " key '" + key + "' has invalid value '" + value + "': " + fix);
    this.key = key;
    this.value = String.valueOf(value);
    this.fix = fix;
  }

  public String fix() {
    return fix;
  }

  public String key() {
    return key;
  }

  public String value() {
    return value;
  }
}
