package dev.mlopssuite.runtime.features;

import java.util.List;

/**
 * Computes a feature set row by row, point in time (docs/features.md): the features of a row at τ
 * use only the same entity's rows with time in (τ − window, τ], the row itself included, never a
 * later row. MEAN, MIN, MAX and COUNT are over those rows; SLOPE is the least-squares slope of the
 * value against time in days (0 with fewer than two rows); STD the population standard deviation;
 * DEVIATION the row's value minus the window's mean (docs/features.md). Aggregates are recomputed
 * from the kept rows, oldest first, so the result depends only on the rows, never on how they
 * arrived.
 */
public final class FeatureEngine {
  private static final double MILLIS_PER_DAY = 86_400_000.0;

  private final FeatureSetDefinition definition;
  private final int[] column;
  private final Aggregate[] aggregate;
  private final long[] windowMillis;
  private final long longestWindowMillis;

  public FeatureEngine(FeatureSetDefinition definition) {
    this.definition = definition;
    List<String> raw = definition.rawColumns();
    int n = definition.definitions().size();
    column = new int[n];
    aggregate = new Aggregate[n];
    windowMillis = new long[n];
    long longest = 0;
    for (int i = 0; i < n; i++) {
      FeatureDefinition d = definition.definitions().get(i);
      column[i] = raw.indexOf(d.column());
      aggregate[i] = d.aggregate();
      windowMillis[i] = d.window() == null ? 0 : d.window().toMillis();
      longest = Math.max(longest, windowMillis[i]);
    }
    longestWindowMillis = longest;
  }

  public FeatureSetDefinition definition() {
    return definition;
  }

  public EntityFeatureState newState() {
    return new EntityFeatureState(definition.rawColumns().size());
  }

  /**
   * Adds a row to its entity's state and returns that row's features in {@link
   * FeatureSetDefinition#featureNames()} order.
   *
   * @param raw values in {@link FeatureSetDefinition#rawColumns()} order
   */
  public double[] update(EntityFeatureState state, long millis, double[] raw)
      throws OutOfOrderRowException {
    return update(state, millis, raw, features -> {});
  }

  /**
   * As {@link #update(EntityFeatureState, long, double[])}, but the row is kept only if {@code
   * check} accepts its features. When the check throws, the state is exactly as it was before the
   * call (rows, order, latest time), as if the row had never been offered, and the check's
   * exception is thrown. The scoring sidecar refuses this way a reading whose derived features are
   * not finite (docs/scorer-sidecar.md, "Endpoints and metrics").
   *
   * <p>The row is appended before the rows it puts out of reach are evicted, so that refusing it
   * only has to take it off again (and give back the oldest row, when the row took that row's slot
   * rather than grow the buffer). The order changes no feature: an evicted row is at or before
   * {@code millis} − the longest window, outside every window of this row.
   */
  public <E extends Exception> double[] update(
      EntityFeatureState state, long millis, double[] raw, FeatureCheck<E> check)
      throws OutOfOrderRowException, E {
    if (millis <= state.lastMillis) {
      throw new OutOfOrderRowException(state.lastMillis, millis);
    }
    long previousMillis = state.lastMillis;
    long outOfReach = millis - Math.max(1, longestWindowMillis);
    state.append(millis, raw, outOfReach);
    double[] features = new double[column.length];
    boolean kept = false;
    try {
      for (int f = 0; f < column.length; f++) {
        features[f] =
            aggregate[f] == Aggregate.RAW ? raw[column[f]] : aggregateOf(state, f, millis);
      }
      check.accept(features);
      kept = true;
    } finally {
      if (!kept) {
        state.removeLast(previousMillis);
      }
    }
    state.evictUpTo(outOfReach);
    return features;
  }

  /** Decides whether a row's features may be kept; refuses them by throwing. */
  @FunctionalInterface
  public interface FeatureCheck<E extends Exception> {
    void accept(double[] features) throws E;
  }

  private double aggregateOf(EntityFeatureState state, int f, long now) {
    long after = now - windowMillis[f]; // the window is (now − w, now]
    int first = state.size - 1;
    while (first > 0 && state.times[state.slot(first - 1)] > after) {
      first--;
    }
    int c = column[f];
    int count = state.size - first;
    switch (aggregate[f]) {
      case COUNT:
        return count;
      case MIN:
        {
          double min = Double.POSITIVE_INFINITY;
          for (int i = first; i < state.size; i++) {
            min = Math.min(min, state.values[state.slot(i)][c]);
          }
          return min;
        }
      case MAX:
        {
          double max = Double.NEGATIVE_INFINITY;
          for (int i = first; i < state.size; i++) {
            max = Math.max(max, state.values[state.slot(i)][c]);
          }
          return max;
        }
      case MEAN:
        {
          double sum = 0;
          for (int i = first; i < state.size; i++) {
            sum += state.values[state.slot(i)][c];
          }
          return sum / count;
        }
      case SLOPE:
        {
          if (count < 2) {
            return 0.0;
          }
          double meanX = 0;
          double meanY = 0;
          for (int i = first; i < state.size; i++) {
            int s = state.slot(i);
            meanX += (state.times[s] - now) / MILLIS_PER_DAY;
            meanY += state.values[s][c];
          }
          meanX /= count;
          meanY /= count;
          double sxy = 0;
          double sxx = 0;
          for (int i = first; i < state.size; i++) {
            int s = state.slot(i);
            double dx = (state.times[s] - now) / MILLIS_PER_DAY - meanX;
            sxy += dx * (state.values[s][c] - meanY);
            sxx += dx * dx;
          }
          return sxx == 0 ? 0.0 : sxy / sxx;
        }
      case STD:
        {
          double mean = 0;
          for (int i = first; i < state.size; i++) {
            mean += state.values[state.slot(i)][c];
          }
          mean /= count;
          double squares = 0;
          for (int i = first; i < state.size; i++) {
            double d = state.values[state.slot(i)][c] - mean;
            squares += d * d;
          }
          return Math.sqrt(squares / count);
        }
      case DEVIATION:
        {
          double sum = 0;
          for (int i = first; i < state.size; i++) {
            sum += state.values[state.slot(i)][c];
          }
          return state.values[state.slot(state.size - 1)][c] - sum / count;
        }
      default:
        throw new IllegalStateException("not an aggregate: " + aggregate[f]);
    }
  }
}
