package dev.mlopssuite.runtime.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * A validation input recorded with the exact probability the model gave it, raw and calibrated.
 * Anyone loading the model (the gate, the sidecar before it serves) must get the same doubles back,
 * bit for bit (docs/trust.md).
 *
 * @param probability the model's raw probability
 * @param calibratedProbability the calibrator's output for it (format 2; null in format 1)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GoldenExample(
    String entity,
    String ts,
    Map<String, Double> features,
    double probability,
    Double calibratedProbability) {}
