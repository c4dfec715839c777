package dev.mlopssuite.runtime.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Maps a model's raw score to a probability a clinician can read (docs/calibration.md). Saved
 * beside the model as {@code calibration.json}, hashed in the manifest, applied wherever the model
 * is loaded.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "method")
@JsonSubTypes({
  @JsonSubTypes.Type(value = NoCalibration.class, name = "none"),
  @JsonSubTypes.Type(value = PlattCalibrator.class, name = "platt"),
  @JsonSubTypes.Type(value = IsotonicCalibrator.class, name = "isotonic")
})
public sealed interface Calibrator permits NoCalibration, PlattCalibrator, IsotonicCalibrator {
  String FILE_NAME = "calibration.json";

  /** The calibrated probability of a raw score in [0, 1]. */
  double apply(double raw);

  /** none, platt or isotonic: the name in calibration.json and the configuration. */
  String method();

  default double[] apply(double[] raw) {
    double[] out = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = apply(raw[i]);
    }
    return out;
  }
}
