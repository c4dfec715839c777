package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.gate.GatePolicy;
import dev.mlopssuite.batch.publish.GoalResults;
import dev.mlopssuite.runtime.MlopsException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes who must approve, from the gate policy (training.policy), to results/policy.json: the
 * required roles, each role's members, the extra role a bootstrap needs, and how long an approval
 * input may wait. The Jenkins library asks one input per role from it; the approval rules
 * themselves are checked by mlops:approve and mlops:promote, never by Jenkins.
 */
@Mojo(name = "policy", requiresProject = false, threadSafe = true)
public class PolicyMojo extends AbstractMlopsMojo {
  /** How long an approval input waits before the build is aborted. */
  @Parameter(property = "mlops.approvalTimeoutMinutes", defaultValue = "1440")
  private int approvalTimeoutMinutes;

  @Override
  protected void run(LoadedConfig config) throws MlopsException {
    GatePolicy policy =
        MlopsConfigLoader.readYaml(
            config.resolve(config.config().training().policy()), GatePolicy.class);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("goal", "policy");
    result.put("required_roles", policy.requiredApprovals());
    result.put("members", policy.approvers());
    result.put(
        "bootstrap_role",
        policy.bootstrapNeedsExtraApproval() ? policy.bootstrapApprovalRole() : null);
    result.put("max_approval_age", policy.maxApprovalAge());
    result.put("approval_timeout_minutes", approvalTimeoutMinutes);
    getLog().info("result: " + GoalResults.write(config.workDirectory(), "policy", result));
  }
}
