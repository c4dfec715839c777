package dev.mlopssuite.batch.training;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which resolved rows train, calibrate and validate: the selection rule of docs/selection-rule.md,
 * in this one place.
 *
 * <p>A positive resolves as soon as its failure is confirmed, a negative only when its window
 * closes; so within the last horizon H before any cut, the resolved rows are almost all positives.
 * Choosing rows by "resolved" there chooses them by how fast their label arrived. The rule waits
 * for whole windows instead:
 *
 * <ul>
 *   <li>a row is matured when its whole window closed by the watermark: τ + H ≤ W;
 *   <li>validation: matured rows with τ ≥ the validation cutoff (the newest {@code
 *       validationFraction} of matured rows by τ);
 *   <li>calibration (when on): the newest {@code calibrationFraction} of matured rows whose window
 *       closed by the validation cutoff (τ + H ≤ cutoff) and whose label was known by then;
 *   <li>training: rows whose window closed by the training cutoff (the calibration cutoff, or the
 *       validation cutoff without calibration) and whose label was known by then (the purge: a
 *       second guard for a confirmation that came later than its failure).
 * </ul>
 *
 * Early positives keep their label in the snapshot but enter none of the three sets; every row left
 * out is counted under one reason.
 *
 * @param validationCutoffMillis first τ of the validation set
 * @param trainingCutoffMillis every training window closed by this instant
 * @param training indices of training rows, in input order
 * @param calibration indices of calibration rows (empty without calibration)
 * @param validation indices of validation rows
 * @param excluded rows in none of the sets, by reason
 */
public record RowSelection(
    long validationCutoffMillis,
    long trainingCutoffMillis,
    int[] training,
    int[] calibration,
    int[] validation,
    Map<String, Long> excluded) {

  /** τ + H > W: the window is still open (all such resolved rows are early positives). */
  public static final String WINDOW_OPEN_AT_WATERMARK = "window_open_at_watermark";

  /** τ before the validation cutoff but τ + H after it. */
  public static final String WINDOW_CROSSES_VALIDATION_CUTOFF = "window_crosses_validation_cutoff";

  /** τ before the training cutoff but τ + H after it. */
  public static final String WINDOW_CROSSES_TRAINING_CUTOFF = "window_crosses_training_cutoff";

  /** The window closed in time, but the label was confirmed after the cutoff (the purge). */
  public static final String LABEL_KNOWN_AFTER_CUTOFF = "label_known_after_cutoff";

  /**
   * @param eventMillis τ of every resolved row
   * @param resolvedAtMillis when each row's label became known
   * @param horizonMillis H
   * @param watermarkMillis W: outcomes are complete up to here
   * @param calibrationFraction share of matured rows for calibration; 0 for none
   */
  public static RowSelection of(
      long[] eventMillis,
      long[] resolvedAtMillis,
      long horizonMillis,
      long watermarkMillis,
      double validationFraction,
      double calibrationFraction)
      throws TrainingException {
    int n = eventMillis.length;
    long[] matured =
        Arrays.stream(eventMillis).filter(t -> t + horizonMillis <= watermarkMillis).toArray();
    if (matured.length < 3) {
      throw new TrainingException(
          "only "
              + matured.length
              + " row(s) have a whole "
              + java.time.Duration.ofMillis(horizonMillis)
              + " window closed by the watermark "
              + Instant.ofEpochMilli(watermarkMillis)
              + ": wait for windows to mature (a later backfill.asOf and watermark)");
    }
    Arrays.sort(matured);
    long validationCutoff = quantile(matured, 1 - validationFraction);
    long trainingCutoff = validationCutoff;
    if (calibrationFraction > 0) {
      long[] candidates = new long[n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (eventMillis[i] + horizonMillis <= validationCutoff
            && resolvedAtMillis[i] <= validationCutoff) {
          candidates[k++] = eventMillis[i];
        }
      }
      candidates = Arrays.copyOf(candidates, k);
      Arrays.sort(candidates);
      long wanted = Math.round(calibrationFraction * matured.length);
      if (k < 2 || wanted < 1) {
        throw new TrainingException(
            "no rows left for the calibration slice before the validation cutoff "
                + Instant.ofEpochMilli(validationCutoff)
                + ": use more data, a smaller training.validationFraction, or"
                + " training.calibration: none");
      }
      trainingCutoff = candidates[(int) Math.max(1, k - Math.min(wanted, k - 1))];
    }
    int[] training = new int[n];
    int[] calibration = new int[n];
    int[] validation = new int[n];
    int t = 0;
    int c = 0;
    int v = 0;
    Map<String, Long> excluded = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      long tau = eventMillis[i];
      long closes = tau + horizonMillis;
      String reason = null;
      if (closes > watermarkMillis) {
        reason = WINDOW_OPEN_AT_WATERMARK;
      } else if (tau >= validationCutoff) {
        validation[v++] = i;
      } else if (closes > validationCutoff) {
        reason = WINDOW_CROSSES_VALIDATION_CUTOFF;
      } else if (tau >= trainingCutoff) {
        if (resolvedAtMillis[i] <= validationCutoff) {
          calibration[c++] = i;
        } else {
          reason = LABEL_KNOWN_AFTER_CUTOFF;
        }
      } else if (closes > trainingCutoff) {
        reason = WINDOW_CROSSES_TRAINING_CUTOFF;
      } else if (resolvedAtMillis[i] > trainingCutoff) {
        reason = LABEL_KNOWN_AFTER_CUTOFF;
      } else {
        training[t++] = i;
      }
      if (reason != null) {
        excluded.merge(reason, 1L, Long::sum);
      }
    }
    if (t == 0) {
      throw new TrainingException(
          "no training rows: no window closed before the training cutoff "
              + Instant.ofEpochMilli(trainingCutoff)
              + "; use more data or a smaller training.validationFraction");
    }
    return new RowSelection(
        validationCutoff,
        trainingCutoff,
        Arrays.copyOf(training, t),
        Arrays.copyOf(calibration, c),
        Arrays.copyOf(validation, v),
        excluded);
  }

  /** The rule on a snapshot's horizon and watermark, with a training configuration's fractions. */
  public static RowSelection forSnapshot(
      ResolvedRows all,
      dev.mlopssuite.batch.snapshot.SnapshotManifest snapshot,
      dev.mlopssuite.batch.config.TrainingConfig training)
      throws TrainingException {
    return of(
        all.millis(),
        all.resolvedAtMillis(),
        snapshot.horizon().toMillis(),
        snapshot.watermark().toEpochMilli(),
        training.validationFraction(),
        training.calibration().equals("none") ? 0 : training.calibrationFraction());
  }

  /** The event time at which the newest (1 − q) of sorted times begin. */
  private static long quantile(long[] sorted, double q) {
    int index = (int) Math.min(sorted.length - 1, Math.max(1, Math.floor(sorted.length * q)));
    return sorted[index];
  }

  public long excluded(String reason) {
    return excluded.getOrDefault(reason, 0L);
  }
}
