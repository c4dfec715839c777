package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.gate.GatePolicy;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.trust.Approval;
import dev.mlopssuite.trust.ApprovalPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Glue between the policy file the batch module reads (gates and approvers, {@code
 * training.policy}) and the approval policy the trust module checks, and the approvals file the
 * Jenkins library writes (a JSON array of approvals). The rules themselves live in the trust module
 * (docs/trust-chain.md).
 */
final class PromotionPolicy {
  private PromotionPolicy() {}

  static GatePolicy gatePolicy(LoadedConfig config) throws MlopsException {
    return MlopsConfigLoader.readYaml(
        config.resolve(config.config().training().policy()), GatePolicy.class);
  }

  static ApprovalPolicy approvalPolicy(GatePolicy gates, Path policyFile) throws MlopsException {
    if (gates.approvers().isEmpty()) {
      throw new MlopsException(
          policyFile
              + " names no approvers: list the members of each role in requiredApprovals under"
              + " 'approvers:' (see model-repo-template/.mlops/policy.yaml)");
    }
    if (gates.bootstrapNeedsExtraApproval() && gates.bootstrapApprovalRole() == null) {
      throw new MlopsException(
          policyFile
              + " sets bootstrapNeedsExtraApproval but names no bootstrapApprovalRole: name the"
              + " role a first model must also be approved by, or set bootstrapNeedsExtraApproval:"
              + " false");
    }
    return new ApprovalPolicy(
        gates.requiredApprovals(),
        gates.approvers(),
        gates.maxApprovalAge(),
        gates.bootstrapNeedsExtraApproval() ? gates.bootstrapApprovalRole() : null);
  }

  static List<Approval> readApprovals(Path file) throws MlopsException {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return Arrays.asList(CanonicalJson.mapper().readValue(file.toFile(), Approval[].class));
    } catch (IOException e) {
      throw new MlopsException(
          "cannot read the approvals file "
              + file
              + ": "
              + e.getMessage().lines().findFirst().orElse("")
              + " (it is a JSON array written by mlops:approve)",
          e);
    }
  }
}
