package dev.mlopssuite.sidecar.features;

import dev.mlopssuite.runtime.features.EntityFeatureState;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.features.OutOfOrderRowException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
 * <p>Concurrency: the entity map is guarded by one short lock (lookup, insert, removal); the update
 * of one entity's state, its check and any undoing included, runs under that state's own lock, so
 * requests for different entities never wait for each other and requests for one entity apply one
 * at a time. Lock order: a state's lock, then the map's, never the reverse. An entity whose first
 * row is still being checked is pending: it is not counted against the bound and not evicted, so
 * the map may hold one entity per such request beyond the bound for that time; the least recently
 * used entities with kept rows are evicted whenever a row is kept.
 */
public final class OnlineFeatureStore {
  private final int maxEntities;
  private final Map<String, Engine> engines = new ConcurrentHashMap<>();

  public OnlineFeatureStore(int maxEntities) {
    if (maxEntities < 1) {
      throw new IllegalArgumentException(
          "maxEntities must be at least 1, was " + maxEntities + ": set a positive entity bound");
    }
    this.maxEntities = maxEntities;
  }

  /**
   * Adds one row of raw readings for an entity and returns that row's features in {@link
   * FeatureSetDefinition#featureNames()} order.
   *
   * @param raw values in {@link FeatureSetDefinition#rawColumns()} order
   * @throws OutOfOrderRowException when the row is not later than the entity's previous row
   * @throws NonFiniteFeatureException when one of the row's features is not finite; the row is not
   *     kept
   */
  public double[] update(
      String model, FeatureSetDefinition definition, String entity, long millis, double[] raw)
      throws OutOfOrderRowException, NonFiniteFeatureException {
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
  @SuppressWarnings("unchecked") // the only checked exception left to rethrow is use's own E
  public <E extends Exception> double[] update(
      String model,
      FeatureSetDefinition definition,
      String entity,
      long millis,
      double[] raw,
      FeatureEngine.FeatureCheck<E> use)
      throws OutOfOrderRowException, NonFiniteFeatureException, E {
    Engine engine = engineFor(model, definition);
    FeatureEngine.FeatureCheck<Exception> check =
        features -> {
          NonFiniteFeatureException.requireFinite(definition, raw, features);
          use.accept(features);
        };
    while (true) {
      EntityFeatureState state = engine.stateOf(entity);
      synchronized (state) {
        if (!engine.holds(entity, state)) {
          continue; // dropped or evicted while this request waited for it: look the entity up again
        }
        boolean kept = false;
        try {
          double[] features = engine.engine.update(state, millis, raw, check);
          kept = true;
          return features;
        } catch (OutOfOrderRowException | NonFiniteFeatureException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw (E) e;
        } finally {
          if (kept) {
            engine.kept(entity, maxEntities);
          } else if (state.rowsKept() == 0) {
            engine.drop(entity, state); // a refused first row: no entity was created
          }
        }
      }
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

  private Engine engineFor(String model, FeatureSetDefinition definition) {
    String version = definition.featureVersion();
    Engine engine = engines.get(model);
    if (engine != null && engine.featureVersion.equals(version)) {
      return engine;
    }
    // A new feature version means new feature semantics: the old states cannot feed it.
    return engines.compute(
        model,
        (m, old) ->
            old != null && old.featureVersion.equals(version)
                ? old
                : new Engine(version, new FeatureEngine(definition)));
  }

  private static final class Engine {
    final String featureVersion;
    final FeatureEngine engine;
    final LinkedHashMap<String, EntityFeatureState> states;
    // Entities whose first row is being checked: not counted against the bound, never evicted.
    private final Set<String> pending = new HashSet<>();

    Engine(String featureVersion, FeatureEngine engine) {
      this.featureVersion = featureVersion;
      this.engine = engine;
      this.states = new LinkedHashMap<>(16, 0.75f, true); // access order: eldest = least recent
    }

    boolean holds(String entity, EntityFeatureState state) {
      synchronized (states) {
        return states.get(entity) == state;
      }
    }

    int counted() {
      synchronized (states) {
        return states.size() - pending.size();
      }
    }

    /** A first row was refused: the entity goes again, as if it had never been looked up. */
    void drop(String entity, EntityFeatureState state) {
      synchronized (states) {
        if (states.remove(entity, state)) {
          pending.remove(entity);
        }
      }
    }

    /**
     * A row of {@code entity} was kept: it counts now, and the least recently used entities with
     * kept rows are evicted while there are more than {@code max}.
     */
    void kept(String entity, int max) {
      synchronized (states) {
        pending.remove(entity);
        int counted = states.size() - pending.size();
        Iterator<Map.Entry<String, EntityFeatureState>> eldestFirst = states.entrySet().iterator();
        while (counted > max && eldestFirst.hasNext()) {
          if (!pending.contains(eldestFirst.next().getKey())) {
            eldestFirst.remove();
            counted--;
          }
        }
      }
    }

    EntityFeatureState stateOf(String entity) {
      synchronized (states) {
        EntityFeatureState state = states.get(entity);
        if (state == null) {
          state = engine.newState();
          states.put(entity, state);
          pending.add(entity);
        }
        return state;
      }
    }
  }
}
