package dev.mlopssuite.sidecar.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlopssuite.runtime.features.Aggregate;
import dev.mlopssuite.runtime.features.EntityFeatureState;
import dev.mlopssuite.runtime.features.FeatureDefinition;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.features.OutOfOrderRowException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineFeatureStoreTest {
  static final FeatureSetDefinition SET =
      new FeatureSetDefinition(
          "t",
          1,
          List.of(
              new FeatureDefinition("v", "v", Aggregate.RAW, null),
              new FeatureDefinition("v_mean_2h", "v", Aggregate.MEAN, Duration.ofHours(2)),
              new FeatureDefinition("v_count_2h", "v", Aggregate.COUNT, Duration.ofHours(2))));

  @Test
  void sameNumbersAsTheEngineAndRefusesOutOfOrderRows() throws Exception {
    OnlineFeatureStore store = new OnlineFeatureStore(10);
    FeatureEngine engine = new FeatureEngine(SET);
    EntityFeatureState state = engine.newState();
    for (int i = 1; i <= 20; i++) {
      long ms = i * 1_800_000L;
      double[] raw = {i * 1.5};
      assertArrayEquals(engine.update(state, ms, raw), store.update("m", SET, "e", ms, raw));
    }
    assertThrows(
        OutOfOrderRowException.class,
        () -> store.update("m", SET, "e", 1_800_000L, new double[] {1}));
  }

  @Test
  void keepsAtMostTheBoundOfEntitiesEvictingTheLeastRecentlyUsed() throws Exception {
    OnlineFeatureStore store = new OnlineFeatureStore(3);
    for (String e : List.of("a", "b", "c")) {
      store.update("m", SET, e, 1000, new double[] {1});
    }
    store.update("m", SET, "a", 2000, new double[] {1}); // a is now the most recent
    store.update("m", SET, "d", 1000, new double[] {1}); // evicts b
    assertEquals(3, store.entities("m"));
    // b starts again from an empty window, so an earlier time is accepted
    assertEquals(1.0, store.update("m", SET, "b", 500, new double[] {1})[2]);
    // a kept its state
    assertThrows(
        OutOfOrderRowException.class, () -> store.update("m", SET, "a", 1500, new double[] {1}));
  }

  @Test
  void aNewFeatureVersionStartsFromEmptyState() throws Exception {
    OnlineFeatureStore store = new OnlineFeatureStore(3);
    store.update("m", SET, "a", 1000, new double[] {1});
    FeatureSetDefinition v2 = new FeatureSetDefinition("t", 2, SET.definitions());
    assertEquals(1.0, store.update("m", v2, "a", 1000, new double[] {1})[2]);
  }
}
