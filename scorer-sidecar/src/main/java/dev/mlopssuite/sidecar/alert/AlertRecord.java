package dev.mlopssuite.sidecar.alert;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mlopssuite.sidecar.log.PredictionRecord;
import java.time.Instant;

/**
 * One alert: a line of {@code alerts-YYYY-MM-DD.jsonl} and the body POSTed to the webhook
 * (docs/scorer-sidecar.md, "Prediction log and alerts"). It carries the lineage needed to find the
 * prediction (request id) and the exact model that made it (version, manifest sha256, commit).
 *
 * @param time when the prediction was scored
 * @param threshold the alert threshold it reached: the model's, or the configured override
 * @param model the model's name: a sidecar may serve several, and a version alone is ambiguous
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AlertRecord(
    String entity,
    Instant time,
    double probability,
    double threshold,
    String model,
    String modelVersion,
    String manifestSha256,
    String commit,
    String requestId) {

  /** The alert for a prediction at or above {@code threshold}, timed at {@code time}. */
  public static AlertRecord of(PredictionRecord flagged, double threshold, Instant time) {
    return new AlertRecord(
        flagged.entity(),
        time,
        flagged.probability(),
        threshold,
        flagged.model(),
        flagged.modelVersion(),
        flagged.manifestSha256(),
        flagged.commit(),
        flagged.requestId());
  }
}
