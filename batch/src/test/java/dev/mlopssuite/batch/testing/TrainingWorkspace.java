package dev.mlopssuite.batch.testing;

import dev.mlopssuite.batch.backfill.Backfill;
import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.simulate.Simulation;
import dev.mlopssuite.runtime.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A small simulated pacemaker fleet, backfilled into a snapshot, with the example's feature set:
 * the fixture for training, evaluation and gate tests. Shared through mlops-batch's test-jar.
 */
public final class TrainingWorkspace {
  public static final String FEATURES =
      """
      features:
        name: pacemaker-risk
        version: 1
        definitions:
          - {name: battery_voltage, column: battery_voltage}
          - {name: battery_voltage_mean_24h, column: battery_voltage, aggregate: mean, window: PT24H}
          - {name: battery_voltage_slope_72h, column: battery_voltage, aggregate: slope, window: PT72H}
          - {name: lead_impedance_mean_24h, column: lead_impedance, aggregate: mean, window: PT24H}
          - {name: lead_impedance_max_72h, column: lead_impedance, aggregate: max, window: PT72H}
          - {name: pacing_threshold_slope_72h, column: pacing_threshold, aggregate: slope, window: PT72H}
          - {name: sensing_amplitude_mean_24h, column: sensing_amplitude, aggregate: mean, window: PT24H}
          - {name: sensing_amplitude_slope_72h, column: sensing_amplitude, aggregate: slope, window: PT72H}
          - {name: readings_72h, column: battery_voltage, aggregate: count, window: PT72H}
      """;

  private final Path dir;

  public TrainingWorkspace(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Writes mlops.yaml and policy.yaml, simulates, backfills. */
  public TrainingWorkspace prepare(int devices, int days, String extraYaml) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("mlops.yaml"),
        """
        model: pacemaker-failure-7d
        entityColumn: device_id
        timeColumn: ts
        horizon: P7D
        data:
          telemetry: data/telemetry.csv
          outcomes: data/outcomes.csv
          valueColumns: [battery_voltage, lead_impedance, pacing_threshold, sensing_amplitude, heart_rate, device_temp]
          negativeLabelSource: simulator_outcome
          workDir: work
        simulator:
          devices: %d
          days: %d
          cadence: PT2H
          seed: 42
        """
                .formatted(devices, days)
            + FEATURES
            + extraYaml);
    Files.writeString(
        dir.resolve("policy.yaml"),
        """
        minRecall: 0.3
        minF1: 0.1
        maxRecallDrop: 0.05
        maxPrecisionDrop: 0.05
        maxFalseAlarmDaysIncrease: 25.0
        maxEce: 0.5
        minResolvedRows: 100
        minPositives: 5
        """);
    LoadedConfig config = config(Map.of());
    new Simulation(config, Progress.NONE).call();
    new Backfill(config, Progress.NONE).call();
    return this;
  }

  /** The workspace's configuration; no champion ({@code champion: none}) unless overridden. */
  public LoadedConfig config(Map<String, String> overrides) throws Exception {
    Map<String, String> withDefaults = new HashMap<>(overrides);
    withDefaults.putIfAbsent("mlops.training.champion", "none");
    return MlopsConfigLoader.load(dir.resolve("mlops.yaml"), withDefaults);
  }
}
