package dev.mlopssuite.sidecar.repository;

import dev.mlopssuite.sidecar.metrics.SidecarMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link SidecarMetrics} that records the calls the watcher makes. */
final class RecordingMetrics implements SidecarMetrics {
  final List<String> reloads = new CopyOnWriteArrayList<>();
  final List<String> served = new CopyOnWriteArrayList<>();

  @Override
  public void request(String endpoint, int status, Duration latency) {}

  @Override
  public void modelServed(String model, String version, String commit, String manifestSha256) {
    served.add(model + " " + version + " " + commit + " " + manifestSha256);
  }

  @Override
  public void reload(String model, String result, Duration loadDuration) {
    if (loadDuration == null || loadDuration.isNegative()) {
      throw new AssertionError("a reload needs a duration");
    }
    reloads.add(model + " " + result);
  }

  @Override
  public void predictionLogLag(long pendingRecords) {}

  @Override
  public void alertSent(String result) {}

  long count(String result) {
    return reloads.stream().filter(r -> r.endsWith(" " + result)).count();
  }
}
