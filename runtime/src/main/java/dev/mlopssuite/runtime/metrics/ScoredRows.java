package dev.mlopssuite.runtime.metrics;

/**
 * Rows scored by a model: probability of the positive class, true label (0/1), entity and event
 * time (alerts and false alarms are counted per entity and UTC day).
 */
public record ScoredRows(double[] probabilities, int[] labels, String[] entities, long[] millis) {
  public ScoredRows {
    int n = probabilities.length;
    if (labels.length != n || entities.length != n || millis.length != n) {
      throw new IllegalArgumentException(
          "scored rows need one label, entity and time per probability");
    }
    for (int label : labels) {
      if (label != 0 && label != 1) {
        throw new IllegalArgumentException("labels must be 0 or 1, got " + label);
      }
    }
  }

  public int size() {
    return probabilities.length;
  }

  /**
   * Rows whose probability is NaN, infinite or outside [0, 1]: an integrity failure of the model.
   */
  public long invalidProbabilities() {
    long invalid = 0;
    for (double p : probabilities) {
      if (!(p >= 0 && p <= 1)) {
        invalid++;
      }
    }
    return invalid;
  }

  public long positives() {
    long positives = 0;
    for (int label : labels) {
      positives += label;
    }
    return positives;
  }
}
