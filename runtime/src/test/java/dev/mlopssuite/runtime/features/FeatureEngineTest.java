package dev.mlopssuite.runtime.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.runtime.ConfigValueException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureEngineTest {
  static final long H = 3_600_000L;
  static final Duration THREE_HOURS = Duration.ofHours(3);

  static FeatureSetDefinition set(FeatureDefinition... definitions) {
    return new FeatureSetDefinition("test", 1, List.of(definitions));
  }

  static FeatureDefinition f(String name, Aggregate aggregate, Duration window) {
    return new FeatureDefinition(name, "v", aggregate, window);
  }

  @Test
  void handComputedAggregatesOverATrailingWindow() throws Exception {
    FeatureEngine engine =
        new FeatureEngine(
            set(
                f("v", Aggregate.RAW, null),
                f("mean", Aggregate.MEAN, THREE_HOURS),
                f("min", Aggregate.MIN, THREE_HOURS),
                f("max", Aggregate.MAX, THREE_HOURS),
                f("count", Aggregate.COUNT, THREE_HOURS),
                f("slope", Aggregate.SLOPE, THREE_HOURS)));
    EntityFeatureState state = engine.newState();
    double[][] out = new double[5][];
    double[] series = {10, 12, 9, 15, 11};
    for (int i = 0; i < series.length; i++) {
      out[i] = engine.update(state, i * H, new double[] {series[i]});
    }
    // rows at 0..4 h; the row at 4h sees (4h − 3h, 4h] = (1h, 4h] → rows at 2h, 3h, 4h = 9, 15, 11
    assertEquals(11, out[4][0]);
    assertEquals((9 + 15 + 11) / 3.0, out[4][1], 1e-12);
    assertEquals(9, out[4][2]);
    assertEquals(15, out[4][3]);
    assertEquals(3, out[4][4]);
    // slope of (−2h, 9), (−1h, 15), (0, 11) in days: x̄ = −1h, ȳ = 35/3;
    // Σdx·dy = (−1h)(9 − 35/3) + 0 + (1h)(11 − 35/3) = 1h·(2) ; Σdx² = 2h² → slope = 1 per hour =
    // 24 per day
    assertEquals(24.0, out[4][5], 1e-9);
    // first row: one row in window, slope 0 by definition
    assertEquals(0.0, out[0][5]);
    assertEquals(1, out[0][4]);
  }

  @Test
  void handComputedSpreadAndDeviationFromTheOwnBaseline() throws Exception {
    FeatureEngine engine =
        new FeatureEngine(
            set(f("std", Aggregate.STD, THREE_HOURS), f("dev", Aggregate.DEVIATION, THREE_HOURS)));
    EntityFeatureState state = engine.newState();
    double[] series = {10, 12, 9, 15, 11};
    double[] last = null;
    for (int i = 0; i < series.length; i++) {
      last = engine.update(state, i * H, new double[] {series[i]});
    }
    // window at 4h: 9, 15, 11; mean 35/3; squared deviations (8/3)² + (10/3)² + (2/3)² = 168/9
    assertEquals(Math.sqrt(168.0 / 9 / 3), last[0], 1e-12);
    assertEquals(11 - 35.0 / 3, last[1], 1e-12);
    // a single row: no spread, no deviation
    EntityFeatureState fresh = engine.newState();
    double[] first = engine.update(fresh, 0, new double[] {42});
    assertEquals(0.0, first[0]);
    assertEquals(0.0, first[1]);
  }

  @Test
  void windowBoundaryExcludesTheRowExactlyOneWindowBack() throws Exception {
    FeatureEngine engine = new FeatureEngine(set(f("count", Aggregate.COUNT, THREE_HOURS)));
    EntityFeatureState state = engine.newState();
    engine.update(state, 0, new double[] {1});
    engine.update(state, 1, new double[] {1}); // 1 ms later
    // at exactly 3h the row at 0 is τ − window: excluded; the one at 1 ms is inside
    assertEquals(2, engine.update(state, 3 * H, new double[] {1})[0]);
    // at 3h + 1 ms the window is (1 ms, 3h + 1 ms]: the row at 1 ms is now out, 3h and 3h + 1 ms in
    assertEquals(2, engine.update(state, 3 * H + 1, new double[] {1})[0]);
  }

  @Test
  void outOfOrderRowsAreRefused() throws Exception {
    FeatureEngine engine = new FeatureEngine(set(f("v", Aggregate.RAW, null)));
    EntityFeatureState state = engine.newState();
    engine.update(state, 10, new double[] {1});
    assertThrows(OutOfOrderRowException.class, () -> engine.update(state, 10, new double[] {1}));
    assertThrows(OutOfOrderRowException.class, () -> engine.update(state, 9, new double[] {1}));
  }

  /** Refused by the check in the tests below. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void aRowTheCheckRefusesLeavesTheStateAsIfItHadNeverBeenOffered() throws Exception {
    FeatureEngine engine =
        new FeatureEngine(
            set(
                f("mean", Aggregate.MEAN, THREE_HOURS),
                f("count", Aggregate.COUNT, THREE_HOURS),
                f("slope", Aggregate.SLOPE, THREE_HOURS),
                f("std", Aggregate.STD, THREE_HOURS)));
    EntityFeatureState state = engine.newState();
    EntityFeatureState never = engine.newState();
    // 16 rows fill the state's first capacity, so the refused row's append grows it
    for (int i = 0; i < 16; i++) {
      double[] v = {10 + i % 3};
      engine.update(state, i * H / 8, v);
      engine.update(never, i * H / 8, v);
    }
    int kept = state.rowsKept();
    // The refused row is 10 h later: kept, it would have evicted every row before it.
    assertThrows(
        Refused.class,
        () ->
            engine.update(
                state,
                10 * H,
                new double[] {99},
                features -> {
                  throw new Refused();
                }));
    assertEquals(kept, state.rowsKept());
    // a time before the refused row's is still accepted, and sees the rows it would have evicted
    double[] expected = engine.update(never, 3 * H, new double[] {11});
    assertArrayEquals(expected, engine.update(state, 3 * H, new double[] {11}));
    assertEquals(16, expected[1]); // the rows at 1/8 h … 15/8 h, and this one
    // a check that accepts keeps the row, as update does
    double[] checked = engine.update(state, 4 * H, new double[] {12}, features -> {});
    assertArrayEquals(engine.update(never, 4 * H, new double[] {12}), checked);
    assertEquals(never.rowsKept(), state.rowsKept());
  }

  @Test
  void aWindowOfExactlyTheBuffersRowsDoesNotGrowIt() throws Exception {
    // one row every 11.25 min and a 3 h window: 16 rows in reach, the buffer's first capacity
    FeatureEngine engine = new FeatureEngine(set(f("count", Aggregate.COUNT, THREE_HOURS)));
    EntityFeatureState state = engine.newState();
    for (int i = 0; i < 100; i++) {
      engine.update(state, i * H * 3 / 16, new double[] {i});
    }
    assertEquals(16, state.rowsKept());
    assertEquals(
        16, state.times.length, "the new row takes the slot of the row it puts out of reach");
  }

  @Test
  void randomRefusalsLeaveTheSameFeaturesAsAReplayOfTheKeptRows() throws Exception {
    FeatureEngine engine =
        new FeatureEngine(
            set(
                f("mean", Aggregate.MEAN, Duration.ofMillis(700)),
                f("slope", Aggregate.SLOPE, Duration.ofMillis(1000)),
                f("std", Aggregate.STD, Duration.ofMillis(300)),
                f("dev", Aggregate.DEVIATION, Duration.ofMillis(1000)),
                f("min", Aggregate.MIN, Duration.ofMillis(500)),
                f("count", Aggregate.COUNT, Duration.ofMillis(1000))));
    Random random = new Random(7);
    int refused = 0;
    for (int trial = 0; trial < 60; trial++) {
      EntityFeatureState state = engine.newState();
      EntityFeatureState replay = engine.newState(); // sees the kept rows only
      long t = 0;
      long lastKept = -1;
      for (int i = 0; i < 300; i++) {
        // bursts (growth past 16, 32, 64), gaps (eviction, wrap-around), steady runs (reuse)
        t += random.nextInt(10) == 0 ? 200 + random.nextInt(900) : 1 + random.nextInt(20);
        double[] raw = {random.nextGaussian()};
        if (random.nextInt(3) == 0) {
          long at = t;
          assertThrows(
              Refused.class,
              () ->
                  engine.update(
                      state,
                      at,
                      raw,
                      features -> {
                        throw new Refused();
                      }));
          refused++;
          if (random.nextBoolean() && t - lastKept > 2) {
            t = lastKept + 1 + random.nextInt((int) (t - lastKept - 1)) - 1; // back in time
          }
          continue;
        }
        double[] expected = engine.update(replay, t, raw);
        assertArrayEquals(expected, engine.update(state, t, raw, features -> {}), "row at " + t);
        assertEquals(replay.rowsKept(), state.rowsKept());
        lastKept = t;
      }
    }
    assertTrue(refused > 5_000, "refusals exercised: " + refused);
  }

  @Test
  void featureVersionIsStableAndMovesWithEveryDefinitionChange() {
    FeatureSetDefinition base =
        set(f("mean", Aggregate.MEAN, THREE_HOURS), f("v", Aggregate.RAW, null));
    String version = base.featureVersion();
    assertEquals(
        version,
        set(f("mean", Aggregate.MEAN, THREE_HOURS), f("v", Aggregate.RAW, null)).featureVersion());
    assertTrue(version.startsWith("1-") && version.length() == 14, version);
    List<FeatureSetDefinition> changed =
        List.of(
            set(f("mean2", Aggregate.MEAN, THREE_HOURS), f("v", Aggregate.RAW, null)),
            set(f("mean", Aggregate.MAX, THREE_HOURS), f("v", Aggregate.RAW, null)),
            set(f("mean", Aggregate.MEAN, Duration.ofHours(4)), f("v", Aggregate.RAW, null)),
            set(
                new FeatureDefinition("mean", "w", Aggregate.MEAN, THREE_HOURS),
                f("v", Aggregate.RAW, null)),
            new FeatureSetDefinition("test", 2, base.definitions()));
    for (FeatureSetDefinition other : changed) {
      assertNotEquals(version, other.featureVersion(), other.toString());
    }
  }

  @Test
  void invalidDefinitionsNameTheField() {
    assertEquals(
        "window",
        assertThrows(ConfigValueException.class, () -> f("m", Aggregate.MEAN, null)).field());
    assertEquals(
        "window",
        assertThrows(ConfigValueException.class, () -> f("m", Aggregate.RAW, THREE_HOURS)).field());
    assertEquals(
        "name",
        assertThrows(ConfigValueException.class, () -> f("Bad Name", Aggregate.RAW, null)).field());
    assertEquals(
        "definitions",
        assertThrows(
                ConfigValueException.class,
                () -> set(f("a", Aggregate.RAW, null), f("a", Aggregate.RAW, null)))
            .field());
  }

  @Test
  void changingAnyRowAfterTauNeverChangesFeaturesAtTau() throws Exception {
    FeatureEngine engine =
        new FeatureEngine(
            set(
                f("v", Aggregate.RAW, null),
                f("mean", Aggregate.MEAN, Duration.ofHours(5)),
                f("slope", Aggregate.SLOPE, Duration.ofHours(7)),
                f("min", Aggregate.MIN, THREE_HOURS),
                f("max", Aggregate.MAX, THREE_HOURS),
                f("count", Aggregate.COUNT, Duration.ofHours(6))));
    Random random = new Random(5);
    List<long[]> times = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < 200; i++) {
      t += 1 + random.nextInt((int) (2 * H));
      times.add(new long[] {t});
      values.add(new double[] {random.nextGaussian()});
    }
    double[][] original = run(engine, times, values);
    for (int tau = 0; tau < times.size(); tau += 7) {
      List<long[]> changedTimes = new ArrayList<>(times.subList(0, tau + 1));
      List<double[]> changedValues = new ArrayList<>(values.subList(0, tau + 1));
      long later = times.get(tau)[0];
      for (int i = tau + 1; i < times.size(); i++) {
        // every later row altered, some removed, some inserted
        later += 1 + random.nextInt((int) H);
        changedTimes.add(new long[] {later});
        changedValues.add(new double[] {values.get(i)[0] * 100 + 7});
      }
      double[][] changed = run(engine, changedTimes, changedValues);
      for (int row = 0; row <= tau; row++) {
        assertArrayEquals(
            original[row],
            changed[row],
            "row " + row + " changed when rows after τ = row " + tau + " did");
      }
    }
  }

  private static double[][] run(FeatureEngine engine, List<long[]> times, List<double[]> values)
      throws Exception {
    EntityFeatureState state = engine.newState();
    double[][] out = new double[times.size()][];
    for (int i = 0; i < times.size(); i++) {
      out[i] = engine.update(state, times.get(i)[0], values.get(i));
    }
    return out;
  }
}
