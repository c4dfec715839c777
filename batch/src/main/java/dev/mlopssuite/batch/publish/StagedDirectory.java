package dev.mlopssuite.batch.publish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Outputs are written into a hidden staging directory and published by one atomic rename; a staging
 * directory is never read as a result (docs/trust.md, "Publishing"). Its name carries the writer's
 * process id, so the next run can tell an abandoned one (its writer is dead) from one still being
 * written by a concurrent run.
 */
public final class StagedDirectory {
  public static final String PREFIX = ".staging-";

  private StagedDirectory() {}

  /** A new staging directory under {@code root} for an output to be named {@code name}. */
  public static Path create(Path root, String name) throws IOException {
    Files.createDirectories(root);
    return Files.createDirectory(
        root.resolve(
            PREFIX + name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
  }

  /** True for a staging (or any hidden) directory: never a published result. */
  public static boolean isStaging(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /** Removes staging directories whose writing process is gone; returns how many. */
  public static int removeAbandoned(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry :
          entries.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
        if (!writerAlive(entry.getFileName().toString())) {
          deleteRecursively(entry);
          removed++;
        }
      }
    }
    return removed;
  }

  private static boolean writerAlive(String stagingName) {
    String[] parts = stagingName.split("-");
    try {
      long pid = Long.parseLong(parts[parts.length - 2]);
      return pid == ProcessHandle.current().pid()
          || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return false; // not a name this class wrote: nobody owns it
    }
  }

  public static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Best effort: a leftover staging directory is hidden and removed by the next run.
    }
  }
}
