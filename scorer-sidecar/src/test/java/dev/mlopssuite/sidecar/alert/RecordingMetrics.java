package dev.mlopssuite.sidecar.alert;

import dev.mlopssuite.sidecar.metrics.SidecarMetrics;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the alert sink reports; ignores the rest. */
final class RecordingMetrics implements SidecarMetrics {
  private final ConcurrentHashMap<String, AtomicInteger> alerts = new ConcurrentHashMap<>();

  int alerts(String result) {
    AtomicInteger n = alerts.get(result);
    return n == null ? 0 : n.get();
  }

  int alertsTotal() {
    return alerts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void alertSent(String result) {
    alerts.computeIfAbsent(result, r -> new AtomicInteger()).incrementAndGet();
  }

  @Override
  public void request(String endpoint, int status, Duration latency) {}

  @Override
  public void modelServed(String model, String version, String commit, String manifestSha256) {}

  @Override
  public void reload(String model, String result, Duration loadDuration) {}

  @Override
  public void predictionLogLag(long pendingRecords) {}
}
