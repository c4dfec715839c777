package dev.mlopssuite.sidecar.metrics;

import java.time.Duration;

/**
 * What the sidecar's parts report, implemented with the Prometheus Java client
 * (docs/scorer-sidecar.md, "Metrics"). Parts depend on this interface only.
 */
public interface SidecarMetrics {
  void request(String endpoint, int status, Duration latency);

  /** model_info{model,version,commit,sha256} = 1 for the version now served. */
  void modelServed(String model, String version, String commit, String manifestSha256);

  /** result: success | failure (with the failure counted, and the reason in the log). */
  void reload(String model, String result, Duration loadDuration);

  void predictionLogLag(long pendingRecords);

  void alertSent(String result);
}
