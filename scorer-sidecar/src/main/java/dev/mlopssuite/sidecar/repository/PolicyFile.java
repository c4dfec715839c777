package dev.mlopssuite.sidecar.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mlopssuite.runtime.ConfigValueException;
import dev.mlopssuite.trust.ApprovalPolicy;
import dev.mlopssuite.trust.RepositoryLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the approval part of a model repository's {@code .mlops/policy.yaml} into trust's {@link
 * ApprovalPolicy} (docs/trust-chain.md, "Approvals"): {@code requiredApprovals}, {@code approvers}
 * (role → people), {@code maxApprovalAge}, {@code bootstrapNeedsExtraApproval} and {@code
 * bootstrapApprovalRole}, through {@link ApprovalPolicy#fromPolicyFile}, the one reading that
 * promotion uses too. The gate keys in the same file are the evaluation's and ignored here.
 */
final class PolicyFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private PolicyFile() {}

  static ApprovalPolicy read(Path workTree) throws ModelRefusedException {
    Path file = workTree.resolve(RepositoryLayout.POLICY);
    if (Files.isSymbolicLink(file)) {
      // A link could make the sidecar read any file of its host as the policy.
      throw new ModelRefusedException(
          RepositoryLayout.POLICY + " is a symbolic link: commit the policy as a plain file");
    }
    JsonNode tree;
    try {
      tree = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ModelRefusedException(
          RepositoryLayout.POLICY
              + " cannot be read ("
              + firstLine(e.getMessage())
              + "): the model repository must hold its approval policy");
    }
    if (tree == null || !tree.isObject()) {
      throw new ModelRefusedException(RepositoryLayout.POLICY + " is empty or not a YAML map");
    }
    try {
      return ApprovalPolicy.fromPolicyFile(tree);
    } catch (ConfigValueException e) {
      throw new ModelRefusedException(RepositoryLayout.POLICY + ": " + e.getMessage());
    }
  }

  static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
