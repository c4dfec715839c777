package dev.mlopssuite.batch.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The commit of the code and configuration a run is trained from, for its lineage (docs/trust.md,
 * "Lineage"). Jenkins' {@code GIT_COMMIT} when set, else the HEAD of the Git repository around the
 * project. When training runs inside a repository, the commit must be a commit of it: a value that
 * names nothing there (say {@code GIT_COMMIT=banana}) is refused instead of being recorded as
 * lineage.
 */
public final class CodeCommit {
  private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");

  private CodeCommit() {}

  /**
   * @param projectDirectory where the build runs; the repository is searched upwards from it
   * @param fromEnvironment the {@code GIT_COMMIT} value, or null
   * @return the commit id, or null outside a repository with no {@code GIT_COMMIT} (the lineage
   *     gate then fails)
   */
  public static String resolve(Path projectDirectory, String fromEnvironment)
      throws TrainingException {
    String claimed =
        fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.trim();
    if (claimed != null && !COMMIT_ID.matcher(claimed).matches()) {
      throw new TrainingException(
          "GIT_COMMIT='"
              + claimed
              + "' is not a commit id (40 lowercase hex digits): set it to the commit being"
              + " built, as Jenkins' Git plugin does, or unset it");
    }
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().readEnvironment().findGitDir(projectDirectory.toFile());
    if (builder.getGitDir() == null) {
      return claimed;
    }
    try (Repository repository = builder.build();
        RevWalk walk = new RevWalk(repository)) {
      if (claimed == null) {
        ObjectId head = repository.resolve("HEAD^{commit}");
        return head == null ? null : head.name();
      }
      try {
        walk.parseCommit(ObjectId.fromString(claimed));
        return claimed;
      } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
        throw new TrainingException(
            "GIT_COMMIT="
                + claimed
                + " is not a commit of the repository at "
                + repository.getDirectory()
                + ": set it to the commit being built, or unset it to use HEAD");
      }
    } catch (IOException e) {
      throw new TrainingException(
          "cannot read the Git repository around " + projectDirectory + ": " + e.getMessage(), e);
    }
  }

  /** Whether a recorded value has the shape of a commit id (the lineage gate's check). */
  public static boolean looksLikeCommit(String value) {
    return value != null && COMMIT_ID.matcher(value).matches();
  }
}
