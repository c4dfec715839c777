package dev.mlopssuite.sidecar.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.features.Aggregate;
import dev.mlopssuite.runtime.features.EntityFeatureState;
import dev.mlopssuite.runtime.features.FeatureDefinition;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.features.OutOfOrderRowException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void aRowItsUseRefusesIsNotKeptAndARefusedNewEntityEvictsNoOther() throws Exception {
    OnlineFeatureStore store = new OnlineFeatureStore(2);
    store.update("m", SET, "a", 1000, new double[] {1});
    store.update("m", SET, "b", 1000, new double[] {2});
    FeatureEngine.FeatureCheck<Refused> refuse =
        features -> {
          throw new Refused();
        };
    // a new entity whose first row is refused: not created, and the full store evicts nobody
    assertThrows(Refused.class, () -> store.update("m", SET, "c", 1000, new double[] {3}, refuse));
    assertEquals(2, store.entities("m"));
    // an existing entity's refused row: not kept (its time neither), its earlier rows are
    assertThrows(Refused.class, () -> store.update("m", SET, "a", 3000, new double[] {9}, refuse));
    assertArrayEquals(
        new double[] {5, 3, 2}, store.update("m", SET, "a", 2000, new double[] {5}), "a: 1 and 5");
    assertArrayEquals(
        new double[] {4, 3, 2}, store.update("m", SET, "b", 2000, new double[] {4}), "b kept too");
    // a kept row of a new entity evicts the least recently used one (a)
    double[][] seen = new double[1][];
    store.update("m", SET, "c", 1000, new double[] {3}, features -> seen[0] = features);
    assertArrayEquals(new double[] {3, 3, 1}, seen[0]);
    assertEquals(2, store.entities("m"));
    assertEquals(1.0, store.update("m", SET, "a", 500, new double[] {1})[2], "a starts again");
  }

  /**
   * A check that says it is running, then holds the row until the test lets it go, then keeps it or
   * refuses it: a request caught mid-update, under its entity's lock.
   */
  static final class HeldCheck implements FeatureEngine.FeatureCheck<Exception> {
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final boolean refuse;

    private HeldCheck(boolean refuse) {
      this.refuse = refuse;
    }

    static HeldCheck keeping() {
      return new HeldCheck(false);
    }

    static HeldCheck refusing() {
      return new HeldCheck(true);
    }

    @Override
    public void accept(double[] features) throws Exception {
      running.countDown();
      release.await();
      if (refuse) {
        throw new Refused();
      }
    }

    /** Starts the update on {@code pool} and returns once it is held in this check. */
    Future<double[]> start(
        ExecutorService pool, OnlineFeatureStore store, String entity, long ms, double value)
        throws InterruptedException {
      Future<double[]> update =
          pool.submit(() -> store.update("m", SET, entity, ms, new double[] {value}, this));
      assertTrue(running.await(10, TimeUnit.SECONDS), entity + "'s update reached its check");
      return update;
    }

    void release() {
      release.countDown();
    }
  }

  @Test
  void aFirstRowBeingCheckedIsNotCountedSoItsRefusalEvictsNobody() throws Exception {
    OnlineFeatureStore store = new OnlineFeatureStore(2);
    store.update("m", SET, "a", 1000, new double[] {1});
    store.update("m", SET, "b", 1000, new double[] {2});
    HeldCheck refusing = HeldCheck.refusing();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<double[]> c = refusing.start(pool, store, "c", 1000, 3);
      // a row kept meanwhile: c is pending, not counted, so nobody is evicted for it
      store.update("m", SET, "a", 2000, new double[] {1});
      assertEquals(2, store.entities("m"));
      refusing.release();
      ExecutionException refused = assertThrows(ExecutionException.class, c::get);
      assertTrue(refused.getCause() instanceof Refused, refused.toString());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, store.entities("m"));
    // b kept its row: an earlier time is out of order
    assertThrows(
        OutOfOrderRowException.class, () -> store.update("m", SET, "b", 500, new double[] {1}));
  }

  @Test
  void anEntityWithARequestInFlightIsNotEvictedSoItsKeptRowIsNotLost() throws Exception {
    OnlineFeatureStore store = new OnlineFeatureStore(1);
    store.update("m", SET, "a", 1000, new double[] {1});
    HeldCheck held = HeldCheck.keeping();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<double[]> a = held.start(pool, store, "a", 2000, 5);
      // b's kept row passes the bound of one while a is busy: a is not the one evicted
      store.update("m", SET, "b", 1000, new double[] {2});
      assertEquals(1, store.entities("m"), "b, the only idle entity, went");
      held.release();
      assertArrayEquals(new double[] {5, 3, 2}, a.get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    // a's next row sees both earlier rows: the one kept while b came was not lost
    assertArrayEquals(
        new double[] {6, 4, 3}, store.update("m", SET, "a", 3000, new double[] {6}), "1, 5, 6");
    // b starts again from an empty window, so an earlier time is accepted
    assertEquals(1.0, store.update("m", SET, "b", 500, new double[] {1})[2]);
  }

  @Test
  void onceNoRequestIsInFlightAtMostTheBoundCountEvenIfTheLastOnesKeptNothing() throws Exception {
    // Bound 1. While a's refused request and b's second request are in flight, b's first row is
    // kept: both are busy, so nobody can be evicted. Then both requests end without keeping a row;
    // the last to leave must bring the store back to the bound.
    OnlineFeatureStore store = new OnlineFeatureStore(1);
    store.update("m", SET, "a", 1000, new double[] {1});
    HeldCheck aRefused = HeldCheck.refusing();
    HeldCheck bKept = HeldCheck.keeping();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<double[]> a = aRefused.start(pool, store, "a", 2000, 1);
      Future<double[]> b = bKept.start(pool, store, "b", 1000, 1);
      // b's second request, out of order: it enters and waits for b's lock
      Thread late =
          new Thread(
              () -> {
                try {
                  store.update("m", SET, "b", 500, new double[] {1});
                } catch (Exception expected) {
                  // out of order: refused, as the test wants
                }
              });
      late.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (late.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertEquals(Thread.State.BLOCKED, late.getState(), "b's second request waits for b");
      bKept.release();
      b.get(10, TimeUnit.SECONDS);
      late.join(10_000);
      aRefused.release();
      assertThrows(ExecutionException.class, () -> a.get(10, TimeUnit.SECONDS));
    } finally {
      aRefused.release();
      bKept.release();
      pool.shutdownNow();
    }
    assertEquals(1, store.entities("m"), "at most the bound once nothing is in flight");
  }

  @Test
  void aRequestOfAVersionNoLongerServedIsRefusedAndWipesNothing() throws Exception {
    FeatureSetDefinition v2 =
        new FeatureSetDefinition("t", 2, SET.definitions()); // same features, a new version
    String[] servedVersion = {SET.featureVersion()};
    OnlineFeatureStore store =
        new OnlineFeatureStore(10, (model, version) -> version.equals(servedVersion[0]));
    store.update("m", SET, "a", 1000, new double[] {1});
    servedVersion[0] = v2.featureVersion(); // a promotion with new features lands
    store.update("m", v2, "a", 5000, new double[] {4}); // the served version starts afresh
    // a request that read the previous version just before the swap arrives late
    FeatureVersionSwappedException late =
        assertThrows(
            FeatureVersionSwappedException.class,
            () -> store.update("m", SET, "b", 6000, new double[] {9}));
    assertTrue(late.getMessage().contains("retry"), late.getMessage());
    // the served version's state is intact: a's next row sees its earlier one
    assertArrayEquals(new double[] {6, 5, 2}, store.update("m", v2, "a", 6000, new double[] {6}));
  }

  @Test
  void aNewFeatureVersionStartsFromEmptyState() throws Exception {
    OnlineFeatureStore store = new OnlineFeatureStore(3);
    store.update("m", SET, "a", 1000, new double[] {1});
    FeatureSetDefinition v2 = new FeatureSetDefinition("t", 2, SET.definitions());
    assertEquals(1.0, store.update("m", v2, "a", 1000, new double[] {1})[2]);
  }

  @Test
  void aRowWhoseFeatureIsNotFiniteIsRefusedAndTheEntityIsAsBefore() throws Exception {
    OnlineFeatureStore store = new OnlineFeatureStore(10);
    OnlineFeatureStore never = new OnlineFeatureStore(10);
    double[] huge = {1e308};
    // one such reading is finite in every feature (its mean is itself) and is kept
    assertArrayEquals(
        never.update("m", SET, "e", 3_600_000L, huge),
        store.update("m", SET, "e", 3_600_000L, huge));
    // a second one overflows the 2-hour sum: refused (the exception's type is checked in the HTTP
    // test; here its message)
    MlopsException refused =
        assertThrows(MlopsException.class, () -> store.update("m", SET, "e", 5_400_000L, huge));
    String message = refused.getMessage();
    assertTrue(message.contains("v_mean_2h = Infinity"), message);
    assertTrue(message.contains("v = 1.0E308"), message);
    assertTrue(message.contains("Check the device's readings"), message);
    // the refused row's time is not kept either: an earlier row is accepted, and sees no trace
    double[] next = {2};
    assertArrayEquals(
        never.update("m", SET, "e", 4_000_000L, next),
        store.update("m", SET, "e", 4_000_000L, next));
  }

  /** Spreads and slopes over two columns and two windows: squares and sums overflow. */
  static final FeatureSetDefinition WIDE =
      new FeatureSetDefinition(
          "t",
          1,
          List.of(
              new FeatureDefinition("a", "a", Aggregate.RAW, null),
              new FeatureDefinition("a_mean_1h", "a", Aggregate.MEAN, Duration.ofHours(1)),
              new FeatureDefinition("a_slope_3h", "a", Aggregate.SLOPE, Duration.ofHours(3)),
              new FeatureDefinition("a_std_3h", "a", Aggregate.STD, Duration.ofHours(3)),
              new FeatureDefinition("b_dev_1h", "b", Aggregate.DEVIATION, Duration.ofHours(1)),
              new FeatureDefinition("b_max_3h", "b", Aggregate.MAX, Duration.ofHours(3)),
              new FeatureDefinition("b_mean_3h", "b", Aggregate.MEAN, Duration.ofHours(3)),
              new FeatureDefinition("b_count_3h", "b", Aggregate.COUNT, Duration.ofHours(3))));

  static double reading(Random random) {
    if (random.nextInt(6) > 0) {
      return random.nextGaussian() * 100;
    }
    double absurd =
        random.nextInt(10) == 0
            ? Double.MAX_VALUE
            : (1 + 8 * random.nextDouble()) * Math.pow(10, 150 + random.nextInt(158));
    return random.nextBoolean() ? absurd : -absurd;
  }

  @Test
  void fuzzedReadingsAreRefusedExactlyWhenAFeatureIsNotFiniteAndNeverLeaveATrace()
      throws Exception {
    OnlineFeatureStore store = new OnlineFeatureStore(10);
    Random random = new Random(2026);
    String[] entities = {"x", "y", "z"};
    List<List<Long>> times = new ArrayList<>();
    List<List<double[]>> kept = new ArrayList<>();
    long[] last = new long[entities.length]; // the time of the entity's last kept row
    long[] clock = new long[entities.length]; // the latest time sent for the entity
    for (int e = 0; e < entities.length; e++) {
      times.add(new ArrayList<>());
      kept.add(new ArrayList<>());
    }
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      int e = random.nextInt(entities.length);
      // mostly after every row sent for the entity; sometimes between its last kept row and a
      // later refused one, which must not have moved the entity's time on
      long ms =
          clock[e] > last[e] && random.nextInt(5) == 0
              ? last[e] + 1 + random.nextLong(clock[e] - last[e])
              : clock[e] + 1 + random.nextInt(2_700_000);
      clock[e] = Math.max(clock[e], ms);
      double[] raw = {reading(random), reading(random)};
      // what the entity's features would be had only its kept rows been sent, replayed afresh
      FeatureEngine engine = new FeatureEngine(WIDE);
      EntityFeatureState replay = engine.newState();
      for (int r = 0; r < kept.get(e).size(); r++) {
        engine.update(replay, times.get(e).get(r), kept.get(e).get(r));
      }
      double[] expected = engine.update(replay, ms, raw);
      boolean finite = true;
      for (double v : expected) {
        finite &= Double.isFinite(v);
      }
      try {
        double[] features = store.update("m", WIDE, entities[e], ms, raw);
        if (!finite) {
          fail("row " + i + " kept with features " + Arrays.toString(features));
        }
        assertArrayEquals(expected, features, "row " + i);
        times.get(e).add(ms);
        kept.get(e).add(raw);
        last[e] = ms;
        accepted++;
      } catch (MlopsException x) {
        assertTrue(!finite, "row " + i + " refused: " + x.getMessage());
        assertTrue(x.getMessage().contains("not finite"), x.getMessage());
        refused++;
      }
    }
    assertTrue(accepted > 1000 && refused > 100, accepted + " kept, " + refused + " refused");
  }
}
