package dev.mlopssuite.sidecar.log;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;

/**
 * One prediction with its full lineage: the input of realized performance once labels mature
 * (docs/scorer-sidecar.md, "Prediction log"). A request's records are written together, what they
 * share once per line ({@link PredictionRecordJson}).
 *
 * @param features the raw readings and derived feature values used, by name
 * @param probabilityRaw the model's raw probability
 * @param probability the served probability (calibrated when the verdict chose it)
 * @param riskFlag probability ≥ threshold
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PredictionRecord(
    String requestId,
    String entity,
    Instant eventTime,
    Instant scoredAt,
    Map<String, Double> features,
    double probabilityRaw,
    double probability,
    boolean riskFlag,
    double threshold,
    String model,
    String modelVersion,
    String manifestSha256,
    String trainingRun,
    String snapshotId,
    String featureVersion,
    String commit) {}
