package dev.mlopssuite.sidecar.alert;

import dev.mlopssuite.sidecar.log.PredictionRecord;

/**
 * Receives every flagged prediction (risk at or above the threshold). Never blocks the scoring
 * request: it records and posts alerts on its own threads, at most once per entity per window.
 */
public interface AlertSink extends AutoCloseable {
  void offer(PredictionRecord flagged);

  @Override
  void close();
}
