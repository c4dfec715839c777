package dev.mlopssuite.modelrepo;

import static dev.mlopssuite.modelrepo.GitCli.git;
import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.modelrepo.ModelRepositoryFixture.Run;
import dev.mlopssuite.trust.ApprovalRejectedException;
import dev.mlopssuite.trust.ApprovalRule;
import dev.mlopssuite.trust.testing.TrustFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each refusal of {@link Promote}, on a real bare repository over file://. */
class PromoteTest {
  @TempDir Path root;
  private ModelRepositoryFixture repo;

  @BeforeEach
  void init() throws Exception {
    repo = new ModelRepositoryFixture(root).init();
  }

  private String refs() throws Exception {
    return git(repo.bare, "for-each-ref", "--format=%(refname)");
  }

  private String main() throws Exception {
    return git(repo.bare, "rev-parse", "main").strip();
  }

  @Test
  void aPassingApprovedRunLandsOnTheServedBranch() throws Exception {
    PromotionResult result = repo.promote(repo.run("v1", null)).call();
    assertTrue(result.servedBranchUpdated());
    assertEquals(result.commitId(), main());
    assertEquals("promote/" + MODEL + "/v1", result.promoteBranch());
    assertTrue(refs().contains("refs/heads/promote/" + MODEL + "/v1"));
    assertNull(result.championBefore());
    assertTrue(
        result.notes().stream().anyMatch(n -> n.contains("no 'experimental' field")),
        result.notes().toString());
  }

  @Test
  void aFailedVerdictIsPushedAsACandidateOnly() throws Exception {
    String before = main();
    Run run = repo.run("v1", null);
    TrustFixtures.writeVerdict(run.verdict(), run.dir(), null, false);
    GateFailedException e = assertThrows(GateFailedException.class, () -> repo.promote(run).call());
    assertEquals("candidates/" + MODEL + "/v1", e.candidateBranch());
    assertEquals(List.of("absolute.recall"), e.failedGates());
    assertEquals(before, main(), "a failed candidate never reaches the served branch");
    assertTrue(refs().contains("refs/heads/candidates/" + MODEL + "/v1"), refs());
    assertFalse(refs().contains("refs/heads/promote/"), refs());
  }

  @Test
  void aVerdictOfAnotherRunIsRefused() throws Exception {
    Run judged = repo.run("v1", null);
    Run other = repo.run("v2", null);
    Promote promote = repo.promote(other).setVerdict(judged.verdict());
    PromotionRefusedException e = assertThrows(PromotionRefusedException.class, promote::call);
    assertTrue(e.getMessage().contains("the verdict judged manifest"), e.getMessage());
  }

  @Test
  void approvalsThatBreakThePolicyPushNothing() throws Exception {
    String before = refs();
    Run run = repo.run("v1", null);
    ApprovalRejectedException e =
        assertThrows(
            ApprovalRejectedException.class, () -> repo.promote(run).setStartedBy("olivia").call());
    assertEquals(ApprovalRule.NOT_THE_STARTER, e.rule());
    assertEquals(before, refs());
  }

  @Test
  void aChallengerEvaluatedAgainstAnOldChampionIsRefused() throws Exception {
    repo.promote(repo.run("v1", null)).call();
    ChampionChangedException e =
        assertThrows(
            ChampionChangedException.class, () -> repo.promote(repo.run("v2", null)).call());
    assertNull(e.expected());
    assertEquals("v1", e.actual());
    assertTrue(e.getMessage().contains("re-evaluate against the new champion"), e.getMessage());
  }

  @Test
  void withoutFastForwardOnlyThePromoteBranchIsPushed() throws Exception {
    String before = main();
    PromotionResult result =
        repo.promote(repo.run("v1", null)).setFastForwardServedBranch(false).call();
    assertFalse(result.servedBranchUpdated());
    assertEquals(before, main());
    assertEquals(
        result.commitId(), git(repo.bare, "rev-parse", "promote/" + MODEL + "/v1").strip());
  }

  @Test
  void aVersionIsPromotedOnce() throws Exception {
    repo.promote(repo.run("v1", null)).call();
    Run again = repo.run("v1-again", "v1");
    PromotionResult second = repo.promote(again).call();
    assertEquals("v1", second.championBefore());
    Promote twice = repo.promote(again);
    assertThrows(PromotionRefusedException.class, twice::call);
    assertThrows(IllegalStateException.class, twice::call, "a command runs once");
  }

  @Test
  void losingTheCompareAndSwapAtThePushIsAChampionChange() throws Exception {
    repo.promote(repo.run("v1", null)).call();
    Run late = repo.run("v2", "v1");
    Run early = repo.run("v3", "v1");
    Promote promote =
        repo.promote(late)
            .setBeforeServedPush(
                () -> {
                  try {
                    repo.promote(early).call();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    ChampionChangedException e = assertThrows(ChampionChangedException.class, promote::call);
    assertEquals("v1", e.expected());
    assertEquals("v3", e.actual());
    assertEquals("v3", git(repo.bare, "show", "main:models/" + MODEL + "/CHAMPION").strip());
  }

  @Test
  void anotherModelMovingTheServedBranchIsNoConflict() throws Exception {
    Path other = root.resolve("other");
    Promote promote =
        repo.promote(repo.run("v1", null))
            .setBeforeServedPush(
                () -> {
                  try {
                    git(root, "clone", "-q", repo.bare.toString(), other.toString());
                    java.nio.file.Files.createDirectories(other.resolve("models/other-model"));
                    java.nio.file.Files.writeString(
                        other.resolve("models/other-model/CHAMPION"), "x1\n");
                    git(other, "add", ".");
                    git(other, "-c", "user.name=o", "-c", "user.email=o@x", "commit", "-qm", "o");
                    git(other, "push", "-q", "origin", "main");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    PromotionResult result = promote.call();
    assertEquals(result.commitId(), main());
    assertEquals("x1", git(repo.bare, "show", "main:models/other-model/CHAMPION").strip());
    assertEquals("v1", git(repo.bare, "show", "main:models/" + MODEL + "/CHAMPION").strip());
  }

  @Test
  void anExperimentalRunIsRefused() throws Exception {
    String before = refs();
    Run run = repo.run("v1", null);
    Path manifest = run.dir().resolve("manifest.json");
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            dev.mlopssuite.runtime.lineage.CanonicalJson.mapper().readTree(manifest.toFile());
    tree.put("experimental", true);
    java.nio.file.Files.writeString(
        manifest, dev.mlopssuite.runtime.lineage.CanonicalJson.pretty(tree));
    TrustFixtures.writeVerdict(run.verdict(), run.dir(), null, true);
    PromotionRefusedException e =
        assertThrows(PromotionRefusedException.class, () -> repo.promote(run).call());
    assertTrue(e.getMessage().contains("the run is experimental"), e.getMessage());
    assertEquals(before, refs());
  }

  @Test
  void aVerdictMeasuredAgainstAnotherRunOfTheChampionIsRefused() throws Exception {
    repo.promote(repo.run("v1", null)).call();
    Run v2 = repo.run("v2", "v1");
    TrustFixtures.writeVerdict(v2.verdict(), v2.dir(), "v1", "e".repeat(64), true);
    PromotionRefusedException e =
        assertThrows(PromotionRefusedException.class, () -> repo.promote(v2).call());
    assertTrue(e.getMessage().contains("re-evaluate against the served champion"), e.getMessage());
  }
}
