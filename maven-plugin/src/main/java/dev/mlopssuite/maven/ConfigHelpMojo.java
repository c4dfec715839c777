package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.ConfigKey;
import dev.mlopssuite.batch.config.ConfigReference;
import dev.mlopssuite.batch.config.ConfigReferenceText;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints every mlops.yaml key with its type, default and meaning (the table of
 * docs/configuration.md). Needs no mlops.yaml: it describes the file, so it extends {@link
 * AbstractMojo} rather than {@link AbstractMlopsMojo}, which loads one.
 */
@Mojo(name = "config-help", requiresProject = false, threadSafe = true)
public class ConfigHelpMojo extends AbstractMojo {
  /** Print only this key and the keys below it, e.g. {@code training} or {@code data.workDir}. */
  @Parameter(property = "mlops.key")
  String key;

  @Override
  public void execute() throws MojoFailureException {
    ConfigReference reference = ConfigReference.generate();
    List<ConfigKey> keys = reference.under(key);
    if (keys.isEmpty()) {
      throw new MojoFailureException(
          "-Dmlops.key="
              + key
              + " names no mlops.yaml key: use a key path such as training or"
              + " training.threshold; the top-level keys are "
              + reference.topLevelKeys());
    }
    ConfigReferenceText.table(keys).forEach(getLog()::info);
  }
}
