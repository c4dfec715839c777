package dev.mlopssuite.batch.training;

import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.run.TrainingManifest;
import java.nio.file.Path;

/**
 * A finished training run.
 *
 * @param validationMetrics the challenger's raw probabilities on its validation rows, or null when
 *     its outputs were not valid probabilities (the integrity gate then fails)
 * @param calibratedMetrics the calibrated probabilities on the same rows (equal to the raw ones
 *     with {@code calibration: none})
 */
public record TrainResult(
    Path runDirectory,
    TrainingManifest manifest,
    BinaryMetrics validationMetrics,
    BinaryMetrics calibratedMetrics) {}
