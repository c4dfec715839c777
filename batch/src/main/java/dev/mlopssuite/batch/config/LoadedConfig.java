package dev.mlopssuite.batch.config;

import java.nio.file.Path;

/**
 * A validated configuration together with where it came from.
 *
 * @param config the validated values, overrides applied
 * @param baseDirectory directory of mlops.yaml; relative paths resolve against it
 * @param effectiveYaml the configuration as it was used, defaults filled in; written beside every
 *     output
 * @param configHash sha256 of the canonical JSON of {@code config}
 */
public record LoadedConfig(
    MlopsConfig config, Path baseDirectory, String effectiveYaml, String configHash) {

  public Path resolve(String path) {
    return baseDirectory.resolve(path).normalize();
  }

  public Path workDirectory() {
    return resolve(config.data().workDir());
  }
}
