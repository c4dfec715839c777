package dev.mlopssuite.maven;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The commit the build runs from, for the manifest's lineage: Jenkins' GIT_COMMIT when set, else
 * {@code git rev-parse HEAD}. Null when neither answers, which the lineage gate then fails.
 */
final class CodeCommit {
  private CodeCommit() {}

  static String of(String directory) {
    String fromJenkins = System.getenv("GIT_COMMIT");
    if (fromJenkins != null && !fromJenkins.isBlank()) {
      return fromJenkins.trim();
    }
    try {
      Process git =
          new ProcessBuilder("git", "rev-parse", "HEAD")
              .directory(new File(directory))
              .redirectErrorStream(true)
              .start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.waitFor(10, TimeUnit.SECONDS)
              && git.exitValue() == 0
              && out.matches("[0-9a-f]{40}")
          ? out
          : null;
    } catch (Exception e) {
      return null;
    }
  }
}
