package dev.mlopssuite.trust;

import static dev.mlopssuite.trust.testing.TrustFixtures.NOW;
import static dev.mlopssuite.trust.testing.TrustFixtures.STARTER;
import static dev.mlopssuite.trust.testing.TrustFixtures.approvals;
import static dev.mlopssuite.trust.testing.TrustFixtures.policy;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.runtime.ConfigValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each approval rule refuses on its own, naming the rule and the person. */
class ApprovalRulesTest {
  private static final String SHA = "a".repeat(64);
  private static final Instant HOUR_AGO = NOW.minus(Duration.ofHours(1));

  private static ApprovalRejectedException rejected(List<Approval> approvals) {
    return assertThrows(
        ApprovalRejectedException.class,
        () -> ApprovalRules.check(approvals, policy(), SHA, STARTER, NOW));
  }

  @Test
  void aCompleteSetOfDistinctMembersPasses() {
    assertDoesNotThrow(() -> ApprovalRules.check(approvals(SHA), policy(), SHA, STARTER, NOW));
  }

  @Test
  void aMissingRoleIsRefused() {
    ApprovalRejectedException e =
        rejected(List.of(new Approval("ml-owner", "olivia", HOUR_AGO, SHA)));
    assertEquals(ApprovalRule.REQUIRED_ROLE, e.rule());
    assertTrue(e.getMessage().contains("business-stakeholder"), e.getMessage());
  }

  @Test
  void anApproverNotInTheRoleIsRefused() {
    ApprovalRejectedException e =
        rejected(
            List.of(
                new Approval("ml-owner", "olivia", HOUR_AGO, SHA),
                new Approval("business-stakeholder", "mallory", HOUR_AGO, SHA)));
    assertEquals(ApprovalRule.MEMBER_OF_ROLE, e.rule());
    assertEquals("mallory", e.user());
  }

  @Test
  void onePersonApprovingTwiceIsRefused() {
    // olivia made a member of both roles: still one person, one role
    ApprovalPolicy both =
        new ApprovalPolicy(
            List.of("ml-owner", "business-stakeholder"),
            Map.of("ml-owner", List.of("olivia"), "business-stakeholder", List.of("olivia")),
            Duration.ofDays(7),
            null);
    ApprovalRejectedException e =
        assertThrows(
            ApprovalRejectedException.class,
            () ->
                ApprovalRules.check(
                    List.of(
                        new Approval("ml-owner", "olivia", HOUR_AGO, SHA),
                        new Approval("business-stakeholder", "olivia", HOUR_AGO, SHA)),
                    both,
                    SHA,
                    STARTER,
                    NOW));
    assertEquals(ApprovalRule.DISTINCT_PEOPLE, e.rule());
    assertEquals("olivia", e.user());
  }

  @Test
  void theSamePersonTwiceInOneRoleIsRefused() {
    ApprovalRejectedException e =
        rejected(
            List.of(
                new Approval("ml-owner", "olivia", HOUR_AGO, SHA),
                new Approval("ml-owner", "olivia", HOUR_AGO, SHA),
                new Approval("business-stakeholder", "bea", HOUR_AGO, SHA)));
    assertTrue(e.broke(ApprovalRule.DISTINCT_PEOPLE));
  }

  @Test
  void theStarterMayNotApprove() {
    ApprovalRejectedException e =
        assertThrows(
            ApprovalRejectedException.class,
            () -> ApprovalRules.check(approvals(SHA), policy(), SHA, "olivia", NOW));
    assertEquals(ApprovalRule.NOT_THE_STARTER, e.rule());
    assertEquals("olivia", e.user());
  }

  @Test
  void approvalsForAnotherManifestAreRefused() {
    ApprovalRejectedException e =
        assertThrows(
            ApprovalRejectedException.class,
            () -> ApprovalRules.check(approvals("b".repeat(64)), policy(), SHA, STARTER, NOW));
    assertEquals(ApprovalRule.BOUND_TO_MANIFEST, e.rule());
  }

  @Test
  void expiredApprovalsAreRefused() {
    ApprovalRejectedException e =
        assertThrows(
            ApprovalRejectedException.class,
            () ->
                ApprovalRules.check(
                    approvals(SHA), policy(), SHA, STARTER, NOW.plus(Duration.ofDays(8))));
    assertEquals(ApprovalRule.FRESH, e.rule());
    assertTrue(e.getMessage().contains("older than PT168H"), e.getMessage());
  }

  @Test
  void approvalsDatedInTheFutureAreRefusedBeyondTheClockSkew() {
    Instant soon = NOW.plus(Duration.ofMinutes(4));
    assertDoesNotThrow(
        () ->
            ApprovalRules.check(
                List.of(
                    new Approval("ml-owner", "olivia", soon, SHA),
                    new Approval("business-stakeholder", "bea", soon, SHA)),
                policy(),
                SHA,
                STARTER,
                NOW));
    ApprovalRejectedException e =
        rejected(
            List.of(
                new Approval("ml-owner", "olivia", NOW.plus(Duration.ofHours(1)), SHA),
                new Approval("business-stakeholder", "bea", HOUR_AGO, SHA)));
    assertEquals(ApprovalRule.FRESH, e.rule());
    assertEquals("olivia", e.user());
  }

  @Test
  void aBootstrapNeedsTheExtraRole() {
    ApprovalRejectedException e =
        assertThrows(
            ApprovalRejectedException.class,
            () -> ApprovalRules.check(approvals(SHA), policy(), SHA, STARTER, NOW, true));
    assertEquals(ApprovalRule.REQUIRED_ROLE, e.rule());
    assertTrue(e.getMessage().contains("risk-officer"), e.getMessage());
  }

  @Test
  void aRollbackNeedsOneMlOwnerWhoIsNotThePersonRollingBack() {
    Approval owner = new Approval("ml-owner", "omar", HOUR_AGO, SHA);
    assertDoesNotThrow(() -> ApprovalRules.checkRollback(owner, policy(), SHA, "pat", NOW));
    assertEquals(
        ApprovalRule.REQUIRED_ROLE,
        assertThrows(
                ApprovalRejectedException.class,
                () ->
                    ApprovalRules.checkRollback(
                        new Approval("business-stakeholder", "bea", HOUR_AGO, SHA),
                        policy(),
                        SHA,
                        "pat",
                        NOW))
            .rule());
    assertEquals(
        ApprovalRule.NOT_THE_STARTER,
        assertThrows(
                ApprovalRejectedException.class,
                () -> ApprovalRules.checkRollback(owner, policy(), SHA, "omar", NOW))
            .rule());
  }

  @Test
  void aPolicyValidatesItself() {
    assertThrows(
        ConfigValueException.class,
        () -> new ApprovalPolicy(List.of(), Map.of(), Duration.ofDays(1), null));
    ConfigValueException noMembers =
        assertThrows(
            ConfigValueException.class,
            () -> new ApprovalPolicy(List.of("ml-owner"), Map.of(), Duration.ofDays(1), null));
    assertEquals("members.ml-owner", noMembers.field());
    assertThrows(
        ConfigValueException.class,
        () ->
            new ApprovalPolicy(
                List.of("ml-owner"), Map.of("ml-owner", List.of("olivia")), Duration.ZERO, null));
  }
}
