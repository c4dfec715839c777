package dev.mlopssuite.sidecar.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link SidecarMetrics} on the maintained Prometheus Java client (prometheus-metrics 1.x), in its
 * own registry so that two sidecars in one JVM (tests) never share counters. Every name carries the
 * {@code mlops_sidecar_} prefix; the list and meaning of each is in docs/scorer-sidecar.md,
 * "Endpoints and metrics".
 */
public final class PrometheusMetrics implements SidecarMetrics {
  /** The text exposition format's content type (version 0.0.4). */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  // Request latencies of a local scorer: sub-millisecond to a few seconds.
  private static final double[] LATENCY_BOUNDS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
  };
  // A model load verifies hashes and deserializes a Tribuo model: tens of ms to a minute.
  private static final double[] LOAD_BOUNDS = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Counter refusals;
  private final Histogram requestDuration;
  private final Info modelInfo;
  private final Map<String, String[]> servedLabels = new HashMap<>();
  private final Counter reloads;
  private final Histogram loadDuration;
  private final Gauge lastReload;
  private final Gauge logLag;
  private final Counter logFailures;
  private final Counter alerts;

  public PrometheusMetrics() {
    requests =
        Counter.builder()
            .name("mlops_sidecar_requests_total")
            .help("HTTP requests by endpoint (route template) and status code")
            .labelNames("endpoint", "status")
            // Exemplars link a sample to a trace; the sidecar has no tracing, and sampling them on
            // every request cost about 2% of a single-row infer.
            .withoutExemplars()
            .register(registry);
    requestDuration =
        Histogram.builder()
            .name("mlops_sidecar_request_duration_seconds")
            .help("HTTP request latency by endpoint and status, body read to response written")
            .labelNames("endpoint", "status")
            .classicOnly()
            .classicUpperBounds(LATENCY_BOUNDS)
            .withoutExemplars()
            .register(registry);
    modelInfo =
        // An info metric: the client appends _info, so this exports mlops_sidecar_model_info.
        Info.builder()
            .name("mlops_sidecar_model")
            .help("1 for the model version now served; older versions are removed")
            .labelNames("model", "version", "commit", "sha256")
            .register(registry);
    reloads =
        Counter.builder()
            .name("mlops_sidecar_reloads_total")
            .help("Model reload attempts by model and result (success or failure)")
            .labelNames("model", "result")
            .register(registry);
    loadDuration =
        Histogram.builder()
            .name("mlops_sidecar_model_load_duration_seconds")
            .help("Time to stage, verify and load a model version")
            .labelNames("model")
            .classicOnly()
            .classicUpperBounds(LOAD_BOUNDS)
            .register(registry);
    lastReload =
        Gauge.builder()
            .name("mlops_sidecar_last_reload_timestamp_seconds")
            .help("Unix time of the last reload attempt by model and result")
            .labelNames("model", "result")
            .register(registry);
    logLag =
        Gauge.builder()
            .name("mlops_sidecar_prediction_log_pending_records")
            .help("Prediction records appended but not yet flushed to disk")
            .register(registry);
    logFailures =
        Counter.builder()
            .name("mlops_sidecar_prediction_log_failures_total")
            .help("Scoring requests refused (503) because the prediction log could not append")
            .register(registry);
    refusals =
        Counter.builder()
            .name("mlops_sidecar_refusals_total")
            .help(
                "Requests refused (4xx, 503) by endpoint and reason: invalid_request, out_of_order,"
                    + " non_finite_features, non_finite_score, too_large, not_found,"
                    + " method_not_allowed, unknown_model, not_ready, model_swapped,"
                    + " log_unavailable, unauthorized, refresh_failed")
            .labelNames("endpoint", "reason")
            .withoutExemplars()
            .register(registry);
    alerts =
        Counter.builder()
            .name("mlops_sidecar_alerts_total")
            .help("Alerts sent by result")
            .labelNames("result")
            .register(registry);
  }

  @Override
  public void request(String endpoint, int status, Duration latency) {
    String code = statusLabel(status);
    requests.labelValues(endpoint, code).inc();
    requestDuration.labelValues(endpoint, code).observe(latency.toNanos() / 1e9);
  }

  @Override
  public synchronized void modelServed(
      String model, String version, String commit, String manifestSha256) {
    // One series per model: an old version's series is removed, not left at 0, so a sum over
    // model_info counts served models.
    String[] labels = {
      model,
      Objects.toString(version, ""),
      Objects.toString(commit, ""),
      Objects.toString(manifestSha256, "")
    };
    String[] old = servedLabels.put(model, labels);
    if (old != null) {
      modelInfo.remove(old);
    }
    modelInfo.addLabelValues(labels);
  }

  @Override
  public void reload(String model, String result, Duration loadDuration) {
    reloads.labelValues(model, result).inc();
    this.loadDuration.labelValues(model).observe(loadDuration.toNanos() / 1e9);
    lastReload.labelValues(model, result).set(System.currentTimeMillis() / 1000.0);
  }

  @Override
  public void predictionLogLag(long pendingRecords) {
    logLag.set(pendingRecords);
  }

  /** A prediction-log append threw, so the request was answered 503. */
  public void predictionLogFailure() {
    logFailures.inc();
  }

  /** A refused request: {@code reason} is one of a fixed set (see the metric's help). */
  public void refused(String endpoint, String reason) {
    refusals.labelValues(endpoint, reason).inc();
  }

  @Override
  public void alertSent(String result) {
    alerts.labelValues(result).inc();
  }

  /** Writes every metric in the Prometheus text format. */
  public void writeTo(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  private static final String[] STATUS = new String[600];

  static {
    for (int i = 100; i < STATUS.length; i++) {
      STATUS[i] = Integer.toString(i);
    }
  }

  private static String statusLabel(int status) {
    return status >= 100 && status < STATUS.length ? STATUS[status] : Integer.toString(status);
  }
}
