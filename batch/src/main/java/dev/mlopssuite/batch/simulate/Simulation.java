package dev.mlopssuite.batch.simulate;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulate goal's entry point: runs {@link PacemakerSimulation} on the files mlops.yaml names
 * and writes the lineage beside them ({@code simulation.json} and the effective configuration).
 */
public final class Simulation {
  public static final String LINEAGE_FILE = "simulation.json";
  public static final String EFFECTIVE_CONFIG = "simulation-effective-config.yaml";

  private final LoadedConfig loaded;
  private final Progress progress;

  public Simulation(LoadedConfig loaded, Progress progress) {
    this.loaded = loaded;
    this.progress = progress;
  }

  public SimulationResult call() throws MlopsException {
    Path telemetry = loaded.resolve(loaded.config().data().telemetry());
    Path outcomes = loaded.resolve(loaded.config().data().outcomes());
    SimulationResult result =
        new PacemakerSimulation(loaded.config().simulator(), telemetry, outcomes, progress).call();
    Map<String, Object> lineage = new LinkedHashMap<>();
    lineage.put("settings", loaded.config().simulator());
    lineage.put(
        "telemetry",
        Map.of(
            "path",
            telemetry.getFileName().toString(),
            "sha256",
            result.telemetrySha256(),
            "rows",
            result.rows()));
    lineage.put(
        "outcomes",
        Map.of(
            "path",
            outcomes.getFileName().toString(),
            "sha256",
            result.outcomesSha256(),
            "failures",
            result.failures()));
    lineage.put("config_sha256", loaded.configHash());
    try {
      Files.writeString(telemetry.resolveSibling(LINEAGE_FILE), CanonicalJson.pretty(lineage));
      Files.writeString(telemetry.resolveSibling(EFFECTIVE_CONFIG), loaded.effectiveYaml());
    } catch (IOException e) {
      throw new SimulationException(
          "cannot write the simulation lineage beside " + telemetry + ": " + e.getMessage(), e);
    }
    return result;
  }
}
