package dev.mlopssuite.maven;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.simulate.Simulation;
import dev.mlopssuite.batch.simulate.SimulationResult;
import dev.mlopssuite.runtime.MlopsException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Writes deterministic pacemaker telemetry and failure events to the files named by {@code
 * data.telemetry} (CSV, or Parquet when it ends in .parquet) and {@code data.outcomes}. Size it
 * with {@code -Dmlops.simulator.devices=} and {@code -Dmlops.simulator.days=}; 10,000 devices × 42
 * days hourly is 10,080,000 rows.
 */
@Mojo(name = "simulate", requiresProject = false, threadSafe = true)
public class SimulateMojo extends AbstractMlopsMojo {
  @Override
  protected void run(LoadedConfig config) throws MlopsException {
    var settings = config.config().simulator();
    getLog()
        .info(
            String.format(
                "simulating %,d devices × %d days every %s (seed %d): %,d rows",
                settings.devices(),
                settings.days(),
                settings.cadence(),
                settings.seed(),
                settings.rows()));
    SimulationResult result = new Simulation(config, progress()).call();
    getLog()
        .info(
            String.format(
                "telemetry: %s (%,d rows, sha256 %s)",
                result.telemetry(), result.rows(), result.telemetrySha256().substring(0, 12)));
    getLog()
        .info(
            String.format(
                "outcomes: %s (%,d failures, sha256 %s)",
                result.outcomes(), result.failures(), result.outcomesSha256().substring(0, 12)));
  }
}
