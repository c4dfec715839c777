package dev.mlopssuite.runtime.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.runtime.ConfigValueException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSetDefinitionTest {
  private static final Duration DAY = Duration.ofHours(24);

  @Test
  void aColumnsRawValueMayCarryTheColumnsName() {
    FeatureSetDefinition set =
        new FeatureSetDefinition(
            "s",
            1,
            List.of(
                new FeatureDefinition("battery_voltage", "battery_voltage", Aggregate.RAW, null),
                new FeatureDefinition(
                    "battery_voltage_mean_24h", "battery_voltage", Aggregate.MEAN, DAY)));
    assertEquals(List.of("battery_voltage"), set.rawColumns());
    set.requireFeatureNamesApartFromColumns("features");
  }

  @Test
  void anyOtherFeatureNamedAsAColumnIsRefusedBecauseTheReadingWouldBeLostUnderIt() {
    List<List<FeatureDefinition>> clashes =
        List.of(
            // an aggregate named as the column it reads
            List.of(
                new FeatureDefinition("battery_voltage", "battery_voltage", Aggregate.MEAN, DAY)),
            // a feature named as another feature's column
            List.of(
                new FeatureDefinition("lead_impedance", "battery_voltage", Aggregate.RAW, null),
                new FeatureDefinition("impedance_max", "lead_impedance", Aggregate.MAX, DAY)));
    for (List<FeatureDefinition> definitions : clashes) {
      // Constructed (a manifest trained before the rule still reads), refused for training.
      FeatureSetDefinition set = new FeatureSetDefinition("s", 1, definitions);
      ConfigValueException e =
          assertThrows(
              ConfigValueException.class,
              () -> set.requireFeatureNamesApartFromColumns("features"));
      assertTrue(e.field().startsWith("features.definitions["), e.field());
      assertTrue(e.field().endsWith("].name"), e.field());
      assertTrue(e.getMessage().contains("is also the name of a telemetry column"), e.getMessage());
      assertTrue(e.getMessage().contains("rename this feature"), e.getMessage());
    }
  }
}
