package dev.mlopssuite.trust;

import dev.mlopssuite.trust.ApprovalRejectedException.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The approval rules (docs/trust-chain.md, "Approvals"): every required role approved; distinct
 * people; none of them the person who started the run; each approver a member of the role in the
 * policy; every approval bound to this manifest's sha256; none older than the policy allows or
 * dated in the future. The library checks each approver itself: there is no administrator bypass,
 * and whoever could answer an input step is not thereby an approver.
 */
public final class ApprovalRules {
  /**
   * How far in the future an approval may be dated: clocks of the machine that recorded it and of
   * the one promoting differ by seconds under NTP; five minutes covers a badly kept clock, not a
   * post-dated approval.
   */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private ApprovalRules() {}

  /** The rules for a run that is not a bootstrap. */
  public static void check(
      List<Approval> approvals,
      ApprovalPolicy policy,
      String manifestSha256,
      String startedBy,
      Instant now)
      throws ApprovalRejectedException {
    check(approvals, policy, manifestSha256, startedBy, now, false);
  }

  /**
   * @param bootstrap whether the verdict was a bootstrap: the policy's extra role must approve too
   * @param now when the promotion is made: approval age is judged at that moment
   */
  public static void check(
      List<Approval> approvals,
      ApprovalPolicy policy,
      String manifestSha256,
      String startedBy,
      Instant now,
      boolean bootstrap)
      throws ApprovalRejectedException {
    List<Violation> violations = new ArrayList<>();
    Map<String, String> roleOf = new HashMap<>();
    for (Approval a : approvals) {
      checkOne(a, policy, manifestSha256, startedBy, now, violations);
      String earlier = roleOf.putIfAbsent(a.user(), a.role());
      if (earlier != null) {
        violations.add(
            new Violation(
                ApprovalRule.DISTINCT_PEOPLE,
                a.user(),
                a.user()
                    + " approves twice (as "
                    + earlier
                    + " and as "
                    + a.role()
                    + "): one person fills one role; ask another member of "
                    + a.role()));
      }
    }
    for (String role : policy.rolesFor(bootstrap)) {
      if (approvals.stream().noneMatch(a -> a.role().equals(role))) {
        violations.add(
            new Violation(
                ApprovalRule.REQUIRED_ROLE,
                null,
                "no approval in the role "
                    + role
                    + (bootstrap && role.equals(policy.bootstrapExtraRole())
                        ? ", which a bootstrap needs"
                        : "")
                    + ": ask one of "
                    + policy.members().get(role)));
      }
    }
    if (!violations.isEmpty()) {
      throw new ApprovalRejectedException(violations);
    }
  }

  /**
   * A rollback needs one approval in the {@link ApprovalPolicy#ROLLBACK_ROLE} role, from a member
   * who is not the person rolling back, bound to the manifest of the version rolled back to.
   */
  public static void checkRollback(
      Approval approval,
      ApprovalPolicy policy,
      String manifestSha256,
      String rolledBackBy,
      Instant now)
      throws ApprovalRejectedException {
    List<Violation> violations = new ArrayList<>();
    if (approval == null || !approval.role().equals(ApprovalPolicy.ROLLBACK_ROLE)) {
      violations.add(
          new Violation(
              ApprovalRule.REQUIRED_ROLE,
              approval == null ? null : approval.user(),
              "a rollback needs one approval in the role "
                  + ApprovalPolicy.ROLLBACK_ROLE
                  + ", got "
                  + (approval == null ? "none" : approval.role())
                  + ": ask one of "
                  + policy.members().get(ApprovalPolicy.ROLLBACK_ROLE)));
    } else {
      checkOne(approval, policy, manifestSha256, rolledBackBy, now, violations);
    }
    if (!violations.isEmpty()) {
      throw new ApprovalRejectedException(violations);
    }
  }

  /**
   * One more approval, checked as it is given (what {@code mlops:approve} does for each answered
   * input): the approver is a member of the role, not the person who started the run, has not
   * approved this run already (in any role), and approves this manifest. Whether every required
   * role has approved is checked at promotion by {@link #check}.
   *
   * @param existing the approvals already recorded for the same manifest
   */
  public static void checkAddition(
      List<Approval> existing,
      Approval candidate,
      ApprovalPolicy policy,
      String startedBy,
      Instant now)
      throws ApprovalRejectedException {
    List<Violation> violations = new ArrayList<>();
    checkOne(candidate, policy, candidate.manifestSha256(), startedBy, now, violations);
    for (Approval earlier : existing) {
      if (earlier.user().equals(candidate.user())) {
        violations.add(
            new Violation(
                ApprovalRule.DISTINCT_PEOPLE,
                candidate.user(),
                candidate.user()
                    + " already approved this run (as "
                    + earlier.role()
                    + "): one person fills one role; ask another member of "
                    + candidate.role()));
      } else if (earlier.role().equals(candidate.role())) {
        violations.add(
            new Violation(
                ApprovalRule.DISTINCT_PEOPLE,
                candidate.user(),
                candidate.role()
                    + " was already approved by "
                    + earlier.user()
                    + ": one approval per role is recorded"));
      }
    }
    if (!violations.isEmpty()) {
      throw new ApprovalRejectedException(violations);
    }
  }

  private static void checkOne(
      Approval a,
      ApprovalPolicy policy,
      String manifestSha256,
      String starter,
      Instant now,
      List<Violation> violations) {
    if (!policy.isMember(a.role(), a.user())) {
      violations.add(
          new Violation(
              ApprovalRule.MEMBER_OF_ROLE,
              a.user(),
              a.user()
                  + " is not a member of "
                  + a.role()
                  + " in the policy (members: "
                  + policy.members().getOrDefault(a.role(), List.of())
                  + "): ask a member, or change .mlops/policy.yaml through review"));
    }
    if (Objects.equals(a.user(), starter)) {
      violations.add(
          new Violation(
              ApprovalRule.NOT_THE_STARTER,
              a.user(),
              a.user()
                  + " started this run and may not approve it (as "
                  + a.role()
                  + "): ask another member of "
                  + a.role()));
    }
    if (!a.manifestSha256().equals(manifestSha256)) {
      violations.add(
          new Violation(
              ApprovalRule.BOUND_TO_MANIFEST,
              a.user(),
              a.user()
                  + "'s approval is for manifest sha256 "
                  + a.manifestSha256()
                  + ", not for "
                  + manifestSha256
                  + ": approve this run's manifest"));
    }
    if (a.approvedAt().isAfter(now.plus(CLOCK_SKEW))) {
      violations.add(
          new Violation(
              ApprovalRule.FRESH,
              a.user(),
              a.user()
                  + "'s approval is dated "
                  + a.approvedAt()
                  + ", in the future of "
                  + now
                  + ": check the approving machine's clock and approve again"));
    } else if (a.approvedAt().isBefore(now.minus(policy.maxApprovalAge()))) {
      violations.add(
          new Violation(
              ApprovalRule.FRESH,
              a.user(),
              a.user()
                  + "'s approval of "
                  + a.approvedAt()
                  + " is older than "
                  + policy.maxApprovalAge()
                  + " at "
                  + now
                  + ": approve again"));
    }
  }
}
