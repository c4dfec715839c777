package dev.mlopssuite.modelrepo;

import static dev.mlopssuite.modelrepo.GitCli.git;
import static dev.mlopssuite.trust.testing.TrustFixtures.MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.modelrepo.testing.GitHttpServer;
import dev.mlopssuite.modelrepo.testing.OpenSshServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promotion, history and rollback against a model repository that needs a login, on real servers on
 * 127.0.0.1 (docs/model-repository.md, "Logging in to the repository"): the Git CLI's {@code git
 * http-backend} behind HTTP Basic, and OpenSSH's {@code sshd}.
 */
class RepositoryLoginTest {
  private static final String TOKEN = "glpat-0123456789abcdef";

  @TempDir Path root;

  @Test
  void aPrivateHttpRepositoryTakesPromotionsWithItsLoginAndRefusesThemWithout() throws Exception {
    ModelRepositoryFixture repo = new ModelRepositoryFixture(root).init();
    try (GitHttpServer http = GitHttpServer.withLogin(root, "ci-bot:" + TOKEN)) {
      String url = http.url("models.git");
      RepositoryLogin login = RepositoryLogin.http("ci-bot", TOKEN.toCharArray());

      PromotionResult v1 = repo.promote(repo.run("v1", null), url).setLogin(login).call();
      assertEquals(v1.commitId(), git(repo.bare, "rev-parse", "main").strip());
      List<ChampionChange> history =
          new History().setRepositoryUrl(url).setModel(MODEL).setLogin(login).call();
      assertEquals(List.of("v1"), history.stream().map(ChampionChange::version).toList());
      assertEquals(v1.commitId(), history.get(0).commitId());

      ModelRepositoryFixture.Run v2 = repo.run("v2", "v1");
      ModelRepositoryException anonymous =
          assertThrows(ModelRepositoryException.class, () -> repo.promote(v2, url).call());
      assertTrue(
          anonymous.getMessage().contains("Authentication is required"), anonymous.getMessage());

      RepositoryLogin revoked = RepositoryLogin.http("ci-bot", "glpat-revoked".toCharArray());
      ModelRepositoryException wrong =
          assertThrows(
              ModelRepositoryException.class, () -> repo.promote(v2, url).setLogin(revoked).call());
      assertTrue(wrong.getMessage().contains("not authorized"), wrong.getMessage());
      assertFalse(wrong.getMessage().contains("glpat"), wrong.getMessage());
      assertEquals(v1.commitId(), git(repo.bare, "rev-parse", "main").strip(), "nothing landed");
    }
  }

  @Test
  void promotionsArePushedOverSshWithTheKeyOfADirectory() throws Exception {
    ModelRepositoryFixture repo = new ModelRepositoryFixture(root).init();
    try (OpenSshServer sshd = OpenSshServer.start(root.resolve("sshd"));
        SshLogin ssh = SshLogin.fromDirectory(sshd.clientDirectory())) {
      String url = sshd.url(repo.bare);
      PromotionResult v1 =
          repo.promote(repo.run("v1", null), url).setLogin(RepositoryLogin.ssh(ssh)).call();
      assertEquals(v1.commitId(), git(repo.bare, "rev-parse", "main").strip(), sshd.log());
      assertEquals("v1", git(repo.bare, "show", "main:models/" + MODEL + "/CHAMPION").strip());
    }
  }
}
