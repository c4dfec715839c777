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
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the approval part of a model repository's {@code .mlops/policy.yaml} into trust's {@link
 * ApprovalPolicy} (docs/trust-chain.md, "Approvals"): {@code requiredApprovals}, {@code approvers}
 * (role → people), {@code maxApprovalAge}, {@code bootstrapNeedsExtraApproval} and {@code
 * bootstrapApprovalRole}. The gate keys in the same file are the evaluation's business and are
 * ignored here, so the sidecar does not depend on the batch module that owns them.
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
      List<String> required = strings(tree.path("requiredApprovals"));
      Map<String, List<String>> members = new LinkedHashMap<>();
      tree.path("approvers")
          .fields()
          .forEachRemaining(e -> members.put(e.getKey(), strings(e.getValue())));
      JsonNode age = tree.path("maxApprovalAge");
      Duration maxAge = age.isMissingNode() || age.isNull() ? null : Duration.parse(age.asText());
      String bootstrapRole =
          tree.path("bootstrapNeedsExtraApproval").asBoolean(false)
              ? tree.path("bootstrapApprovalRole").asText(null)
              : null;
      if (tree.path("bootstrapNeedsExtraApproval").asBoolean(false) && bootstrapRole == null) {
        throw new ConfigValueException(
            "bootstrapApprovalRole",
            null,
            "bootstrapNeedsExtraApproval is set but no bootstrapApprovalRole is named: name it");
      }
      return new ApprovalPolicy(required, members, maxAge, bootstrapRole);
    } catch (ConfigValueException e) {
      throw new ModelRefusedException(RepositoryLayout.POLICY + ": " + e.getMessage());
    } catch (DateTimeParseException e) {
      throw new ModelRefusedException(
          RepositoryLayout.POLICY
              + ": maxApprovalAge '"
              + tree.path("maxApprovalAge").asText()
              + "' is not an ISO-8601 duration such as P7D");
    }
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }

  static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
