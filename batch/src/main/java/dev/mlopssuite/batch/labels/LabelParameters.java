package dev.mlopssuite.batch.labels;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The inputs of the label contract for one run (docs/label-contract.md).
 *
 * @param asOf T: the backfill's as-of time; outcomes confirmed after it are not yet known
 * @param watermark W ≤ T: outcomes are known complete up to W
 * @param horizon H: a failure f labels row τ positive when τ < f ≤ τ + H
 * @param negativeSource label_source recorded on negatives
 */
public record LabelParameters(
    Instant asOf, Instant watermark, Duration horizon, String negativeSource) {
  public LabelParameters {
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(watermark, "watermark");
    Objects.requireNonNull(horizon, "horizon");
    Objects.requireNonNull(negativeSource, "negativeSource");
    if (watermark.isAfter(asOf)) {
      throw new IllegalArgumentException("watermark " + watermark + " is after as-of " + asOf);
    }
  }
}
