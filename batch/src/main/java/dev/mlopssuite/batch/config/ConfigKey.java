package dev.mlopssuite.batch.config;

/**
 * One row of the configuration reference (docs/configuration.md).
 *
 * @param path the key as written in mlops.yaml and after {@code -Dmlops.}, e.g. {@code
 *     training.threshold}; {@code []} stands for any list element, {@code <name>} for any map key
 * @param type what the value must be, e.g. {@code duration} or {@code list of string}
 * @param defaultValue what loading gives when the key is absent: a value, {@code required}, or
 *     empty when the key stays unset
 * @param meaning one sentence from config-keys.properties
 */
public record ConfigKey(String path, String type, String defaultValue, String meaning) {

  /**
   * True for the key itself and every key below it ({@code training} matches {@code
   * training.seed}).
   */
  public boolean isUnder(String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[");
  }
}
