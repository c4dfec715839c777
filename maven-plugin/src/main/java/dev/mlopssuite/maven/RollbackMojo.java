package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.publish.GoalResults;
import dev.mlopssuite.modelrepo.Rollback;
import dev.mlopssuite.modelrepo.RollbackResult;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.trust.ApprovalPolicy;
import dev.mlopssuite.trust.TrustedKeys;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Points a model's CHAMPION back at an earlier version whose promotion still verifies, with a
 * reason and one ml-owner approval in a signed rollback record. The metric gates are skipped: that
 * version was approved once. Writes results/rollback.json.
 */
@Mojo(name = "rollback", requiresProject = false, threadSafe = true)
public class RollbackMojo extends AbstractSigningMojo {
  /** The earlier version to serve again. */
  @Parameter(property = "mlops.version", required = true)
  private String version;

  /** Why (recorded, signed and shown by mlops:history). */
  @Parameter(property = "mlops.reason", required = true)
  private String reason;

  /** The ml-owner who approves the rollback (not the person rolling back). */
  @Parameter(property = "mlops.user", required = true)
  private String approvedBy;

  /** The role approved in: a rollback takes one ml-owner approval. */
  @Parameter(property = "mlops.role", defaultValue = "ml-owner")
  private String role;

  /** Who rolls back (in Jenkins: who started the rollback build). */
  @Parameter(property = "mlops.startedBy", defaultValue = "${user.name}")
  private String user;

  /** A directory of trusted public keys (PEM): the target version must verify against them. */
  @Parameter(property = "mlops.trustedKeys", defaultValue = "${basedir}/target/mlops/keys")
  private File trustedKeys;

  @Override
  protected void run(LoadedConfig config) throws MlopsException {
    if (!ApprovalPolicy.ROLLBACK_ROLE.equals(role)) {
      throw new MlopsException(
          "-Dmlops.role="
              + role
              + ": a rollback is approved by one "
              + ApprovalPolicy.ROLLBACK_ROLE);
    }
    Rollback rollback =
        new Rollback()
            .setRepositoryUrl(modelRepo)
            .setModel(config.config().model())
            .setToVersion(version)
            .setReason(reason)
            .setApprovedBy(approvedBy)
            .setPolicy(
                PromotionPolicy.approvalPolicy(
                    PromotionPolicy.gatePolicy(config),
                    config.resolve(config.config().training().policy())))
            .setTrustedKeys(TrustedKeys.fromDirectory(trustedKeys.toPath()))
            .setSigningKey(signingKey(), signingKeyId())
            .setRolledBackBy(user)
            .setServedBranch(servedBranch);
    RollbackResult result = withLogin(modelRepo, login -> rollback.setLogin(login).call());
    getLog()
        .info(
            result.model()
                + ": CHAMPION "
                + result.fromVersion()
                + " → "
                + result.toVersion()
                + " in commit "
                + result.commitId()
                + " ("
                + result.recordPath()
                + ")");
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("goal", "rollback");
    summary.put("model", result.model());
    summary.put("from_version", result.fromVersion());
    summary.put("to_version", result.toVersion());
    summary.put("commit", result.commitId());
    summary.put("record", result.recordPath());
    getLog().info("result: " + GoalResults.write(config.workDirectory(), "rollback", summary));
  }
}
