package dev.mlopssuite.runtime.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * A validation input recorded with the exact probability the model gave it. Anyone loading the
 * model (the gate, the sidecar before it serves) must get the same double back, bit for bit.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GoldenExample(
    String entity, String ts, Map<String, Double> features, double probability) {}
