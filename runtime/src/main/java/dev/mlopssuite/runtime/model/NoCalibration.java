package dev.mlopssuite.runtime.model;

/** The raw score is used as it is ({@code training.calibration: none}). */
public record NoCalibration() implements Calibrator {
  @Override
  public double apply(double raw) {
    return raw;
  }

  @Override
  public String method() {
    return "none";
  }
}
