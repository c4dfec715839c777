package dev.mlopssuite.batch.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit a run records must be a commit of the repository it is trained in. */
class CodeCommitTest {
  @TempDir Path dir;

  private RevCommit commitIn(Path repository) throws Exception {
    try (Git git = Git.init().setDirectory(repository.toFile()).setInitialBranch("main").call()) {
      Files.writeString(repository.resolve("mlops.yaml"), "model: m\n");
      git.add().addFilepattern("mlops.yaml").call();
      return git.commit()
          .setMessage("config")
          .setAuthor("ml owner", "owner@example.org")
          .setCommitter("ml owner", "owner@example.org")
          .setSign(false)
          .call();
    }
  }

  @Test
  void bananaIsNoCommit() {
    String message =
        assertThrows(TrainingException.class, () -> CodeCommit.resolve(dir, "banana")).getMessage();
    assertTrue(message.contains("banana") && message.contains("GIT_COMMIT"), message);
  }

  @Test
  void aWellFormedIdThatTheRepositoryLacksIsRefused() throws Exception {
    Path repository = dir.resolve("repo");
    commitIn(repository);
    Path project = Files.createDirectories(repository.resolve("examples/pacemaker"));
    String absent = "0123456789abcdef0123456789abcdef01234567";
    String message =
        assertThrows(TrainingException.class, () -> CodeCommit.resolve(project, absent))
            .getMessage();
    assertTrue(message.contains("not a commit of the repository"), message);
  }

  @Test
  void headOrAKnownCommitIsRecorded() throws Exception {
    Path repository = dir.resolve("repo");
    RevCommit commit = commitIn(repository);
    assertEquals(commit.name(), CodeCommit.resolve(repository, null));
    assertEquals(commit.name(), CodeCommit.resolve(repository, commit.name()));
  }

  @Test
  void outsideARepositoryWithoutGitCommitNothingIsClaimed() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("plain"));
    // A temporary directory may itself sit inside a repository; only check when it does not.
    if (new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
            .findGitDir(outside.toFile())
            .getGitDir()
        == null) {
      assertNull(CodeCommit.resolve(outside, null));
    }
  }
}
