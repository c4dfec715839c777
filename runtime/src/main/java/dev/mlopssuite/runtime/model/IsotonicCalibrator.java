package dev.mlopssuite.runtime.model;

import java.util.Arrays;

/**
 * Isotonic regression fit by pool-adjacent-violators (docs/calibration.md): a non-decreasing step
 * function given by its knots, linearly interpolated between them and clipped outside them, as
 * scikit-learn's {@code IsotonicRegression(out_of_bounds="clip")} predicts.
 *
 * @param x knots: raw scores, strictly increasing
 * @param y calibrated probabilities at the knots, non-decreasing, in [0, 1]
 */
public record IsotonicCalibrator(double[] x, double[] y) implements Calibrator {
  public IsotonicCalibrator {
    if (x == null || y == null || x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException("isotonic knots need equal, non-empty x and y");
    }
    x = x.clone();
    y = y.clone();
    for (int i = 0; i < x.length; i++) {
      if (i > 0 && (!(x[i] > x[i - 1]) || y[i] < y[i - 1])) {
        throw new IllegalArgumentException(
            "isotonic knots must have increasing x and non-decreasing y (at knot " + i + ")");
      }
      if (!(y[i] >= 0 && y[i] <= 1)) {
        throw new IllegalArgumentException("isotonic knot " + i + " is not a probability: " + y[i]);
      }
    }
  }

  @Override
  public double apply(double raw) {
    if (Double.isNaN(raw)) {
      // NaN sorts past every knot: the search below would index past the end
      throw new IllegalArgumentException("a raw score to calibrate must be a number, was NaN");
    }
    int n = x.length;
    if (raw <= x[0]) {
      return y[0];
    }
    if (raw >= x[n - 1]) {
      return y[n - 1];
    }
    int i = Arrays.binarySearch(x, raw);
    if (i >= 0) {
      return y[i];
    }
    int hi = -i - 1;
    int lo = hi - 1;
    double t = (raw - x[lo]) / (x[hi] - x[lo]);
    return y[lo] + t * (y[hi] - y[lo]);
  }

  @Override
  public String method() {
    return "isotonic";
  }

  @Override
  public double[] x() {
    return x.clone();
  }

  @Override
  public double[] y() {
    return y.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IsotonicCalibrator o && Arrays.equals(x, o.x) && Arrays.equals(y, o.y);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(x) + Arrays.hashCode(y);
  }

  @Override
  public String toString() {
    return "IsotonicCalibrator[" + x.length + " knots]";
  }
}
