package dev.mlopssuite.batch.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.runtime.MlopsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy a new model repository starts from is one that evaluation and promotion can read. */
class ModelRepoTemplatePolicyTest {
  static final Path TEMPLATE =
      Path.of(System.getProperty("user.dir")).resolve("../model-repo-template").normalize();

  @Test
  void theTemplatesPolicyReadsWithItsApprovers() throws Exception {
    GatePolicy policy =
        MlopsConfigLoader.readYaml(TEMPLATE.resolve(".mlops/policy.yaml"), GatePolicy.class);
    assertEquals(List.of("ml-owner", "business-stakeholder"), policy.requiredApprovals());
    assertEquals(List.of("alice"), policy.approvers().get("ml-owner"));
    assertEquals(Duration.ofDays(7), policy.maxApprovalAge());
    for (String file :
        List.of("CODEOWNERS", "README.md", ".github/pull_request_template.md", "models")) {
      assertTrue(Files.exists(TEMPLATE.resolve(file)), file);
    }
  }

  @Test
  void aRequiredRoleWithoutMembersIsRefused(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        Files.readString(TEMPLATE.resolve(".mlops/policy.yaml"))
            .replace("  business-stakeholder: [bob]\n", ""));
    MlopsException e =
        assertThrows(
            MlopsException.class, () -> MlopsConfigLoader.readYaml(policy, GatePolicy.class));
    assertTrue(e.getMessage().contains("business-stakeholder"), e.getMessage());
  }
}
