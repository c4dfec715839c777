package dev.mlopssuite.batch.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlopssuite.batch.publish.StagedDirectory;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory of immutable snapshots {@code snap-<id>/} (docs/snapshots.md). A snapshot is written
 * into a hidden staging directory and published by one atomic rename, so a crash leaves no visible
 * half snapshot; staging directories of dead processes are removed on the next run.
 */
public final class SnapshotStore {
  private static final ObjectMapper JSON = CanonicalJson.mapper();

  private final Path root;

  public SnapshotStore(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path directory(String id) {
    return root.resolve(id);
  }

  public Optional<SnapshotManifest> find(String id) throws SnapshotException {
    Path manifest = directory(id).resolve(SnapshotManifest.FILE_NAME);
    if (!Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(manifest.toFile(), SnapshotManifest.class));
    } catch (IOException e) {
      throw new SnapshotException("cannot read " + manifest + ": " + e.getMessage(), e);
    }
  }

  /**
   * A snapshot by id, or for {@code latest} the one with the newest (as-of T, then watermark W):
   * docs/snapshots.md. Not the last one written: backfilling an old as-of after a new one must not
   * make training go back in time. Creation time, then id, only break exact ties.
   */
  public SnapshotManifest resolve(String idOrLatest) throws SnapshotException {
    if ("latest".equals(idOrLatest)) {
      return list().stream()
          .max(
              Comparator.comparing(SnapshotManifest::asOf)
                  .thenComparing(SnapshotManifest::watermark)
                  .thenComparing(SnapshotManifest::createdAt)
                  .thenComparing(SnapshotManifest::id))
          .orElseThrow(
              () ->
                  new SnapshotException(
                      "no snapshot in "
                          + root
                          + " to use as 'latest': run a full backfill first (mvn mlops:backfill)"));
    }
    return find(idOrLatest)
        .orElseThrow(
            () ->
                new SnapshotException(
                    "snapshot '"
                        + idOrLatest
                        + "' not found in "
                        + root
                        + ": use an id listed there, or 'latest'"));
  }

  public List<SnapshotManifest> list() throws SnapshotException {
    List<SnapshotManifest> manifests = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return manifests;
    }
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry :
          entries.filter(p -> p.getFileName().toString().startsWith("snap-")).sorted().toList()) {
        find(entry.getFileName().toString()).ifPresent(manifests::add);
      }
    } catch (IOException e) {
      throw new SnapshotException("cannot list " + root + ": " + e.getMessage(), e);
    }
    return manifests;
  }

  /** Checks every file against the sha256 recorded in snapshot.json. */
  public void verify(SnapshotManifest manifest) throws SnapshotException {
    Path dir = directory(manifest.id());
    for (Map.Entry<String, String> file : manifest.files().entrySet()) {
      Path path = dir.resolve(file.getKey());
      try {
        String actual = Sha256.ofFile(path);
        if (!actual.equals(file.getValue())) {
          throw new SnapshotException(
              "snapshot "
                  + manifest.id()
                  + " is corrupt: "
                  + file.getKey()
                  + " has sha256 "
                  + actual
                  + " but snapshot.json records "
                  + file.getValue()
                  + "; delete the directory and rerun the backfill");
        }
      } catch (IOException e) {
        throw new SnapshotException(
            "snapshot "
                + manifest.id()
                + " is missing "
                + file.getKey()
                + ": delete "
                + dir
                + " and rerun the backfill",
            e);
      }
    }
  }

  public Path newStagingDirectory(String id) throws SnapshotException {
    try {
      return StagedDirectory.create(root, id);
    } catch (IOException e) {
      throw new SnapshotException(
          "cannot create a staging directory in " + root + ": " + e.getMessage(), e);
    }
  }

  /** Writes snapshot.json into the staging directory, then renames it into place atomically. */
  public boolean publish(Path staging, SnapshotManifest manifest) throws SnapshotException {
    Path target = directory(manifest.id());
    try {
      Files.writeString(
          staging.resolve(SnapshotManifest.FILE_NAME), CanonicalJson.pretty(manifest));
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (AtomicMoveNotSupportedException e) {
      StagedDirectory.deleteRecursively(staging);
      throw new SnapshotException(
          "the snapshot directory "
              + root
              + " does not support atomic renames: put it on a local file system",
          e);
    } catch (IOException e) {
      StagedDirectory.deleteRecursively(staging);
      // Another run published the same id first: same inputs, same content, nothing to do. Which
      // exception says so depends on the platform: Linux's rename(2) fails with ENOTEMPTY, which
      // Java reports as a plain FileSystemException rather than DirectoryNotEmptyException. So the
      // target itself is checked instead of the exception's type, and verified before trusting it.
      Optional<SnapshotManifest> winner = publishedBy(manifest.id());
      if (winner.isPresent()) {
        verify(winner.get());
        return false;
      }
      throw new SnapshotException(
          "cannot publish snapshot "
              + manifest.id()
              + " to "
              + target
              + ": "
              + e
              + "; check that "
              + root
              + " is writable and on a local file system",
          e);
    }
  }

  private Optional<SnapshotManifest> publishedBy(String id) {
    try {
      return find(id).filter(found -> found.id().equals(id));
    } catch (SnapshotException unreadable) {
      return Optional.empty();
    }
  }

  /** Removes staging directories left by processes that no longer run (a killed backfill). */
  public int removeAbandonedStaging() throws SnapshotException {
    try {
      return StagedDirectory.removeAbandoned(root);
    } catch (IOException e) {
      throw new SnapshotException("cannot list " + root + ": " + e.getMessage(), e);
    }
  }
}
