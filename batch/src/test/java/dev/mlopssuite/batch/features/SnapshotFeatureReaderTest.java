package dev.mlopssuite.batch.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlopssuite.batch.backfill.BackfillResult;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.testing.BackfillWorkspace;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.features.Aggregate;
import dev.mlopssuite.runtime.features.EntityFeatureState;
import dev.mlopssuite.runtime.features.FeatureDefinition;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch path (snapshot → features) against the online path (rows one at a time), and leakage
 * end to end.
 */
class SnapshotFeatureReaderTest {
  static final FeatureSetDefinition FEATURES =
      new FeatureSetDefinition(
          "t",
          1,
          List.of(
              new FeatureDefinition("bv", "battery_voltage", Aggregate.RAW, null),
              new FeatureDefinition(
                  "bv_mean", "battery_voltage", Aggregate.MEAN, Duration.ofHours(6)),
              new FeatureDefinition(
                  "bv_slope", "battery_voltage", Aggregate.SLOPE, Duration.ofHours(12)),
              new FeatureDefinition("hr_max", "heart_rate", Aggregate.MAX, Duration.ofHours(4))));
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  private BackfillWorkspace workspace(Path where, long seed, Instant changeAfter) {
    BackfillWorkspace workspace = new BackfillWorkspace(where);
    Random random = new Random(seed);
    Random later = new Random(seed + 1000);
    for (int e = 0; e < 4; e++) {
      for (int h = 0; h < 48; h++) {
        Instant ts = START.plus(Duration.ofHours(h)).plusSeconds(e * 60L);
        double bv = 2.8 - h * 0.002 + random.nextGaussian() * 0.01;
        double hr = 70 + random.nextGaussian() * 3;
        if (changeAfter != null && ts.isAfter(changeAfter)) {
          bv = 1 + later.nextDouble();
          hr = 200 * later.nextDouble();
        }
        workspace.rawRow("E" + e + "," + ts + "," + bv + "," + hr);
      }
    }
    return workspace;
  }

  private Map<String, double[]> batch(BackfillResult result) throws Exception {
    Map<String, double[]> features = new TreeMap<>();
    try (DuckDbSession db = DuckDbSession.open(dir.resolve("spill"))) {
      new SnapshotFeatureReader(new FeatureEngine(FEATURES), "device_id", "ts")
          .read(
              db,
              result.directory().resolve("data.parquet"),
              Progress.NONE,
              row ->
                  features.put(
                      row.entity() + "|" + Instant.ofEpochMilli(row.millis()), row.features()));
    }
    return features;
  }

  @Test
  void onlineRowByRowGivesBitIdenticalFeaturesToTheBatch() throws Exception {
    BackfillWorkspace workspace = workspace(dir.resolve("w"), 1, null);
    Map<String, double[]> batch = batch(workspace.backfill(Map.of()));
    // Online: rows arrive interleaved across entities, in time order, one state per entity.
    FeatureEngine engine = new FeatureEngine(FEATURES);
    Map<String, EntityFeatureState> states = new HashMap<>();
    List<String[]> arrivals = new ArrayList<>();
    for (String line :
        java.nio.file.Files.readAllLines(dir.resolve("w/data/telemetry.csv"))
            .subList(1, 4 * 48 + 1)) {
      arrivals.add(line.split(","));
    }
    arrivals.sort((a, b) -> a[1].compareTo(b[1]));
    for (String[] row : arrivals) {
      double[] online =
          engine.update(
              states.computeIfAbsent(row[0], k -> engine.newState()),
              Instant.parse(row[1]).toEpochMilli(),
              new double[] {Double.parseDouble(row[2]), Double.parseDouble(row[3])});
      assertArrayEquals(
          batch.get(row[0] + "|" + Instant.parse(row[1])), online, row[0] + " " + row[1]);
    }
    assertEquals(4 * 48, batch.size());
  }

  @Test
  void changingTelemetryAfterTauNeverChangesFeaturesAtTauThroughTheWholeBatchPath()
      throws Exception {
    Instant tau = START.plus(Duration.ofHours(30));
    Map<String, double[]> original =
        batch(
            workspace(dir.resolve("a"), 2, null)
                .backfill(Map.of("mlops.backfill.asOf", "2026-01-03T00:00:00Z")));
    Map<String, double[]> changed =
        batch(
            workspace(dir.resolve("b"), 2, tau)
                .backfill(Map.of("mlops.backfill.asOf", "2026-01-03T00:00:00Z")));
    int compared = 0;
    for (var entry : original.entrySet()) {
      Instant ts = Instant.parse(entry.getKey().split("\\|")[1]);
      if (!ts.isAfter(tau)) {
        assertArrayEquals(entry.getValue(), changed.get(entry.getKey()), entry.getKey());
        compared++;
      }
    }
    // entity e reports at h hours + e minutes: E0 has 31 rows at or before τ = 30h, E1–E3 have 30
    // each
    assertEquals(31 + 3 * 30, compared);
  }
}
