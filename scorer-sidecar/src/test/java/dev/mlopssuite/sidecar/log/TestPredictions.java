package dev.mlopssuite.sidecar.log;

import java.time.Instant;
import java.util.Map;

/** Prediction records for tests of the log and the alert sink. */
public final class TestPredictions {
  private TestPredictions() {}

  /** A record with fixed lineage; {@code flagged} sets a probability above the 0.5 threshold. */
  public static PredictionRecord record(
      String requestId, String entity, Instant scoredAt, boolean flagged) {
    double probability = flagged ? 0.82 : 0.12;
    double raw = flagged ? 0.79 : 0.11;
    return new PredictionRecord(
        requestId,
        entity,
        scoredAt.minusSeconds(30),
        scoredAt,
        Map.of("heart_rate", 71.0, "hr_mean_1h", 68.5),
        raw,
        probability,
        flagged,
        0.5,
        "pacemaker-risk",
        "v7",
        "3f1c0a9e5b7d2c4a6e8f0b1d3c5a7e9f2b4d6c8a0e1f3b5d7c9a2e4f6b8d0c1a",
        "run-2026-01-14",
        "snap-2026-01-14",
        "fv2",
        "9b2e4c6a8d0f1e3b5a7c9d2f4e6b8a0c1d3e5f7a");
  }
}
