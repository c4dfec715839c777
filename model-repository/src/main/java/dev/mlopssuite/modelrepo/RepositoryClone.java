package dev.mlopssuite.modelrepo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FileUtils;

/**
 * A private clone of the model repository in a temporary directory, removed on close: every command
 * works on its own clone, so nothing is shared between concurrent promotions but the remote, whose
 * ref updates are atomic compare-and-swaps (docs/model-repository.md).
 */
final class RepositoryClone implements AutoCloseable {
  private final Git git;
  private final Path dir;
  private final String url;
  private final String branch;
  private final RepositoryLogin login;

  private RepositoryClone(Git git, Path dir, String url, String branch, RepositoryLogin login) {
    this.git = git;
    this.dir = dir;
    this.url = url;
    this.branch = branch;
    this.login = login;
  }

  static RepositoryClone of(String url, String branch, RepositoryLogin login)
      throws ModelRepositoryException {
    Path dir;
    try {
      dir = Files.createTempDirectory("mlops-model-repo-");
    } catch (IOException e) {
      throw new ModelRepositoryException(
          "cannot create a temporary work directory: " + e.getMessage(), url, e);
    }
    try {
      CloneCommand command =
          Git.cloneRepository()
              .setURI(url)
              .setDirectory(dir.toFile())
              .setBranchesToClone(List.of("refs/heads/" + branch))
              .setBranch("refs/heads/" + branch);
      login.applyTo(command);
      Git git = command.call();
      RepositoryClone clone = new RepositoryClone(git, dir, url, branch, login);
      if (clone.remoteHead() == null) {
        clone.close();
        throw new ModelRepositoryException(
            "the model repository "
                + url
                + " has no branch "
                + branch
                + ": create it with InitModelRepository, or name the served branch",
            branch);
      }
      return clone;
    } catch (GitAPIException e) {
      delete(dir);
      throw new ModelRepositoryException(
          "cannot clone the model repository " + url + ": " + e.getMessage(), url, e);
    }
  }

  Git git() {
    return git;
  }

  Path workTree() {
    return dir;
  }

  String url() {
    return url;
  }

  String branch() {
    return branch;
  }

  /** The served branch as last fetched. */
  ObjectId remoteHead() throws ModelRepositoryException {
    try {
      return git.getRepository().resolve("refs/remotes/origin/" + branch);
    } catch (IOException e) {
      throw new ModelRepositoryException(
          "cannot resolve " + branch + " in the clone of " + url + ": " + e.getMessage(), url, e);
    }
  }

  /** Fetches the served branch again and returns its head. */
  ObjectId refetch() throws ModelRepositoryException {
    try {
      FetchCommand fetch =
          git.fetch()
              .setRemote("origin")
              .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/remotes/origin/" + branch));
      login.applyTo(fetch);
      fetch.call();
    } catch (GitAPIException e) {
      throw new ModelRepositoryException(
          "cannot fetch " + branch + " from " + url + ": " + e.getMessage(), url, e);
    }
    return remoteHead();
  }

  /** Makes the work tree exactly the given commit. */
  void resetTo(ObjectId commit) throws ModelRepositoryException {
    try {
      git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit.name()).call();
      git.clean().setCleanDirectories(true).setForce(true).call();
    } catch (GitAPIException e) {
      throw new ModelRepositoryException(
          "cannot reset the work tree to " + commit.name() + ": " + e.getMessage(), url, e);
    }
  }

  /** The content of a file at a commit, or null when it is not there. */
  byte[] read(ObjectId commit, String path) throws IOException {
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(commit);
      try (TreeWalk tree = TreeWalk.forPath(repo, path, c.getTree())) {
        if (tree == null) {
          return null;
        }
        ObjectLoader loader = repo.open(tree.getObjectId(0));
        return loader.getBytes();
      }
    }
  }

  /** What CHAMPION names at a commit (null when the file is absent). */
  String championAt(ObjectId commit, String championPath) throws IOException {
    byte[] bytes = read(commit, championPath);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8).strip();
  }

  /** Paths of the files directly under a folder at a commit. */
  Set<String> list(ObjectId commit, String folder) throws IOException {
    Set<String> paths = new TreeSet<>();
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(commit);
      try (TreeWalk tree = TreeWalk.forPath(repo, folder, c.getTree())) {
        if (tree == null || !tree.isSubtree()) {
          return paths;
        }
        try (TreeWalk inner = new TreeWalk(repo)) {
          inner.addTree(tree.getObjectId(0));
          while (inner.next()) {
            paths.add(folder + "/" + inner.getPathString());
          }
        }
      }
    }
    return paths;
  }

  /**
   * Pushes one commit to one branch as a compare-and-swap: the remote branch must still be {@code
   * expectedOld} ({@link ObjectId#zeroId()}: must not exist). Never forced: the update must also be
   * a fast-forward.
   */
  RemoteRefUpdate.Status push(ObjectId commit, String branchName, ObjectId expectedOld)
      throws ModelRepositoryException {
    return push(commit, branchName, expectedOld, false);
  }

  /**
   * As {@link #push(ObjectId, String, ObjectId)}; {@code force} allows a non-fast-forward, still
   * only from {@code expectedOld} (a lease): for replacing this command's own earlier push.
   */
  RemoteRefUpdate.Status push(
      ObjectId commit, String branchName, ObjectId expectedOld, boolean force)
      throws ModelRepositoryException {
    String ref = "refs/heads/" + branchName;
    try (Transport transport = Transport.open(git.getRepository(), "origin")) {
      login.applyTo(transport);
      RemoteRefUpdate update =
          new RemoteRefUpdate(git.getRepository(), null, commit, ref, force, null, expectedOld);
      PushResult result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      return result.getRemoteUpdate(ref).getStatus();
    } catch (IOException | java.net.URISyntaxException e) {
      throw new ModelRepositoryException(
          "cannot push " + ref + " to " + url + ": " + e.getMessage(), ref, e);
    }
  }

  static boolean lostTheRace(RemoteRefUpdate.Status status) {
    return status == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD
        || status == RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED
        || status == RemoteRefUpdate.Status.REJECTED_OTHER_REASON;
  }

  @Override
  public void close() {
    git.close();
    delete(dir);
  }

  private static void delete(Path dir) {
    try {
      FileUtils.delete(
          dir.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
    } catch (IOException e) {
      // A temporary clone left behind costs disk space only; the operation's outcome stands.
    }
  }
}
