package dev.mlopssuite.sidecar.repository;

import dev.mlopssuite.sidecar.config.SidecarConfig;
import dev.mlopssuite.sidecar.config.SidecarConfigException;
import dev.mlopssuite.sidecar.metrics.SidecarMetrics;
import dev.mlopssuite.sidecar.model.ModelRegistry;
import dev.mlopssuite.trust.TrustedKeys;
import java.time.Duration;
import java.util.List;

/** Watchers for tests: retries after 100 ms, backing off to at most 400 ms. */
final class QuickWatchers {
  static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofMillis(400);

  private QuickWatchers() {}

  /** A registry of {@code models}, waiting for the first fetch of {@code config}'s repository. */
  static ModelRegistry registry(SidecarConfig.Repository config, List<String> models) {
    return new ModelRegistry(models, RepositoryWatcher.waitingReason(config));
  }

  static RepositoryWatcher watcher(
      SidecarConfig.Repository config,
      List<String> models,
      TrustedKeys trusted,
      ModelRegistry registry,
      SidecarMetrics metrics)
      throws SidecarConfigException {
    return new RepositoryWatcher(
        config, models, trusted, registry, metrics, INITIAL_BACKOFF, MAX_BACKOFF);
  }
}
