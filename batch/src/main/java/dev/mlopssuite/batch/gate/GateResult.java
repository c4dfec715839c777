package dev.mlopssuite.batch.gate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One gate's outcome.
 *
 * @param name stable gate id, e.g. {@code absolute.min_recall}
 * @param value the measured value (null when missing or not a number)
 * @param threshold the bound from the policy
 * @param comparison how value is compared with threshold, e.g. {@code >=}
 * @param message why it passed or failed, fit for a pull-request comment
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GateResult(
    String name,
    String category,
    Double value,
    Double threshold,
    String comparison,
    boolean passed,
    String message) {}
