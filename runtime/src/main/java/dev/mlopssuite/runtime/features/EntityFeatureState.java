package dev.mlopssuite.runtime.features;

/**
 * The rows of one entity that its features can still see: those within the longest window. The
 * batch job keeps one while it walks an entity's rows; the scoring sidecar keeps one per entity in
 * memory. Both call {@link FeatureEngine#update}, so offline and online features are the same
 * numbers by construction.
 */
public final class EntityFeatureState {
  long[] times;
  double[][] values; // [row slot][raw column]
  int head; // index of the oldest kept row
  int size;
  long lastMillis = Long.MIN_VALUE;
  // The oldest row, when the last append took its slot (see append), kept for removeLast.
  private double[] setAside;
  private long setAsideTime;
  private boolean lastAppendTookOldest;

  EntityFeatureState(int rawColumns) {
    times = new long[16];
    values = new double[16][rawColumns];
  }

  int slot(int i) {
    return (head + i) % times.length;
  }

  /**
   * Adds a row after the others. When every slot is taken and the oldest row is at or before {@code
   * outOfReach} (no window of the new row sees it), the new row takes its slot instead of doubling
   * the buffer; that row is set aside until the next append, so that {@link #removeLast} can put it
   * back.
   */
  void append(long millis, double[] raw, long outOfReach) {
    lastAppendTookOldest = false;
    if (size == times.length) {
      if (size > 0 && times[head] <= outOfReach) {
        if (setAside == null) {
          setAside = new double[values[head].length];
        }
        double[] oldest = values[head];
        values[head] = setAside;
        setAside = oldest;
        setAsideTime = times[head];
        head = (head + 1) % times.length;
        size--;
        lastAppendTookOldest = true;
      } else {
        grow();
      }
    }
    int slot = slot(size);
    times[slot] = millis;
    System.arraycopy(raw, 0, values[slot], 0, raw.length);
    size++;
    lastMillis = millis;
  }

  /**
   * Takes off the row {@link #append} added last, which must not have been evicted since, and
   * restores the latest time to {@code previousMillis}: the state is as before that append.
   */
  void removeLast(long previousMillis) {
    size--;
    lastMillis = previousMillis;
    if (lastAppendTookOldest) {
      // the row's slot was the oldest row's: give it back, at the head again
      head = (head - 1 + times.length) % times.length;
      double[] row = values[head];
      values[head] = setAside;
      setAside = row;
      times[head] = setAsideTime;
      size++;
      lastAppendTookOldest = false;
    }
  }

  /** Forgets rows at or before {@code cutoff}: no window reaches them any more. */
  void evictUpTo(long cutoff) {
    while (size > 0 && times[head] <= cutoff) {
      head = (head + 1) % times.length;
      size--;
    }
  }

  public int rowsKept() {
    return size;
  }

  private void grow() {
    int capacity = times.length * 2;
    long[] newTimes = new long[capacity];
    double[][] newValues = new double[capacity][];
    for (int i = 0; i < size; i++) {
      newTimes[i] = times[slot(i)];
      newValues[i] = values[slot(i)];
    }
    for (int i = size; i < capacity; i++) {
      newValues[i] = new double[values[0].length];
    }
    times = newTimes;
    values = newValues;
    head = 0;
  }
}
