package dev.mlopssuite.runtime.model;

/**
 * Platt scaling on the log-odds of the raw score: p = 1 / (1 + exp(−(a·z + b))), z = logit(raw)
 * with raw clipped to [1e−15, 1 − 1e−15] (docs/calibration.md). With a = 1 and b = 0 it is the
 * identity; fitting on log-odds rather than on the probability itself keeps that property.
 */
public record PlattCalibrator(double a, double b) implements Calibrator {
  static final double CLIP = 1e-15;

  public PlattCalibrator {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      throw new IllegalArgumentException("Platt parameters must be finite: a=" + a + ", b=" + b);
    }
  }

  /** The log-odds the sigmoid is fit on. */
  public static double logit(double raw) {
    double p = Math.min(1 - CLIP, Math.max(CLIP, raw));
    return Math.log(p / (1 - p));
  }

  @Override
  public double apply(double raw) {
    return 1 / (1 + Math.exp(-(a * logit(raw) + b)));
  }

  @Override
  public String method() {
    return "platt";
  }
}
