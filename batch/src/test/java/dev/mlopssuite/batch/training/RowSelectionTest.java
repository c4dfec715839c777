package dev.mlopssuite.batch.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The selection rule's boundaries (docs/selection-rule.md), in milliseconds. */
class RowSelectionTest {
  static final long H = 10;
  static final long W = 100;

  /** Rows at τ = 0, 1, …, last; every label known when its window closes, unless overridden. */
  static long[] times(int last) {
    return LongStreamRange.of(0, last);
  }

  static boolean contains(int[] indices, int i) {
    return Arrays.stream(indices).anyMatch(j -> j == i);
  }

  @Test
  void aWindowClosingExactlyAtTheCutoffTrainsOneMillisecondLaterDoesNot() throws Exception {
    long[] tau = times(90);
    long[] resolved = Arrays.stream(tau).map(t -> t + H).toArray();
    RowSelection s = RowSelection.of(tau, resolved, H, W, 0.2, 0);
    // 91 matured rows, the newest 20%: the cutoff is τ = 72
    assertEquals(72, s.validationCutoffMillis());
    assertTrue(contains(s.training(), 62), "τ + H = cutoff trains");
    assertFalse(contains(s.training(), 63), "τ + H = cutoff + 1 ms does not");
    assertFalse(contains(s.validation(), 63));
    assertEquals(9, s.excluded(RowSelection.WINDOW_CROSSES_VALIDATION_CUTOFF)); // τ = 63..71
  }

  @Test
  void aWindowClosingExactlyAtTheWatermarkValidatesOneMillisecondLaterDoesNot() throws Exception {
    long[] tau = times(91);
    long[] resolved = Arrays.stream(tau).map(t -> Math.min(t + H, W)).toArray();
    RowSelection s = RowSelection.of(tau, resolved, H, W, 0.2, 0);
    assertTrue(contains(s.validation(), 90), "τ + H = W validates");
    assertFalse(contains(s.validation(), 91), "τ + H = W + 1 ms does not");
    assertEquals(1, s.excluded(RowSelection.WINDOW_OPEN_AT_WATERMARK));
  }

  @Test
  void anEarlyPositiveInTheLastWindowIsInNoSet() throws Exception {
    long[] tau = LongStreamRange.append(times(90), 95);
    long[] resolved = Arrays.stream(tau).map(t -> t == 95 ? 96 : t + H).toArray();
    RowSelection s = RowSelection.of(tau, resolved, H, W, 0.2, 0.15);
    int early = tau.length - 1;
    assertFalse(contains(s.training(), early));
    assertFalse(contains(s.calibration(), early));
    assertFalse(contains(s.validation(), early));
    assertEquals(1, s.excluded(RowSelection.WINDOW_OPEN_AT_WATERMARK));
  }

  @Test
  void aLabelConfirmedAfterTheCutoffIsPurgedEvenWhenItsWindowClosed() throws Exception {
    long[] tau = times(90);
    long[] resolved = Arrays.stream(tau).map(t -> t == 5 ? 80 : t + H).toArray();
    RowSelection s = RowSelection.of(tau, resolved, H, W, 0.2, 0);
    assertFalse(contains(s.training(), 5));
    assertEquals(1, s.excluded(RowSelection.LABEL_KNOWN_AFTER_CUTOFF));
  }

  @Test
  void theCalibrationSliceLiesBetweenTrainingAndValidationAndEachWindowClosesBeforeTheNext()
      throws Exception {
    long[] tau = times(90);
    long[] resolved = Arrays.stream(tau).map(t -> t + H).toArray();
    RowSelection s = RowSelection.of(tau, resolved, H, W, 0.2, 0.15);
    assertTrue(s.calibration().length > 0);
    for (int i : s.training()) {
      assertTrue(tau[i] + H <= s.trainingCutoffMillis());
    }
    for (int i : s.calibration()) {
      assertTrue(tau[i] >= s.trainingCutoffMillis());
      assertTrue(tau[i] + H <= s.validationCutoffMillis());
    }
    for (int i : s.validation()) {
      assertTrue(tau[i] >= s.validationCutoffMillis() && tau[i] + H <= W);
    }
    long used = s.training().length + s.calibration().length + s.validation().length;
    long left = s.excluded().values().stream().mapToLong(Long::longValue).sum();
    assertEquals(tau.length, used + left, "every row is in one set or counted once as left out");
  }

  /** Small helpers for τ arrays. */
  static final class LongStreamRange {
    static long[] of(long first, long last) {
      return IntStream.rangeClosed((int) first, (int) last).asLongStream().toArray();
    }

    static long[] append(long[] values, long value) {
      long[] out = Arrays.copyOf(values, values.length + 1);
      out[values.length] = value;
      return out;
    }
  }
}
