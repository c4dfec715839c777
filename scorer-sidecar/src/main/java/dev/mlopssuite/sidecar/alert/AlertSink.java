package dev.mlopssuite.sidecar.alert;

import dev.mlopssuite.sidecar.log.PredictionRecord;

/**
 * Receives every prediction once it is in the prediction log and alerts those at or above its alert
 * threshold (the model's, or a configured override). Never blocks the scoring request: it records
 * and posts alerts on its own threads, at most once per entity per window.
 */
public interface AlertSink extends AutoCloseable {
  void offer(PredictionRecord scored);

  @Override
  void close();
}
