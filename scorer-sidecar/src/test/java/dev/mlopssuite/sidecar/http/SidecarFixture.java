package dev.mlopssuite.sidecar.http;

import dev.mlopssuite.runtime.run.RunVerification;
import dev.mlopssuite.runtime.run.RunVerifier;
import dev.mlopssuite.sidecar.alert.AlertSink;
import dev.mlopssuite.sidecar.features.OnlineFeatureStore;
import dev.mlopssuite.sidecar.log.PredictionLog;
import dev.mlopssuite.sidecar.log.PredictionRecord;
import dev.mlopssuite.sidecar.metrics.PrometheusMetrics;
import dev.mlopssuite.sidecar.model.ModelSource;
import dev.mlopssuite.sidecar.model.ServedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real sidecar HTTP server on 127.0.0.1 and an ephemeral port, serving runtime's committed sample
 * run (formats/v2/run in runtime's test-jar), with in-memory prediction log and alert sink.
 */
final class SidecarFixture implements AutoCloseable {
  static final String TOKEN = "s3cret-refresh-token";
  static final String COMMIT = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
  private static final List<String> RUN_FILES =
      List.of(
          "baseline_stats.json",
          "calibration.json",
          "effective-config.yaml",
          "feature_importance.json",
          "manifest.json",
          "metrics.json",
          "model.tribuo",
          "validation_predictions.parquet");

  final ServedModel served;
  final StubModelSource models;
  final MemoryLog log = new MemoryLog();
  final MemoryAlerts alerts = new MemoryAlerts();
  final PrometheusMetrics metrics = new PrometheusMetrics();
  final OnlineFeatureStore online = new OnlineFeatureStore(10_000);
  final AtomicInteger refreshes = new AtomicInteger();
  final ScoringServer server;
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  SidecarFixture(Path tmp) throws Exception {
    this(tmp, ScoringServer.DEFAULT_MAX_BODY_BYTES);
  }

  SidecarFixture(Path tmp, int maxBodyBytes) throws Exception {
    this(tmp, maxBodyBytes, null);
  }

  /** As above; {@code predictionLog} (when not null) takes the place of the in-memory log. */
  SidecarFixture(Path tmp, int maxBodyBytes, PredictionLog predictionLog) throws Exception {
    served = servedModel(tmp);
    models = new StubModelSource(served);
    server =
        new ScoringServer(
            "127.0.0.1",
            0,
            maxBodyBytes,
            new ScoringServices(
                models,
                predictionLog == null ? log : predictionLog,
                alerts,
                metrics,
                refreshes::incrementAndGet,
                TOKEN::toCharArray,
                online));
    server.start();
  }

  static ServedModel servedModel(Path tmp) throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    for (String file : RUN_FILES) {
      try (InputStream in =
          SidecarFixture.class.getClassLoader().getResourceAsStream("formats/v2/run/" + file)) {
        if (in == null) {
          throw new IllegalStateException("runtime test-jar lacks formats/v2/run/" + file);
        }
        Files.copy(in, run.resolve(file));
      }
    }
    RunVerification v = new RunVerifier().verify(run, null).requireValid("sample run");
    return ServedModel.of(v.manifest().model(), "v7", v.manifestSha256(), COMMIT, v, true);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  HttpResponse<String> post(String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  static final class StubModelSource implements ModelSource {
    final AtomicReference<ServedModel> current;
    final String name;

    StubModelSource(ServedModel served) {
      this.name = served.model();
      this.current = new AtomicReference<>(served);
    }

    @Override
    public List<String> models() {
      return List.of(name);
    }

    @Override
    public Optional<ServedModel> current(String model) {
      return name.equals(model) ? Optional.ofNullable(current.get()) : Optional.empty();
    }

    @Override
    public String notReadyReason(String model) {
      return current.get() == null ? "signature of the promotion does not verify (test)" : null;
    }
  }

  static final class MemoryLog implements PredictionLog {
    final ConcurrentLinkedQueue<PredictionRecord> records = new ConcurrentLinkedQueue<>();
    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicBoolean discarding = new AtomicBoolean(); // benchmarks: count, do not keep
    volatile java.util.concurrent.CountDownLatch entered; // tests: signalled on append
    volatile java.util.concurrent.CountDownLatch gate; // tests: holds append until released
    final java.util.concurrent.atomic.AtomicLong appended =
        new java.util.concurrent.atomic.AtomicLong();

    @Override
    public void append(PredictionRecord record) throws IOException {
      if (failing.get()) {
        throw new IOException("disk full (test)");
      }
      if (entered != null) {
        entered.countDown();
      }
      if (gate != null) {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
      appended.incrementAndGet();
      if (!discarding.get()) {
        records.add(record);
      }
    }

    @Override
    public long pending() {
      return records.size();
    }

    @Override
    public void close() {}
  }

  static final class MemoryAlerts implements AlertSink {
    final ConcurrentLinkedQueue<PredictionRecord> offered = new ConcurrentLinkedQueue<>();
    final AtomicBoolean discarding = new AtomicBoolean(); // benchmarks: keep nothing

    @Override
    public void offer(PredictionRecord scored) {
      if (!discarding.get()) {
        offered.add(scored);
      }
    }

    @Override
    public void close() {}
  }
}
