package dev.mlopssuite.sidecar.features;

import dev.mlopssuite.runtime.features.EntityFeatureState;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.features.OutOfOrderRowException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-entity online feature state for /v1/score (docs/scorer-sidecar.md, "Endpoints and metrics").
 * One {@link FeatureEngine} per (model, feature version): the engine the batch job uses, so online
 * and offline features are the same numbers by construction (docs/features.md). Each engine keeps
 * at most {@code maxEntities} entity states, evicting the least recently used; an evicted entity
 * starts again from an empty window. The window itself is bounded by the feature set's longest
 * window: the engine forgets rows no window reaches.
 *
 * <p>A row whose derived features are not finite (finite but absurd readings can overflow a
 * window's sum) is refused with {@link NonFiniteFeatureException}, and a row the caller's {@link
 * FeatureEngine.FeatureCheck} refuses (the sidecar scores and logs it there) is not kept either:
 * the state is as it was, and a refused first row leaves no entity behind nor evicts another one
 * (docs/scorer-sidecar.md, "Endpoints and metrics").
 *
 * <p>Concurrency: the entity map is guarded by one short lock (lookup, insert, removal, eviction);
 * the update of one entity's state, its check and any undoing included, runs under that state's own
 * lock, so requests for different entities never wait for each other and requests for one entity
 * apply one at a time. The two locks are never held together. An entity with a request in flight
 * (updating or waiting to) is never evicted nor dropped, so no kept row can land in a state the map
 * has already forgotten; an entity whose first row is still being checked is not counted against
 * the bound. The map may therefore hold, beyond the bound, the entities that requests are working
 * on at that moment; the least recently used idle entities with kept rows are evicted whenever a
 * row is kept.
 */
public final class OnlineFeatureStore {
  /** Whether a model's feature version is the one its served version has now. */
  @FunctionalInterface
  public interface ServedFeatureVersion {
    boolean isServed(String model, String featureVersion);
  }

  private final int maxEntities;
  private final ServedFeatureVersion served;
  private final Map<String, Engine> engines = new ConcurrentHashMap<>();

  /** A store for callers whose every request carries the served definition (tests, one version). */
  public OnlineFeatureStore(int maxEntities) {
    this(maxEntities, (model, featureVersion) -> true);
  }

  /**
   * @param served asked before a model's entity states are replaced for a new feature version: only
   *     the served one may replace them, so a request that read the previous version just before a
   *     swap cannot wipe the new version's states (it is refused instead)
   */
  public OnlineFeatureStore(int maxEntities, ServedFeatureVersion served) {
    if (maxEntities < 1) {
      throw new IllegalArgumentException(
          "maxEntities must be at least 1, was " + maxEntities + ": set a positive entity bound");
    }
    this.maxEntities = maxEntities;
    this.served = Objects.requireNonNull(served, "served");
  }

  /**
   * Adds one row of raw readings for an entity and returns that row's features in {@link
   * FeatureSetDefinition#featureNames()} order.
   *
   * @param raw values in {@link FeatureSetDefinition#rawColumns()} order
   * @throws OutOfOrderRowException when the row is not later than the entity's previous row
   * @throws NonFiniteFeatureException when one of the row's features is not finite; the row is not
   *     kept
   * @throws FeatureVersionSwappedException when {@code definition}'s feature version is no longer
   *     the served one and another one's states are held
   */
  public double[] update(
      String model, FeatureSetDefinition definition, String entity, long millis, double[] raw)
      throws OutOfOrderRowException, NonFiniteFeatureException, FeatureVersionSwappedException {
    return update(model, definition, entity, millis, raw, features -> {});
  }

  /**
   * As {@link #update(String, FeatureSetDefinition, String, long, double[])}, then {@code use} of
   * the row's features under the entity's lock: the row is kept only if {@code use} returns. The
   * sidecar scores and logs the reading there, so a reading it cannot score or log (a 400 or 503)
   * leaves the entity as it was, and the client's retry is not refused as out of order.
   *
   * @throws E what {@code use} throws; the row is not kept
   */
  public <E extends Exception> double[] update(
      String model,
      FeatureSetDefinition definition,
      String entity,
      long millis,
      double[] raw,
      FeatureEngine.FeatureCheck<E> use)
      throws OutOfOrderRowException, NonFiniteFeatureException, FeatureVersionSwappedException, E {
    return apply(engineFor(model, definition, served), definition, entity, millis, raw, use);
  }

  /**
   * Adds a row of recent telemetry before {@code definition}'s version is served ({@link
   * TelemetryWarmUp}): the states of another feature version are replaced without asking whether
   * this one is served, since it is about to be.
   */
  public void warm(
      String model, FeatureSetDefinition definition, String entity, long millis, double[] raw)
      throws OutOfOrderRowException, NonFiniteFeatureException {
    Engine engine;
    try {
      engine = engineFor(model, definition, (m, version) -> true);
    } catch (FeatureVersionSwappedException e) {
      throw new IllegalStateException("a warm-up replaces any other version's states", e);
    }
    apply(engine, definition, entity, millis, raw, features -> {});
  }

  @SuppressWarnings("unchecked") // the only checked exception left to rethrow is use's own E
  private <E extends Exception> double[] apply(
      Engine engine,
      FeatureSetDefinition definition,
      String entity,
      long millis,
      double[] raw,
      FeatureEngine.FeatureCheck<E> use)
      throws OutOfOrderRowException, NonFiniteFeatureException, E {
    FeatureEngine.FeatureCheck<Exception> check =
        features -> {
          NonFiniteFeatureException.requireFinite(definition, raw, features);
          use.accept(features);
        };
    Engine.Slot slot = engine.enter(entity);
    boolean kept = false;
    try {
      synchronized (slot.state) {
        double[] features = engine.engine.update(slot.state, millis, raw, check);
        kept = true;
        return features;
      }
    } catch (OutOfOrderRowException | NonFiniteFeatureException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw (E) e;
    } finally {
      engine.leave(entity, slot, kept, maxEntities);
    }
  }

  /** Entities with kept rows for a model's current feature version (for tests and diagnostics). */
  public int entities(String model) {
    Engine engine = engines.get(model);
    if (engine == null) {
      return 0;
    }
    return engine.counted();
  }

  /**
   * The engine of {@code definition}'s feature version, created if the model has none; another
   * version's engine is replaced only if {@code mayReplace} says this version is served.
   */
  private Engine engineFor(
      String model, FeatureSetDefinition definition, ServedFeatureVersion mayReplace)
      throws FeatureVersionSwappedException {
    String version = definition.featureVersion();
    Engine engine = engines.get(model);
    if (engine != null && engine.featureVersion.equals(version)) {
      return engine;
    }
    // A new feature version means new feature semantics: the old states cannot feed it. Only the
    // served version replaces them; a straggler of the previous one would wipe them twice (its own
    // empty states, then the served version's again on its next request).
    Engine[] held = new Engine[1];
    Engine chosen =
        engines.compute(
            model,
            (m, old) -> {
              if (old != null
                  && !old.featureVersion.equals(version)
                  && !mayReplace.isServed(model, version)) {
                held[0] = old;
              }
              return old != null && (old.featureVersion.equals(version) || held[0] != null)
                  ? old
                  : new Engine(version, new FeatureEngine(definition));
            });
    if (held[0] != null) {
      throw new FeatureVersionSwappedException(model, version, held[0].featureVersion);
    }
    return chosen;
  }

  private static final class Engine {
    final String featureVersion;
    final FeatureEngine engine;
    // Access order: the eldest entry is the least recently used entity. Guarded by itself.
    private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
    private int counted; // slots with kept rows

    /**
     * One entity's state and who is using it. {@code users} and {@code counted} are guarded by the
     * map's lock; the state by its own.
     */
    static final class Slot {
      final EntityFeatureState state;
      int users; // requests updating the state or waiting to: while any, never evicted
      boolean counted; // has kept rows, so counts against the bound

      Slot(EntityFeatureState state) {
        this.state = state;
      }
    }

    Engine(String featureVersion, FeatureEngine engine) {
      this.featureVersion = featureVersion;
      this.engine = engine;
    }

    int counted() {
      synchronized (slots) {
        return counted;
      }
    }

    /** The entity's slot, created if it has none, held for this request until {@link #leave}. */
    Slot enter(String entity) {
      synchronized (slots) {
        Slot slot = slots.get(entity);
        if (slot == null) {
          slot = new Slot(engine.newState());
          slots.put(entity, slot);
        }
        slot.users++;
        return slot;
      }
    }

    /**
     * This request is done with the slot. A kept row makes the entity count, and the least recently
     * used idle entities with kept rows are then evicted while there are more than {@code max}. A
     * slot without kept rows that nobody uses any more (a refused first row) goes, as if the entity
     * had never been looked up.
     */
    void leave(String entity, Slot slot, boolean kept, int max) {
      synchronized (slots) {
        slot.users--;
        if (kept && !slot.counted) {
          slot.counted = true;
          counted++;
        }
        if (!slot.counted && slot.users == 0) {
          slots.remove(entity, slot);
        }
        // Not only after a kept row: entities skipped while busy may have left the store over the
        // bound, and the request leaving now may be the last of them.
        Iterator<Slot> eldestFirst = slots.values().iterator();
        while (counted > max && eldestFirst.hasNext()) {
          Slot candidate = eldestFirst.next();
          if (candidate.users == 0 && candidate.counted) {
            eldestFirst.remove();
            counted--;
          }
        }
      }
    }
  }
}
