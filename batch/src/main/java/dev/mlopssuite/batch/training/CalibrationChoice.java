package dev.mlopssuite.batch.training;

import dev.mlopssuite.runtime.model.Calibrator;
import dev.mlopssuite.runtime.model.NoCalibration;
import java.util.Arrays;

/**
 * Fits the calibrator {@code training.calibration} asks for on the calibration slice
 * (docs/calibration.md). For {@code auto}, Platt and isotonic are compared by Brier score on the
 * newer half of the slice after fitting on the older half: compared on the rows they were fit on,
 * isotonic regression would always win (it minimises squared error over all monotone maps, Platt's
 * included). The chosen method is then refit on the whole slice.
 */
public final class CalibrationChoice {
  private CalibrationChoice() {}

  /**
   * @param raw the raw probabilities of the calibration slice
   * @param y their labels
   * @param millis their event times (auto compares methods on the newer half)
   */
  public static Calibrator fit(String method, double[] raw, int[] y, long[] millis)
      throws TrainingException {
    if (method.equals("none")) {
      return new NoCalibration();
    }
    long positives = Arrays.stream(y).filter(label -> label == 1).count();
    if (positives == 0 || positives == y.length) {
      throw new TrainingException(
          "the calibration slice holds "
              + y.length
              + " rows with "
              + positives
              + " positives: a calibrator needs both classes; raise"
              + " training.calibrationFraction or set training.calibration: none");
    }
    return switch (method) {
      case "platt" -> CalibratorFit.platt(raw, y);
      case "isotonic" -> CalibratorFit.isotonic(raw, y);
      default -> auto(raw, y, millis);
    };
  }

  private static Calibrator auto(double[] raw, int[] y, long[] millis) {
    Integer[] order = new Integer[raw.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(millis[a], millis[b]));
    int half = raw.length / 2;
    double[] fitRaw = new double[half];
    int[] fitY = new int[half];
    double[] testRaw = new double[raw.length - half];
    int[] testY = new int[raw.length - half];
    for (int k = 0; k < raw.length; k++) {
      int i = order[k];
      if (k < half) {
        fitRaw[k] = raw[i];
        fitY[k] = y[i];
      } else {
        testRaw[k - half] = raw[i];
        testY[k - half] = y[i];
      }
    }
    boolean bothClasses = hasBothClasses(fitY) && hasBothClasses(testY);
    if (!bothClasses) {
      return CalibratorFit.platt(raw, y);
    }
    double platt = brier(CalibratorFit.platt(fitRaw, fitY), testRaw, testY);
    double isotonic = brier(CalibratorFit.isotonic(fitRaw, fitY), testRaw, testY);
    return isotonic < platt ? CalibratorFit.isotonic(raw, y) : CalibratorFit.platt(raw, y);
  }

  private static boolean hasBothClasses(int[] y) {
    long positives = Arrays.stream(y).filter(label -> label == 1).count();
    return positives > 0 && positives < y.length;
  }

  static double brier(Calibrator calibrator, double[] raw, int[] y) {
    double sum = 0;
    for (int i = 0; i < raw.length; i++) {
      double d = calibrator.apply(raw[i]) - y[i];
      sum += d * d;
    }
    return sum / raw.length;
  }
}
