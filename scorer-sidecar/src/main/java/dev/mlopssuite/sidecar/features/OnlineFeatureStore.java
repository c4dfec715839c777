package dev.mlopssuite.sidecar.features;

import dev.mlopssuite.runtime.features.EntityFeatureState;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.features.OutOfOrderRowException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-entity online feature state for /v1/score (docs/scorer-sidecar.md, "Endpoints and metrics").
 * One {@link FeatureEngine} per (model, feature version): the engine the batch job uses, so online
 * and offline features are the same numbers by construction (docs/features.md). Each engine keeps
 * at most {@code maxEntities} entity states, evicting the least recently used; an evicted entity
 * starts again from an empty window. The window itself is bounded by the feature set's longest
 * window: the engine forgets rows no window reaches.
 *
 * <p>Concurrency: the entity map is guarded by one short lock (lookup or insert only); the update
 * of one entity's state runs under that state's own lock, so requests for different entities never
 * wait for each other and requests for one entity apply one at a time.
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
   */
  public double[] update(
      String model, FeatureSetDefinition definition, String entity, long millis, double[] raw)
      throws OutOfOrderRowException {
    Engine engine = engineFor(model, definition);
    EntityFeatureState state = engine.stateOf(entity);
    synchronized (state) {
      return engine.engine.update(state, millis, raw);
    }
  }

  /** Entities with state for a model's current feature version (for tests and diagnostics). */
  public int entities(String model) {
    Engine engine = engines.get(model);
    if (engine == null) {
      return 0;
    }
    synchronized (engine.states) {
      return engine.states.size();
    }
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
                : new Engine(version, new FeatureEngine(definition), maxEntities));
  }

  private static final class Engine {
    final String featureVersion;
    final FeatureEngine engine;
    final LinkedHashMap<String, EntityFeatureState> states;

    Engine(String featureVersion, FeatureEngine engine, int maxEntities) {
      this.featureVersion = featureVersion;
      this.engine = engine;
      this.states =
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, EntityFeatureState> eldest) {
              return size() > maxEntities;
            }
          };
    }

    EntityFeatureState stateOf(String entity) {
      synchronized (states) {
        EntityFeatureState state = states.get(entity);
        if (state == null) {
          state = engine.newState();
          states.put(entity, state);
        }
        return state;
      }
    }
  }
}
