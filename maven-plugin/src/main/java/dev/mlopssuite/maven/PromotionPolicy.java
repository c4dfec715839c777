package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.gate.GatePolicy;
import dev.mlopssuite.runtime.ConfigValueException;
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

  /** The approval part of the same file, read as the scoring service reads it. */
  static ApprovalPolicy approvalPolicy(GatePolicy gates, Path policyFile) throws MlopsException {
    try {
      return ApprovalPolicy.fromPolicyFile(CanonicalJson.mapper().valueToTree(gates));
    } catch (ConfigValueException e) {
      throw new MlopsException(policyFile + ": " + e.getMessage(), e);
    }
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
