package dev.mlopssuite.modelrepo;

import static dev.mlopssuite.modelrepo.GitCli.git;
import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static dev.mlopssuite.trust.testing.TrustFixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.modelrepo.ModelRepositoryFixture.Run;
import dev.mlopssuite.trust.Approval;
import dev.mlopssuite.trust.ChainVerification;
import dev.mlopssuite.trust.ChainVerificationException;
import dev.mlopssuite.trust.ChampionChainVerifier;
import dev.mlopssuite.trust.testing.TrustFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Init, promote, verify a checkout, promote again, roll back, read the history: on a real bare
 * repository, checked with the {@code git} command line.
 */
class ModelRepositoryEndToEndTest {
  @TempDir Path root;

  private ChainVerification verifyCheckout(ModelRepositoryFixture repo, String name)
      throws Exception {
    Path checkout = root.resolve(name);
    git(root, "clone", "-q", repo.bare.toString(), checkout.toString());
    return new ChampionChainVerifier(repo.trusted, TrustFixtures.policy())
        .verifyChampion(checkout, MODEL);
  }

  private Rollback rollback(ModelRepositoryFixture repo, String to, Run run) {
    return new Rollback()
        .setRepositoryUrl(repo.url)
        .setModel(MODEL)
        .setToVersion(to)
        .setReason("v2 alerts on every device since the firmware update")
        .setApproval(
            new Approval("ml-owner", "omar", NOW.minus(Duration.ofMinutes(10)), run.manifestSha()))
        .setPolicy(TrustFixtures.policy())
        .setTrustedKeys(repo.trusted)
        .setSigningKey(repo.key.pair().getPrivate(), repo.key.id())
        .setRolledBackBy("pat")
        .setClock(repo.clock);
  }

  @Test
  void promoteVerifyRollBackAndReadTheHistory() throws Exception {
    ModelRepositoryFixture repo = new ModelRepositoryFixture(root).init();
    Path bare = repo.bare;
    assertEquals(
        List.of(
            ".github/pull_request_template.md", ".mlops/policy.yaml", "CODEOWNERS", "README.md"),
        git(bare, "ls-tree", "-r", "--name-only", "main").lines().sorted().toList());

    Run v1 = repo.run("v1", null);
    PromotionResult first = repo.promote(v1).call();

    // ONE commit on top of the initial one, adding the version folder and CHAMPION
    List<String> log = git(bare, "log", "--format=%H %an", "main").lines().toList();
    assertEquals(2, log.size(), log.toString());
    assertEquals(first.commitId() + " pat", log.get(0));
    String show = git(bare, "show", "--name-status", "--format=%B", "main");
    assertTrue(show.contains("Promote " + MODEL + " v1"), show);
    assertTrue(show.contains("olivia (ml-owner), bea (business-stakeholder)"), show);
    assertTrue(show.contains("A\tmodels/" + MODEL + "/CHAMPION"), show);
    for (String file :
        List.of(
            "manifest.json", "model.tribuo", "promotion.json", "verdict.json", "metrics.json")) {
      assertTrue(show.contains("A\tmodels/" + MODEL + "/versions/v1/" + file), file + "\n" + show);
    }
    assertEquals("v1", git(bare, "show", "main:models/" + MODEL + "/CHAMPION").strip());

    ChainVerification chain = verifyCheckout(repo, "checkout-1");
    assertTrue(chain.valid(), chain.problems().toString());
    assertEquals("v1", chain.version());

    List<ChampionChange> history = new History().setRepositoryUrl(repo.url).setModel(MODEL).call();
    assertEquals(1, history.size());
    assertEquals(ChampionChange.Kind.PROMOTION, history.get(0).kind());
    assertEquals("v1", history.get(0).version());
    assertEquals(first.commitId(), history.get(0).commitId());
    assertEquals(
        List.of("olivia (ml-owner)", "bea (business-stakeholder)"), history.get(0).approvers());

    Run v2 = repo.run("v2", "v1");
    repo.promote(v2).call();
    assertEquals("v2", git(bare, "show", "main:models/" + MODEL + "/CHAMPION").strip());

    RollbackResult back = rollback(repo, "v1", v1).call();
    assertEquals("v2", back.fromVersion());
    assertEquals("v1", git(bare, "show", "main:models/" + MODEL + "/CHAMPION").strip());
    String rollbackShow = git(bare, "show", "--name-status", "--format=%B", "main");
    assertTrue(rollbackShow.contains("A\t" + back.recordPath()), rollbackShow);
    assertTrue(rollbackShow.contains("M\tmodels/" + MODEL + "/CHAMPION"), rollbackShow);

    ChainVerification afterRollback = verifyCheckout(repo, "checkout-2");
    assertTrue(afterRollback.valid(), afterRollback.problems().toString());
    assertEquals("v1", afterRollback.version());

    List<ChampionChange> after = new History().setRepositoryUrl(repo.url).setModel(MODEL).call();
    assertEquals(List.of("v1", "v2", "v1"), after.stream().map(ChampionChange::version).toList());
    ChampionChange last = after.get(2);
    assertEquals(ChampionChange.Kind.ROLLBACK, last.kind());
    assertTrue(last.reason().contains("v2 alerts on every device"), last.reason());
    assertEquals(List.of("omar (ml-owner)"), last.approvers());
    assertEquals("promoted over v1", after.get(1).reason());
  }

  @Test
  void aRollbackToAVersionThatNoLongerVerifiesIsRefused() throws Exception {
    ModelRepositoryFixture repo = new ModelRepositoryFixture(root).init();
    Run v1 = repo.run("v1", null);
    repo.promote(v1).call();
    repo.promote(repo.run("v2", "v1")).call();
    // Someone edits v1's metrics on the served branch behind the suite's back.
    Path work = root.resolve("vandal");
    git(root, "clone", "-q", repo.bare.toString(), work.toString());
    Files.writeString(work.resolve("models/" + MODEL + "/versions/v1/metrics.json"), "{}");
    git(work, "-c", "user.name=v", "-c", "user.email=v@x", "commit", "-qam", "edit");
    git(work, "push", "-q", "origin", "main");

    ChainVerificationException e =
        assertThrows(ChainVerificationException.class, () -> rollback(repo, "v1", v1).call());
    assertTrue(e.getMessage().contains("metrics.json does not match"), e.getMessage());
    assertEquals("v2", git(repo.bare, "show", "main:models/" + MODEL + "/CHAMPION").strip());
    assertThrows(
        ChainVerificationException.class,
        () -> rollback(repo, "v-none", v1).call(),
        "a version that was never promoted");
    assertFalse(
        git(repo.bare, "ls-tree", "-r", "--name-only", "main").contains("rollbacks/"),
        "nothing was written");
  }

  @Test
  void initRefusesAnIncompleteTemplateAndANonEmptyDirectory() throws Exception {
    Path template = ModelRepositoryFixture.template(root.resolve("t"));
    Files.delete(template.resolve("CODEOWNERS"));
    ModelRepositoryException e =
        assertThrows(
            ModelRepositoryException.class,
            () ->
                new InitModelRepository()
                    .setDirectory(root.resolve("r.git"))
                    .setTemplate(template)
                    .call());
    assertEquals("CODEOWNERS", e.value());
    Files.writeString(template.resolve("CODEOWNERS"), "* @x\n");
    Files.createDirectories(root.resolve("busy"));
    Files.writeString(root.resolve("busy/file"), "x");
    assertThrows(
        ModelRepositoryException.class,
        () ->
            new InitModelRepository()
                .setDirectory(root.resolve("busy"))
                .setTemplate(template)
                .call());
  }

  @Test
  void aChampionEditedByHandShowsAsUnrecordedInTheHistory() throws Exception {
    ModelRepositoryFixture repo = new ModelRepositoryFixture(root).init();
    repo.promote(repo.run("v1", null)).call();
    repo.promote(repo.run("v2", "v1")).call();
    Path work = root.resolve("by-hand");
    git(root, "clone", "-q", repo.bare.toString(), work.toString());
    Files.writeString(work.resolve("models/" + MODEL + "/CHAMPION"), "v1\n");
    git(work, "-c", "user.name=h", "-c", "user.email=h@x", "commit", "-qam", "back to v1");
    git(work, "push", "-q", "origin", "main");

    List<ChampionChange> history = new History().setRepositoryUrl(repo.url).setModel(MODEL).call();
    assertEquals(3, history.size());
    assertEquals(ChampionChange.Kind.UNRECORDED, history.get(2).kind());
    assertEquals("v1", history.get(2).version());
  }
}
