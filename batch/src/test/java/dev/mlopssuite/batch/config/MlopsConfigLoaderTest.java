package dev.mlopssuite.batch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlopsConfigLoaderTest {
  static final String VALID =
      """
      model: pacemaker-failure-7d
      entityColumn: device_id
      timeColumn: ts
      horizon: P7D
      data:
        telemetry: data/telemetry.csv
        outcomes: data/outcomes.csv
        valueColumns: [battery_voltage, heart_rate]
      """;

  @TempDir Path dir;

  private LoadedConfig load(String yaml, Map<String, String> overrides) throws Exception {
    Path file = dir.resolve("mlops.yaml");
    Files.writeString(file, yaml);
    return MlopsConfigLoader.load(file, overrides);
  }

  private InvalidConfigException failure(String yaml, Map<String, String> overrides) {
    return assertThrows(InvalidConfigException.class, () -> load(yaml, overrides));
  }

  @Test
  void validFileFillsDefaults() throws Exception {
    LoadedConfig loaded = load(VALID, Map.of());
    assertEquals(Duration.ofDays(7), loaded.config().horizon());
    assertEquals("failure_ts", loaded.config().data().outcomeTimeColumn());
    assertEquals(0.001, loaded.config().validation().maxRejectedFraction());
    assertEquals(dir.resolve("target/mlops"), loaded.workDirectory());
    assertTrue(
        loaded.effectiveYaml().contains("outcomeTimeColumn: \"failure_ts\""),
        loaded.effectiveYaml());
  }

  @Test
  void unknownKeyIsNamedWithSuggestion() {
    InvalidConfigException e = failure(VALID + "horizn: P3D\n", Map.of());
    assertEquals("horizn", e.key());
    assertTrue(e.getMessage().contains("did you mean 'horizon'"), e.getMessage());
  }

  @Test
  void unknownNestedKeyNamesItsPath() {
    InvalidConfigException e = failure(VALID + "  telemetryy: x.csv\n", Map.of());
    assertEquals("data.telemetryy", e.key());
  }

  @Test
  void wrongTypeNamesKeyValueAndExpectedType() {
    InvalidConfigException e = failure(VALID.replace("P7D", "seven days"), Map.of());
    assertEquals("horizon", e.key());
    assertEquals("seven days", e.value());
    assertTrue(e.getMessage().contains("ISO-8601 duration"), e.getMessage());
  }

  @Test
  void negativeHorizonIsImpossible() {
    InvalidConfigException e = failure(VALID.replace("P7D", "-P7D"), Map.of());
    assertEquals("horizon", e.key());
    assertTrue(e.getMessage().contains("positive"), e.getMessage());
  }

  @Test
  void missingEntityColumnIsNamed() {
    InvalidConfigException e = failure(VALID.replace("entityColumn: device_id\n", ""), Map.of());
    assertEquals("entityColumn", e.key());
    assertTrue(e.getMessage().contains("required"), e.getMessage());
  }

  @Test
  void nestedImpossibleValueCarriesFullPath() {
    InvalidConfigException e = failure(VALID + "validation:\n  maxRejectedFraction: 2\n", Map.of());
    assertEquals("validation.maxRejectedFraction", e.key());
  }

  @Test
  void aFeatureNamedAsAnotherColumnIsRefusedWithItsPath() {
    InvalidConfigException e =
        failure(
            VALID
                + """
                features:
                  name: s
                  version: 1
                  definitions:
                    - {name: battery_voltage, column: battery_voltage}
                    - {name: heart_rate, column: battery_voltage, aggregate: mean, window: PT24H}
                    - {name: hr_max, column: heart_rate, aggregate: max, window: PT24H}
                """,
            Map.of());
    assertEquals("features.definitions[1].name", e.key());
    assertEquals("heart_rate", e.value());
    assertTrue(e.getMessage().contains("rename this feature"), e.getMessage());
  }

  @Test
  void overridesApplyAndAreValidatedLikeTheFile() throws Exception {
    LoadedConfig loaded =
        load(
            VALID,
            Map.of(
                "mlops.horizon",
                "PT36H",
                "mlops.backfill.asOf",
                "2026-03-01T00:00:00Z",
                "mlops.backfill.cohort",
                "PM-1, PM-2"));
    assertEquals(Duration.ofHours(36), loaded.config().horizon());
    assertEquals(Instant.parse("2026-03-01T00:00:00Z"), loaded.config().backfill().asOf());
    assertEquals(List.of("PM-1", "PM-2"), loaded.config().backfill().cohort());

    assertEquals("horizon", failure(VALID, Map.of("mlops.horizon", "PT0S")).key());
    assertEquals("backfill.asOf", failure(VALID, Map.of("mlops.backfill.asOf", "yesterday")).key());
    assertEquals("bogus", failure(VALID, Map.of("mlops.bogus", "1")).key());
  }

  @Test
  void configHashChangesWithAnyValue() throws Exception {
    String a = load(VALID, Map.of()).configHash();
    assertEquals(a, load(VALID, Map.of()).configHash());
    assertTrue(!a.equals(load(VALID, Map.of("mlops.horizon", "P6D")).configHash()));
  }

  @Test
  void watermarkAfterAsOfIsRefused() {
    InvalidConfigException e =
        failure(
            VALID,
            Map.of(
                "backfill.asOf",
                "2026-03-01T00:00:00Z",
                "backfill.watermark",
                "2026-03-02T00:00:00Z"));
    assertEquals("backfill.watermark", e.key());
  }

  @Test
  void theEffectiveConfigurationReadsBackToTheSameConfiguration() throws Exception {
    LoadedConfig loaded =
        MlopsConfigLoader.load(
            Path.of(System.getProperty("user.dir"))
                .resolve("../examples/pacemaker/mlops.yaml")
                .normalize(),
            Map.of("mlops.backfill.cohort", "PM-1", "mlops.training.bootstrap", "true"));
    LoadedConfig again = MlopsConfigLoader.parse(loaded.effectiveYaml(), loaded.baseDirectory());
    assertEquals(loaded.config(), again.config());
    assertEquals(loaded.configHash(), again.configHash());
  }

  @Test
  void treesDefaultToNoWeightingAndRefuseBalancedWeights() throws Exception {
    assertEquals(
        "none",
        load(VALID, Map.of("mlops.training.trainer", "cart")).config().training().classWeighting());
    assertEquals("balanced", load(VALID, Map.of()).config().training().classWeighting());
    InvalidConfigException e =
        failure(
            VALID,
            Map.of(
                "mlops.training.trainer",
                "random_forest",
                "mlops.training.classWeighting",
                "balanced"));
    assertEquals("training.classWeighting", e.key());
    assertTrue(e.getMessage().contains("classWeighting: none with trees"), e.getMessage());
  }
}
