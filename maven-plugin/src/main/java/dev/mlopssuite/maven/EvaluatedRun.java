package dev.mlopssuite.maven;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.publish.GoalResults;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.io.IOException;
import java.nio.file.Path;

/** The run the last mlops:evaluate judged, from its result file. */
final class EvaluatedRun {
  private EvaluatedRun() {}

  static Path of(LoadedConfig config) throws MlopsException {
    Path file = GoalResults.file(config.workDirectory(), "evaluate");
    try {
      JsonNode evaluate = CanonicalJson.mapper().readTree(file.toFile());
      return Path.of(evaluate.get("run_directory").asText());
    } catch (IOException | RuntimeException e) {
      throw new MlopsException(
          "no evaluated run: "
              + file
              + " is missing or unreadable; run mlops:evaluate first, or name the run with"
              + " -Dmlops.run=DIR",
          e);
    }
  }
}
