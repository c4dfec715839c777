package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import java.io.File;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal shares: reading mlops.yaml with {@code -Dmlops.<key>=} overrides, printing
 * progress, and turning core's exceptions into Maven's. Goals stay thin: validate, delegate, map.
 */
abstract class AbstractMlopsMojo extends AbstractRepositoryLoginMojo {
  /** The mlops.yaml to read. */
  @Parameter(property = "mlops.config", defaultValue = "${project.basedir}/mlops.yaml")
  protected File config;

  /** Skip this goal. */
  @Parameter(property = "mlops.skip", defaultValue = "false")
  protected boolean skip;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("mlops: skipped (mlops.skip=true)");
      return;
    }
    try {
      run(loadConfig());
    } catch (MlopsException e) {
      // A problem the user can fix (bad config, bad input, a failed gate): BUILD FAILURE, not
      // ERROR.
      throw new MojoFailureException(e.getMessage(), e);
    }
  }

  protected abstract void run(LoadedConfig config) throws MlopsException, MojoExecutionException;

  /**
   * Properties that are goal parameters, not mlops.yaml keys. Shared by every goal, because one
   * command line often runs several goals (mlops:simulate mlops:backfill -Dmlops.exportCsv=...).
   */
  static final Set<String> GOAL_PARAMETERS =
      Set.of(
          "mlops.config",
          "mlops.skip",
          "mlops.exportCsv",
          "mlops.reproduce",
          "mlops.run",
          "mlops.key",
          // promotion, approval, rollback and the model repository (mlops:promote and friends)
          "mlops.role",
          "mlops.user",
          "mlops.startedBy",
          "mlops.promotedBy",
          "mlops.approvals",
          "mlops.signingKey",
          "mlops.signingPublicKey",
          "mlops.signingKeyId",
          "mlops.keyDirectory",
          "mlops.trustedKeys",
          "mlops.modelRepo",
          "mlops.servedBranch",
          "mlops.template",
          "mlops.bare",
          "mlops.ifMissing",
          "mlops.version",
          "mlops.reason",
          "mlops.pullRequest",
          "mlops.pullRequest.repository",
          "mlops.pullRequest.baseUrl",
          "mlops.pullRequest.tokenVariable",
          "mlops.pullRequest.tokenFile",
          "mlops.git.username",
          "mlops.git.passwordVariable",
          "mlops.git.passwordFile",
          "mlops.git.sshDirectory",
          "mlops.approvalTimeoutMinutes");

  private LoadedConfig loadConfig() throws MlopsException {
    Map<String, String> overrides = new TreeMap<>();
    session
        .getUserProperties()
        .forEach(
            (key, value) -> {
              String name = String.valueOf(key);
              if (name.startsWith(MlopsConfigLoader.OVERRIDE_PREFIX)
                  && !GOAL_PARAMETERS.contains(name)) {
                overrides.put(name, String.valueOf(value));
              }
            });
    if (!overrides.isEmpty()) {
      getLog().info("mlops: overrides from the command line: " + overrides);
    }
    LoadedConfig loaded = MlopsConfigLoader.load(config.toPath(), overrides);
    getLog()
        .info("mlops: " + config + " (config sha256 " + loaded.configHash().substring(0, 12) + ")");
    return loaded;
  }

  protected Progress progress() {
    return (stage, done, total) -> {
      if (total > 0) {
        getLog()
            .info(String.format("%s: %,d / %,d (%d%%)", stage, done, total, done * 100 / total));
      } else {
        getLog().info(stage);
      }
    };
  }
}
