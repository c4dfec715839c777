package dev.mlopssuite.modelrepo;

import static dev.mlopssuite.modelrepo.GitCli.git;
import static dev.mlopssuite.trust.testing.TrustFixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlopssuite.modelrepo.ModelRepositoryFixture.Run;
import dev.mlopssuite.trust.Approval;
import dev.mlopssuite.trust.ApprovalRejectedException;
import dev.mlopssuite.trust.ApprovalRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every approval rule, broken one at a time, refused by a promotion against a real bare repository,
 * which is left exactly as it was (docs/trust-chain.md, "Approvals").
 */
class ApprovalRefusalsOnARepositoryTest {
  @TempDir Path root;

  static final Instant AN_HOUR_AGO = NOW.minus(Duration.ofHours(1));

  static Stream<Arguments> brokenApprovals() {
    return Stream.of(
        Arguments.of(
            "a required role is missing",
            ApprovalRule.REQUIRED_ROLE,
            (Function<String, List<Approval>>)
                sha -> List.of(new Approval("ml-owner", "olivia", AN_HOUR_AGO, sha))),
        Arguments.of(
            "the approver is not in the role",
            ApprovalRule.MEMBER_OF_ROLE,
            (Function<String, List<Approval>>)
                sha ->
                    List.of(
                        new Approval("ml-owner", "mallory", AN_HOUR_AGO, sha),
                        new Approval("business-stakeholder", "bea", AN_HOUR_AGO, sha))),
        Arguments.of(
            "one person approves twice",
            ApprovalRule.DISTINCT_PEOPLE,
            (Function<String, List<Approval>>)
                sha ->
                    List.of(
                        new Approval("ml-owner", "olivia", AN_HOUR_AGO, sha),
                        new Approval("ml-owner", "olivia", AN_HOUR_AGO, sha),
                        new Approval("business-stakeholder", "bea", AN_HOUR_AGO, sha))),
        Arguments.of(
            "the starter approves",
            ApprovalRule.NOT_THE_STARTER,
            (Function<String, List<Approval>>)
                sha ->
                    List.of(
                        new Approval("ml-owner", "olivia", AN_HOUR_AGO, sha),
                        new Approval("business-stakeholder", "bea", AN_HOUR_AGO, sha))),
        Arguments.of(
            "the approvals are for another manifest",
            ApprovalRule.BOUND_TO_MANIFEST,
            (Function<String, List<Approval>>)
                sha ->
                    List.of(
                        new Approval("ml-owner", "olivia", AN_HOUR_AGO, "0".repeat(64)),
                        new Approval("business-stakeholder", "bea", AN_HOUR_AGO, sha))),
        Arguments.of(
            "the approvals expired",
            ApprovalRule.FRESH,
            (Function<String, List<Approval>>)
                sha ->
                    List.of(
                        new Approval("ml-owner", "olivia", NOW.minus(Duration.ofDays(8)), sha),
                        new Approval("business-stakeholder", "bea", AN_HOUR_AGO, sha))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenApprovals")
  void isRefusedAndPushesNothing(
      String what, ApprovalRule rule, Function<String, List<Approval>> approvals) throws Exception {
    ModelRepositoryFixture repo = new ModelRepositoryFixture(root).init();
    String before = git(repo.bare, "for-each-ref", "--format=%(refname) %(objectname)");
    Run run = repo.run("v1", null);
    Promote promote = repo.promote(run).setApprovals(approvals.apply(run.manifestSha()));
    if (rule == ApprovalRule.NOT_THE_STARTER) {
      promote.setStartedBy("olivia");
    }
    ApprovalRejectedException e = assertThrows(ApprovalRejectedException.class, promote::call);
    assertEquals(rule, e.rule(), what + ": " + e.getMessage());
    assertEquals(
        before,
        git(repo.bare, "for-each-ref", "--format=%(refname) %(objectname)"),
        "a refused promotion changes no ref");
  }
}
