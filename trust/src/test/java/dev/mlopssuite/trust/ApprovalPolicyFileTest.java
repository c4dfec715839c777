package dev.mlopssuite.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.runtime.ConfigValueException;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one reading of a policy file's approval keys, with the defaults the gate policy has too. */
class ApprovalPolicyFileTest {
  static JsonNode tree(String json) throws Exception {
    return CanonicalJson.mapper().readTree(json);
  }

  @Test
  void defaultsAreSevenDaysAndAnExtraRoleForABootstrap() throws Exception {
    ApprovalPolicy policy =
        ApprovalPolicy.fromPolicyFile(
            tree(
                "{\"requiredApprovals\": [\"ml-owner\"], \"minRecall\": 0.3,"
                    + " \"approvers\": {\"ml-owner\": [\"alice\"], \"safety\": [\"carol\"]},"
                    + " \"bootstrapApprovalRole\": \"safety\"}"));
    assertEquals(Duration.ofDays(7), policy.maxApprovalAge());
    assertEquals(List.of("ml-owner", "safety"), policy.rolesFor(true));
  }

  @Test
  void aBootstrapRoleIsNeededUnlessSwitchedOff() throws Exception {
    ConfigValueException e =
        assertThrows(
            ConfigValueException.class,
            () ->
                ApprovalPolicy.fromPolicyFile(
                    tree(
                        "{\"requiredApprovals\": [\"ml-owner\"],"
                            + " \"approvers\": {\"ml-owner\": [\"alice\"]}}")));
    assertTrue(e.getMessage().contains("bootstrapApprovalRole"), e.getMessage());
    ApprovalPolicy off =
        ApprovalPolicy.fromPolicyFile(
            tree(
                "{\"requiredApprovals\": [\"ml-owner\"], \"bootstrapNeedsExtraApproval\": false,"
                    + " \"approvers\": {\"ml-owner\": [\"alice\"]}}"));
    assertEquals(List.of("ml-owner"), off.rolesFor(true));
  }
}
