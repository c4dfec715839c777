package dev.mlopssuite.sidecar.config;

import dev.mlopssuite.runtime.MlopsException;

/**
 * The sidecar's configuration file cannot be used: names the key (as a dotted path), the value and
 * the fix (docs/scorer-sidecar.md, "Watching, verifying, swapping", "Configuration"). A secret's
 * value is never part of it.
 */
public final class SidecarConfigException extends MlopsException {
  private static final long serialVersionUID = 1L;
  private final String key;
  private final String value;

  public SidecarConfigException(String key, String value, String fix) {
    super("sidecar configuration: '" + key + "' = '" + value + "': " + fix);
    this.key = key;
    this.value = value;
  }

  public SidecarConfigException(String key, String value, String fix, Throwable cause) {
    super("sidecar configuration: '" + key + "' = '" + value + "': " + fix, cause);
    this.key = key;
    this.value = value;
  }

  /** The dotted key path, for example {@code repository.pollInterval}. */
  public String key() {
    return key;
  }

  public String value() {
    return value;
  }
}
