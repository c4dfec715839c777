package dev.mlopssuite.batch.training;

import java.util.Arrays;

/**
 * Out-of-time split of resolved rows (ARCHITECTURE.md, "Training, evaluation, gates"): the newest
 * {@code validationFraction} of rows by event time validate; older rows train. A training row must
 * also have had its label resolved by the cutoff: a label resolved later was learnt from outcomes
 * inside the validation period, which would leak that period's future into training. Such rows are
 * purged (counted, used by neither side).
 *
 * @param cutoffMillis first event time of the validation period
 * @param training indices of training rows, in input order
 * @param validation indices of validation rows, in input order
 * @param purged rows older than the cutoff whose label was resolved after it
 */
public record OutOfTimeSplit(long cutoffMillis, int[] training, int[] validation, int purged) {

  public static OutOfTimeSplit of(
      long[] eventMillis, long[] resolvedAtMillis, double validationFraction)
      throws TrainingException {
    int n = eventMillis.length;
    if (n < 2) {
      throw new TrainingException(
          "only "
              + n
              + " resolved row(s): an out-of-time split needs at least two; wait for labels to mature");
    }
    long[] sorted = eventMillis.clone();
    Arrays.sort(sorted);
    int firstValidation =
        (int) Math.min(n - 1, Math.max(1, Math.floor(n * (1 - validationFraction))));
    long cutoff = sorted[firstValidation];
    int[] training = new int[n];
    int[] validation = new int[n];
    int t = 0;
    int v = 0;
    int purged = 0;
    for (int i = 0; i < n; i++) {
      if (eventMillis[i] >= cutoff) {
        validation[v++] = i;
      } else if (resolvedAtMillis[i] <= cutoff) {
        training[t++] = i;
      } else {
        purged++;
      }
    }
    if (t == 0) {
      throw new TrainingException(
          "no training rows before the validation cutoff "
              + java.time.Instant.ofEpochMilli(cutoff)
              + ": every older row resolved after it; lower training.validationFraction or wait for more data");
    }
    return new OutOfTimeSplit(
        cutoff, Arrays.copyOf(training, t), Arrays.copyOf(validation, v), purged);
  }
}
