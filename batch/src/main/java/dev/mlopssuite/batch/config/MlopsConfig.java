package dev.mlopssuite.batch.config;

import dev.mlopssuite.runtime.ConfigValueException;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The validated content of {@code mlops.yaml} (docs/configuration.md). An instance cannot exist
 * with an impossible value: each record validates itself when built.
 *
 * @param model model name, used in paths and the model repository (lowercase, digits, '-')
 * @param entityColumn entity key column, e.g. device_id
 * @param timeColumn event-time column, e.g. ts (UTC instants)
 * @param horizon label horizon H (default P7D)
 * @param features the versioned feature set; needed by train and evaluate, not by backfill
 * @param engine memory, threads and spill directory of the embedded DuckDB engine
 */
public record MlopsConfig(
    String model,
    String entityColumn,
    String timeColumn,
    Duration horizon,
    DataConfig data,
    BackfillConfig backfill,
    ValidationConfig validation,
    TrainingConfig training,
    SimulatorSettings simulator,
    FeatureSetDefinition features,
    EngineConfig engine) {

  private static final Pattern MODEL_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  public MlopsConfig {
    ConfigChecks.required("model", model, "a model name, e.g. pacemaker-failure-7d");
    if (!MODEL_NAME.matcher(model).matches()) {
      throw new ConfigValueException(
          "model", model, "use lowercase letters, digits and '-', e.g. pacemaker-failure-7d");
    }
    ConfigChecks.sqlIdentifier("entityColumn", entityColumn);
    ConfigChecks.sqlIdentifier("timeColumn", timeColumn);
    if (entityColumn.equals(timeColumn)) {
      throw new ConfigValueException("timeColumn", timeColumn, "must differ from entityColumn");
    }
    horizon =
        ConfigChecks.positiveWholeSeconds(
            "horizon", horizon == null ? Duration.ofDays(7) : horizon);
    ConfigChecks.required(
        "data", data, "a 'data:' section with telemetry, outcomes and valueColumns");
    if (data.valueColumns().contains(entityColumn) || data.valueColumns().contains(timeColumn)) {
      throw new ConfigValueException(
          "data.valueColumns",
          data.valueColumns(),
          "list only numeric columns, not the entity or time column");
    }
    backfill = backfill == null ? BackfillConfig.defaults() : backfill;
    validation = validation == null ? ValidationConfig.defaults() : validation;
    training = training == null ? TrainingConfig.defaults() : training;
    simulator = simulator == null ? SimulatorSettings.defaults() : simulator;
    engine = engine == null ? EngineConfig.defaults() : engine;
    for (String column : validation.ranges().keySet()) {
      if (!data.valueColumns().contains(column)) {
        throw new ConfigValueException(
            "validation.ranges",
            column,
            "is not in data.valueColumns " + data.valueColumns() + ": fix the name or remove it");
      }
    }
    if (features != null) {
      features.requireFeatureNamesApartFromColumns("features");
      for (String column : features.rawColumns()) {
        if (!data.valueColumns().contains(column)) {
          throw new ConfigValueException(
              "features.definitions",
              column,
              "reads a column that is not in data.valueColumns "
                  + data.valueColumns()
                  + ": add it there or fix the name");
        }
      }
    }
  }

  public MlopsConfig withTraining(TrainingConfig newTraining) {
    return new MlopsConfig(
        model,
        entityColumn,
        timeColumn,
        horizon,
        data,
        backfill,
        validation,
        newTraining,
        simulator,
        features,
        engine);
  }

  public MlopsConfig withData(DataConfig newData) {
    return new MlopsConfig(
        model,
        entityColumn,
        timeColumn,
        horizon,
        newData,
        backfill,
        validation,
        training,
        simulator,
        features,
        engine);
  }

  public MlopsConfig withBackfill(BackfillConfig newBackfill) {
    return new MlopsConfig(
        model,
        entityColumn,
        timeColumn,
        horizon,
        data,
        newBackfill,
        validation,
        training,
        simulator,
        features,
        engine);
  }
}
