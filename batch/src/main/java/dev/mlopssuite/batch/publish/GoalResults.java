package dev.mlopssuite.batch.publish;

import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every goal leaves a small machine-readable result file, {@code <workDir>/results/<goal>.json}
 * (docs/formats.md, "Goal result files"), so that a Jenkins step or any other tool reads results
 * instead of parsing logs. Replaced atomically: a reader never sees half a file.
 */
public final class GoalResults {
  public static final String DIRECTORY = "results";

  private GoalResults() {}

  public static Path file(Path workDirectory, String goal) {
    return workDirectory.resolve(DIRECTORY).resolve(goal + ".json");
  }

  public static Path write(Path workDirectory, String goal, Map<String, Object> result)
      throws MlopsException {
    Path file = file(workDirectory, goal);
    try {
      Files.createDirectories(file.getParent());
      AtomicFile.write(file, CanonicalJson.pretty(result));
      return file;
    } catch (IOException e) {
      throw new MlopsException(
          "cannot write the result file "
              + file
              + ": "
              + e.getMessage()
              + "; check the work directory is writable",
          e);
    }
  }
}
