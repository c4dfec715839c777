package dev.mlopssuite.sidecar.repository;

import dev.mlopssuite.modelrepo.RepositoryLogin;
import dev.mlopssuite.trust.PromotionRecord;
import dev.mlopssuite.trust.RecordSignatures;
import dev.mlopssuite.trust.RepositoryLayout;
import dev.mlopssuite.trust.RollbackRecord;
import dev.mlopssuite.trust.TrustException;
import dev.mlopssuite.trust.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The sidecar's own bare clone of the model repository in its cache directory: fetches the served
 * branch, writes one commit's files into a stage directory, and tells how CHAMPION last changed.
 * Used by one thread (the watcher's); only the fetch itself runs on a thread of its own.
 */
final class LocalClone implements AutoCloseable {
  private final Git git;
  private final String url;
  private final String branch;
  private final String trackingRef;
  private final RepositoryLogin login;
  private final int timeoutSeconds;
  private final SilenceGuard guard;

  /**
   * @param login how to log in to the remote (the watcher closes it)
   * @param timeout how long a fetch may go without progress from the server
   */
  LocalClone(Path directory, String url, String branch, RepositoryLogin login, Duration timeout)
      throws IOException, GitAPIException {
    this.login = login;
    this.url = url;
    this.branch = branch;
    this.trackingRef = "refs/remotes/origin/" + branch;
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    // The grace lets JGit's own timeout, which works for HTTP, speak first where it can.
    int graceSeconds = Math.max(2, timeoutSeconds / 4);
    this.guard =
        new SilenceGuard(
            Duration.ofSeconds(timeoutSeconds + graceSeconds),
            timeoutSeconds + " s (repository.fetchTimeout) and " + graceSeconds + " s of grace");
    Files.createDirectories(directory);
    // A clone from an earlier run is reused: fetching into it costs only the new objects.
    this.git =
        Files.isDirectory(directory.resolve("objects"))
            ? Git.open(directory.toFile())
            : Git.init().setBare(true).setDirectory(directory.toFile()).call();
  }

  /**
   * Fetches the served branch; returns its commit, or null when the branch does not exist. The
   * fetch runs under a {@link SilenceGuard}: one that goes silent for the timeout (plus a grace
   * that lets JGit's own HTTP timeout speak first) fails and is abandoned.
   */
  ObjectId fetch() throws GitAPIException, IOException {
    return guard.run(this::fetchNow);
  }

  private ObjectId fetchNow(ProgressMonitor progress) throws GitAPIException, IOException {
    FetchCommand fetch =
        git.fetch()
            .setRemote(url)
            .setProgressMonitor(progress)
            .setTimeout(timeoutSeconds)
            .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + trackingRef))
            .setRemoveDeletedRefs(true);
    login.applyTo(fetch);
    fetch.call();
    Ref ref = git.getRepository().exactRef(trackingRef);
    return ref == null ? null : ref.getObjectId();
  }

  /**
   * Writes the policy file and the folders of {@code models} of a commit into {@code stage}.
   * Symbolic links are written as links so that the chain verifier sees and refuses them; a name
   * that could leave the stage is refused here.
   */
  void stage(ObjectId commit, List<String> models, Path stage)
      throws IOException, ModelRefusedException {
    Repository repo = git.getRepository();
    List<String> paths = new ArrayList<>();
    paths.add(RepositoryLayout.POLICY);
    models.forEach(m -> paths.add(RepositoryLayout.modelPath(m)));
    Path root = stage.toAbsolutePath().normalize();
    try (RevWalk walk = new RevWalk(repo);
        TreeWalk tree = new TreeWalk(repo)) {
      tree.addTree(walk.parseCommit(commit).getTree());
      tree.setRecursive(true);
      tree.setFilter(PathFilterGroup.createFromStrings(paths));
      ObjectReader reader = tree.getObjectReader();
      while (tree.next()) {
        String path = tree.getPathString();
        Path target = root.resolve(path).normalize();
        if (!target.startsWith(root) || path.contains("/../") || path.startsWith("../")) {
          throw new ModelRefusedException(
              "the commit holds the path '" + path + "', which leaves the repository");
        }
        FileMode mode = tree.getFileMode(0);
        Files.createDirectories(target.getParent());
        if (mode == FileMode.SYMLINK) {
          byte[] link = reader.open(tree.getObjectId(0)).getCachedBytes(4096);
          Files.createSymbolicLink(target, Path.of(new String(link, StandardCharsets.UTF_8)));
        } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
          // Streamed: a model file may be larger than JGit hands out as one byte array.
          try (OutputStream out = Files.newOutputStream(target)) {
            reader.open(tree.getObjectId(0)).copyTo(out);
          }
        }
        // Submodules (gitlinks) have no content here; the chain verifier reports what is missing.
      }
    }
  }

  /**
   * Whether {@code model} has never been promoted on the branch up to {@code head}: no commit in
   * its history ever had a {@code CHAMPION} for it (added, changed or removed), judged from Git's
   * own history rather than the staged files. A CHAMPION that was removed, or is a link or a
   * submodule, is not "never promoted": the loader refuses it.
   */
  boolean neverPromoted(ObjectId head, String model) throws IOException {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      return lastChampionChange(walk, head, model) == null;
    }
  }

  /** The last commit up to {@code head} that added, changed or removed the model's CHAMPION. */
  private static RevCommit lastChampionChange(RevWalk walk, ObjectId head, String model)
      throws IOException {
    walk.setRewriteParents(false);
    walk.setTreeFilter(
        AndTreeFilter.create(
            PathFilter.create(RepositoryLayout.championPath(model)), TreeFilter.ANY_DIFF));
    walk.markStart(walk.parseCommit(head));
    return walk.next();
  }

  /**
   * Refuses a CHAMPION that last changed in a commit with neither its version's promotion record
   * nor a validly signed rollback record to that version: someone pushed the change straight to the
   * served branch. The chain verifier sees only a work tree, so it would accept CHAMPION pointed
   * back at an older, validly promoted version by hand (docs/trust-chain.md, "What is checked
   * where", last paragraph); this closes that gap for the sidecar.
   */
  void requireRecordedChange(ObjectId head, String model, String version, TrustedKeys keys)
      throws IOException, ModelRefusedException {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      RevCommit change = lastChampionChange(walk, head, model);
      if (change == null) {
        return; // no CHAMPION at all: the loader reports that
      }
      RevCommit parent =
          change.getParentCount() == 0 ? null : walk.parseCommit(change.getParent(0));
      String recordPath =
          RepositoryLayout.versionPath(model, version) + "/" + PromotionRecord.FILE_NAME;
      if (exists(change.getTree(), recordPath)
          && (parent == null || !exists(parent.getTree(), recordPath))) {
        return; // a promotion: the chain verifier checks the record itself
      }
      String rollbacks = RepositoryLayout.rollbacksPath(model);
      List<String> added = list(change.getTree(), rollbacks);
      if (parent != null) {
        added.removeAll(list(parent.getTree(), rollbacks));
      }
      for (String path : added) {
        try {
          RollbackRecord record = RollbackRecord.parse(read(change.getTree(), path));
          RecordSignatures.verify(record, keys);
          if (model.equals(record.model()) && version.equals(record.toVersion())) {
            return;
          }
        } catch (IOException | TrustException e) {
          throw new ModelRefusedException(
              "CHAMPION of "
                  + model
                  + " changed to "
                  + version
                  + " in commit "
                  + change.name()
                  + " with the rollback record "
                  + path
                  + ", which does not verify: "
                  + e.getMessage(),
              e);
        }
      }
      throw new ModelRefusedException(
          "CHAMPION of "
              + model
              + " changed to "
              + version
              + " in commit "
              + change.name()
              + " without a promotion or rollback record (pushed straight to the served branch):"
              + " serve only what mlops:promote or mlops:rollback recorded; revert that commit");
    }
  }

  private boolean exists(RevTree tree, String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(git.getRepository(), path, tree)) {
      return walk != null;
    }
  }

  private byte[] read(RevTree tree, String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(git.getRepository(), path, tree)) {
      if (walk == null) {
        throw new IOException(path + " is not in the commit");
      }
      try (InputStream in = walk.getObjectReader().open(walk.getObjectId(0)).openStream()) {
        return in.readAllBytes();
      }
    }
  }

  private List<String> list(RevTree tree, String folder) throws IOException {
    List<String> out = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(git.getRepository())) {
      walk.addTree(tree);
      walk.setRecursive(true);
      walk.setFilter(PathFilter.create(folder));
      while (walk.next()) {
        out.add(walk.getPathString());
      }
    }
    return out;
  }

  @Override
  public void close() {
    guard.close();
    git.close();
  }
}
