package dev.mlopssuite.prhost;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullRequestHostsTest {
  @TempDir Path dir;

  private Token token() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "s3cr3t-token\n");
    return Token.fromFile(file);
  }

  @Test
  void picksTheAdapterByName() throws Exception {
    assertInstanceOf(
        GitHubPullRequests.class, PullRequestHosts.of("github", "acme/models", null, token()));
    assertInstanceOf(
        GitLabMergeRequests.class, PullRequestHosts.of("gitlab", "ml/models", null, token()));
  }

  @Test
  void refusesWhatCannotNameARepositoryOrHost() throws Exception {
    Token token = token();
    for (String[] bad :
        new String[][] {{"bitbucket", "a/b"}, {"github", "models"}, {"gitlab", " "}}) {
      PullRequestException e =
          assertThrows(
              PullRequestException.class, () -> PullRequestHosts.of(bad[0], bad[1], null, token));
      assertTrue(!e.getMessage().contains("s3cr3t"), "no token in " + e.getMessage());
    }
  }
}
