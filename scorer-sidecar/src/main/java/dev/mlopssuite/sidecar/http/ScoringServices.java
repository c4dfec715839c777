package dev.mlopssuite.sidecar.http;

import dev.mlopssuite.sidecar.alert.AlertSink;
import dev.mlopssuite.sidecar.features.OnlineFeatureStore;
import dev.mlopssuite.sidecar.log.PredictionLog;
import dev.mlopssuite.sidecar.metrics.PrometheusMetrics;
import dev.mlopssuite.sidecar.model.ModelSource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the endpoints work with besides HTTP (docs/scorer-sidecar.md, "Endpoints and metrics"):
 * passed as one value from the service's wiring through the server to its handler.
 *
 * @param models the models served now
 * @param log where every prediction is recorded before it is answered
 * @param alerts offered every logged prediction; never blocks
 * @param metrics the Prometheus registry the endpoints count into and {@code /metrics} exports
 * @param refresh what {@code POST /admin/refresh} starts (a fetch of the model repository)
 * @param refreshToken the token {@code /admin/refresh} requires
 * @param onlineFeatures per-entity state for {@code /v1/score}
 */
public record ScoringServices(
    ModelSource models,
    PredictionLog log,
    AlertSink alerts,
    PrometheusMetrics metrics,
    Runnable refresh,
    Supplier<char[]> refreshToken,
    OnlineFeatureStore onlineFeatures) {
  public ScoringServices {
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(refresh, "refresh");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(onlineFeatures, "onlineFeatures");
  }
}
