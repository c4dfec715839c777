package dev.mlopssuite.modelrepo;

import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.trust.RepositoryLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Creates a model repository (docs/model-repository.md, "Layout"): a bare repository by default,
 * and one initial commit on the served branch holding the template: {@code .mlops/policy.yaml},
 * {@code CODEOWNERS}, {@code README.md} and a pull-request template. The template is the project's
 * {@code model-repo-template/} folder; it is copied whole, and refused when one of those is
 * missing. Single use.
 */
public final class InitModelRepository {
  static final List<String> REQUIRED = List.of(RepositoryLayout.POLICY, "CODEOWNERS", "README.md");

  private Path directory;
  private Path template;
  private boolean bare = true;
  private String servedBranch = "main";
  private String author = "mlops-suite";
  private Clock clock = Clock.systemUTC();
  private boolean called;

  public InitModelRepository setDirectory(Path directory) {
    this.directory = directory;
    return this;
  }

  public InitModelRepository setTemplate(Path template) {
    this.template = template;
    return this;
  }

  /** True (default): a bare repository, the embedded default that promotions push to. */
  public InitModelRepository setBare(boolean bare) {
    this.bare = bare;
    return this;
  }

  public InitModelRepository setServedBranch(String branch) {
    this.servedBranch = branch;
    return this;
  }

  public InitModelRepository setAuthor(String author) {
    this.author = author;
    return this;
  }

  public InitModelRepository setClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  public InitResult call() throws MlopsException {
    if (called) {
      throw new IllegalStateException("an InitModelRepository command runs once; create another");
    }
    called = true;
    if (directory == null || template == null) {
      throw new ModelRepositoryException(
          "init needs the repository directory and the template directory (model-repo-template/)",
          String.valueOf(directory));
    }
    checkTemplate();
    checkEmpty();
    try {
      if (!bare) {
        try (Git git =
            Git.init().setDirectory(directory.toFile()).setInitialBranch(servedBranch).call()) {
          RevCommit commit = commitTemplate(git, directory);
          return new InitResult(
              directory, directory.toUri().toString(), servedBranch, commit.name());
        }
      }
      try (Git ignored =
          Git.init()
              .setBare(true)
              .setDirectory(directory.toFile())
              .setInitialBranch(servedBranch)
              .call()) {
        // created; the first commit is made in a scratch clone and pushed, as every later one is
      }
      Path scratch = Files.createTempDirectory("mlops-model-repo-init-");
      try (Git git =
          Git.init().setDirectory(scratch.toFile()).setInitialBranch(servedBranch).call()) {
        RevCommit commit = commitTemplate(git, scratch);
        git.remoteAdd()
            .setName("origin")
            .setUri(new org.eclipse.jgit.transport.URIish(directory.toUri().toURL()))
            .call();
        RemoteRefUpdate.Status status =
            git.push()
                .setRemote("origin")
                .add(servedBranch)
                .call()
                .iterator()
                .next()
                .getRemoteUpdate("refs/heads/" + servedBranch)
                .getStatus();
        if (status != RemoteRefUpdate.Status.OK) {
          throw new ModelRepositoryException(
              "cannot push the initial commit to " + directory + " (" + status + ")",
              "" + directory);
        }
        return new InitResult(directory, directory.toUri().toString(), servedBranch, commit.name());
      } finally {
        org.eclipse.jgit.util.FileUtils.delete(
            scratch.toFile(),
            org.eclipse.jgit.util.FileUtils.RECURSIVE
                | org.eclipse.jgit.util.FileUtils.SKIP_MISSING);
      }
    } catch (GitAPIException | IOException e) {
      throw new ModelRepositoryException(
          "cannot create the model repository " + directory + ": " + e.getMessage(),
          "" + directory,
          e);
    }
  }

  private RevCommit commitTemplate(Git git, Path workTree) throws IOException, GitAPIException {
    copyTree(template, workTree);
    git.add().addFilepattern(".").call();
    PersonIdent ident = Promote.ident(author, clock.instant());
    return git.commit()
        .setMessage("Initialize the model repository from " + template.getFileName() + "\n")
        .setAuthor(ident)
        .setCommitter(ident)
        .call();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.sorted().toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
          Files.copy(source, target);
        }
      }
    }
  }

  private void checkTemplate() throws ModelRepositoryException {
    for (String file : REQUIRED) {
      if (!Files.isRegularFile(template.resolve(file))) {
        throw new ModelRepositoryException(
            "the template "
                + template
                + " has no "
                + file
                + ": a model repository starts with "
                + REQUIRED
                + " and a pull-request template; complete model-repo-template/",
            file);
      }
    }
    try (Stream<Path> walk = Files.walk(template)) {
      boolean prTemplate =
          walk.map(p -> p.getFileName().toString().toLowerCase(Locale.ROOT))
              .anyMatch(
                  name ->
                      name.startsWith("pull_request_template")
                          || name.startsWith("merge_request_template"));
      if (!prTemplate) {
        throw new ModelRepositoryException(
            "the template "
                + template
                + " has no pull-request template (a file named pull_request_template.md, e.g."
                + " .github/pull_request_template.md): add one",
            "" + template);
      }
    } catch (IOException e) {
      throw new ModelRepositoryException(
          "cannot read the template " + template + ": " + e.getMessage(), "" + template, e);
    }
  }

  private void checkEmpty() throws ModelRepositoryException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      if (entries.findAny().isPresent()) {
        throw new ModelRepositoryException(
            directory + " exists and is not empty: name a new directory for the model repository",
            "" + directory);
      }
    } catch (IOException e) {
      throw new ModelRepositoryException(
          "cannot read " + directory + ": " + e.getMessage(), "" + directory, e);
    }
  }
}
