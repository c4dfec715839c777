package dev.mlopssuite.batch.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.config.InvalidConfigException;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** policy.yaml as the evaluation reads it (MlopsConfigLoader.readYaml). */
class GatePolicyTest {
  static final String REST =
      """
      minRecall: 0.4
      minF1: 0.1
      maxRecallDrop: 0.02
      maxPrecisionDrop: 0.02
      maxEce: 0.3
      minResolvedRows: 100
      minPositives: 5
      """;

  @TempDir Path dir;

  private GatePolicy read(String yaml) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, yaml);
    return MlopsConfigLoader.readYaml(file, GatePolicy.class);
  }

  @Test
  void theFalseAlarmDaysLimitReads() throws Exception {
    GatePolicy policy = read(REST + "maxFalseAlarmDaysIncrease: 25.0\n");
    assertEquals(25.0, policy.maxFalseAlarmDaysIncrease());
    assertEquals("absolute", policy.relativeMode());
  }

  @Test
  void theOldRowCountKeySaysItWasRenamedAndWhatItNowMeans() {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> read(REST + "maxFpBurdenIncrease: 250\n"));
    assertEquals("maxFpBurdenIncrease", e.key());
    assertEquals("250", e.value());
    assertTrue(e.fix().contains("renamed to maxFalseAlarmDaysIncrease"), e.getMessage());
    assertTrue(e.fix().contains("false-alarm days per 1,000 entity-days"), e.getMessage());
    assertTrue(e.fix().contains("does not carry over"), e.getMessage());
  }

  @Test
  void theOldKeyBesideTheNewOneIsStillRefused() {
    // kept, the old number would read as if it still applied
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> read(REST + "maxFalseAlarmDaysIncrease: 25\nmaxFpBurdenIncrease: 250\n"));
    assertEquals("maxFpBurdenIncrease", e.key());
  }

  @Test
  void aLimitAboveAThousandDaysIsImpossible() {
    // the rate is bounded by 1,000, so its increase is too: a larger number is an old row count
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> read(REST + "maxFalseAlarmDaysIncrease: 6692\n"));
    assertEquals("maxFalseAlarmDaysIncrease", e.key());
    assertTrue(e.fix().contains("[0.0, 1000.0]"), e.getMessage());
  }

  @Test
  void aMissingLimitFailsClosed() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(REST));
    assertEquals("maxFalseAlarmDaysIncrease", e.key());
  }

  @Test
  void anUnknownKeyIsStillNamed() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> read(REST + "maxFalseAlarmDaysIncrease: 25\nmaxFalseAlarmDays: 3\n"));
    assertEquals("maxFalseAlarmDays", e.value());
  }

  @Test
  void theExamplePolicyAndTheReadmeUseTheNewKeyAndTheOneMetricName() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    GatePolicy example =
        MlopsConfigLoader.readYaml(
            root.resolve("examples/pacemaker/policy.yaml"), GatePolicy.class);
    assertEquals(25.0, example.maxFalseAlarmDaysIncrease());
    String readme = Files.readString(root.resolve("README.md"));
    assertTrue(readme.contains("maxFalseAlarmDaysIncrease: 25.0"));
    assertTrue(readme.contains("`" + BinaryMetrics.FALSE_ALARM_DAYS + "`"));
  }
}
