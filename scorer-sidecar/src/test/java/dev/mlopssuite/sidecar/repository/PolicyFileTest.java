package dev.mlopssuite.sidecar.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.trust.ApprovalPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {
  @TempDir Path dir;

  @Test
  void theCommittedTemplatePolicyReads() throws Exception {
    // The project's model-repo-template is what InitModelRepository copies into a new repository.
    ApprovalPolicy policy = PolicyFile.read(Path.of("../model-repo-template"));
    assertEquals(List.of("ml-owner", "business-stakeholder"), policy.requiredRoles());
    assertEquals(Duration.ofDays(7), policy.maxApprovalAge());
    assertEquals("clinical-safety", policy.bootstrapExtraRole());
    assertTrue(policy.isMember("ml-owner", "alice"));
  }

  private ApprovalPolicy read(String yaml) throws Exception {
    Files.createDirectories(dir.resolve(".mlops"));
    Files.writeString(dir.resolve(".mlops/policy.yaml"), yaml);
    return PolicyFile.read(dir);
  }

  @Test
  void noBootstrapRoleWhenTheExtraApprovalIsOff() throws Exception {
    ApprovalPolicy policy =
        read(
            "requiredApprovals: [ml-owner]\napprovers:\n  ml-owner: [alice]\n"
                + "maxApprovalAge: P1D\nbootstrapNeedsExtraApproval: false\n"
                + "bootstrapApprovalRole: x\nminRecall: 0.3\n");
    assertNull(policy.bootstrapExtraRole());
  }

  @Test
  void anUnusablePolicyIsARefusalSayingWhy() {
    ModelRefusedException noMembers =
        assertThrows(
            ModelRefusedException.class,
            () -> read("requiredApprovals: [ml-owner]\nmaxApprovalAge: P1D\n"));
    assertTrue(noMembers.getMessage().contains("members.ml-owner"), noMembers.getMessage());
    ModelRefusedException badAge =
        assertThrows(
            ModelRefusedException.class,
            () ->
                read(
                    "requiredApprovals: [ml-owner]\napprovers:\n  ml-owner: [a]\n"
                        + "maxApprovalAge: a week\n"));
    assertTrue(badAge.getMessage().contains("a week"), badAge.getMessage());
    assertThrows(ModelRefusedException.class, () -> PolicyFile.read(dir.resolve("none")));
  }
}
