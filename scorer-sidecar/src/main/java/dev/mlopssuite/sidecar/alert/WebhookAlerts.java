package dev.mlopssuite.sidecar.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.sidecar.log.PredictionRecord;
import dev.mlopssuite.sidecar.metrics.SidecarMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Alerts for flagged predictions, owning the rules of docs/scorer-sidecar.md, "Prediction log and
 * alerts":
 *
 * <ul>
 *   <li><b>Dedupe.</b> At most one alert per entity per window, timed by the prediction's {@code
 *       scored_at}: the first flagged prediction opens the window, later ones inside it count as
 *       {@code deduplicated}. Predictions without an entity share one window.
 *   <li><b>Never blocks the request.</b> {@link #offer} does a map update and a non-blocking queue
 *       offer. One thread appends each alert to {@code alerts-YYYY-MM-DD.jsonl}; another POSTs it
 *       to the webhook, with timeouts and a bounded, backed-off retry. When a queue is full the
 *       alert is dropped and counted ({@code dropped}) — a scoring request is never held up by a
 *       slow pager. An alert dropped before it was recorded frees its entity's window, so the next
 *       flagged prediction for it alerts.
 *   <li><b>Counting.</b> Every alert that passed dedupe ends as exactly one of {@code sent} (the
 *       file and, when configured, the webhook took it), {@code failed} or {@code dropped}.
 * </ul>
 */
public final class WebhookAlerts implements AlertSink {
  private static final System.Logger LOG = System.getLogger(WebhookAlerts.class.getName());
  private static final ObjectWriter WRITER = CanonicalJson.mapper().writerFor(AlertRecord.class);
  private static final String NO_ENTITY = "";
  // Forget entities whose window ended this long ago, so the map holds only live windows.
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
  // An interrupted thread only has to count its alert and stop; a second is plenty.
  private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(1);

  private final AlertSettings settings;
  private final SidecarMetrics metrics;
  private final Clock clock;
  private final HttpClient http;
  private final ConcurrentHashMap<String, Instant> windowOpenedAt = new ConcurrentHashMap<>();
  private final BlockingQueue<AlertRecord> toRecord;
  private final ThreadPoolExecutor poster;
  private final Thread recorder;
  private volatile boolean closing;
  private boolean closed;

  private WebhookAlerts(AlertSettings settings, SidecarMetrics metrics, Clock clock) {
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    this.toRecord = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.http =
        settings.webhook().isEmpty()
            ? null
            : HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    this.poster =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(settings.queueCapacity()),
            r -> daemon(r, "alert-webhook"),
            new ThreadPoolExecutor.AbortPolicy());
    this.recorder = daemon(this::runRecorder, "alert-recorder");
  }

  /** Creates the directory if needed and starts the recorder and poster threads. */
  public static WebhookAlerts start(AlertSettings settings, SidecarMetrics metrics)
      throws IOException {
    return start(settings, metrics, Clock.systemUTC());
  }

  /**
   * As {@link #start(AlertSettings, SidecarMetrics)}; {@code clock} times predictions without a
   * {@code scored_at} and the pruning of old windows.
   */
  public static WebhookAlerts start(AlertSettings settings, SidecarMetrics metrics, Clock clock)
      throws IOException {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(clock, "clock");
    Files.createDirectories(settings.directory());
    WebhookAlerts alerts = new WebhookAlerts(settings, metrics, clock);
    alerts.recorder.start();
    return alerts;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The file holding the alerts of {@code day} (UTC). */
  public Path fileFor(LocalDate day) {
    return settings.directory().resolve("alerts-" + day + ".jsonl");
  }

  @Override
  public void offer(PredictionRecord scored) {
    if (scored == null) {
      return;
    }
    double threshold = settings.thresholdOverride().orElse(scored.threshold());
    if (!(scored.probability() >= threshold)) {
      return;
    }
    if (closing) {
      metrics.alertSent("dropped");
      return;
    }
    Instant time = scored.scoredAt() != null ? scored.scoredAt() : clock.instant();
    String entity = scored.entity() != null ? scored.entity() : NO_ENTITY;
    boolean[] opened = {false};
    windowOpenedAt.compute(
        entity,
        (k, openedAt) -> {
          if (openedAt == null || !time.isBefore(openedAt.plus(settings.window()))) {
            opened[0] = true;
            return time;
          }
          return openedAt;
        });
    if (!opened[0]) {
      metrics.alertSent("deduplicated");
      return;
    }
    if (!toRecord.offer(AlertRecord.of(scored, threshold, time))) {
      windowOpenedAt.remove(entity, time);
      metrics.alertSent("dropped");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing = true;
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    try {
      recorder.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (recorder.isAlive()) {
        recorder.interrupt();
        recorder.join(AFTER_INTERRUPT.toMillis());
      }
      poster.shutdown();
      if (!poster.awaitTermination(
          Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        List<Runnable> neverPosted = poster.shutdownNow();
        neverPosted.forEach(r -> metrics.alertSent("dropped"));
        // The POST in flight was interrupted; let it count itself before close returns.
        poster.awaitTermination(AFTER_INTERRUPT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(
            System.Logger.Level.WARNING,
            "alerts: {0} alerts not posted within the drain timeout {1}; they are in the alert"
                + " file",
            neverPosted.size(),
            settings.drainTimeout());
      }
    } catch (InterruptedException e) {
      poster.shutdownNow();
      Thread.currentThread().interrupt();
    }
    // Whatever the recorder did not reach is dropped, and counted.
    for (AlertRecord left = toRecord.poll(); left != null; left = toRecord.poll()) {
      metrics.alertSent("dropped");
    }
  }

  private void runRecorder() {
    Instant lastPrune = clock.instant();
    while (true) {
      AlertRecord alert;
      try {
        alert = toRecord.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (alert == null) {
        if (closing) {
          return;
        }
      } else {
        record(alert);
      }
      Instant now = clock.instant();
      if (now.isAfter(lastPrune.plus(PRUNE_EVERY))) {
        Instant stale = now.minus(settings.window());
        windowOpenedAt.values().removeIf(openedAt -> openedAt.isBefore(stale));
        lastPrune = now;
      }
    }
  }

  private void record(AlertRecord alert) {
    byte[] json;
    try {
      json = WRITER.writeValueAsBytes(alert);
    } catch (JsonProcessingException e) {
      LOG.log(System.Logger.Level.ERROR, "alerts: cannot serialise " + alert, e);
      metrics.alertSent("failed");
      return;
    }
    boolean recorded = append(alert, json);
    if (settings.webhook().isEmpty()) {
      metrics.alertSent(recorded ? "sent" : "failed");
      return;
    }
    try {
      poster.execute(() -> post(settings.webhook().get(), json, recorded));
    } catch (RejectedExecutionException e) {
      metrics.alertSent("dropped");
      LOG.log(
          System.Logger.Level.WARNING,
          "alerts: webhook queue full, alert for {0} recorded in the file but not posted",
          alert.entity());
    }
  }

  private boolean append(AlertRecord alert, byte[] json) {
    byte[] line = new byte[json.length + 1];
    System.arraycopy(json, 0, line, 0, json.length);
    line[json.length] = '\n';
    Path file = fileFor(LocalDate.ofInstant(alert.time(), ZoneOffset.UTC));
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(false);
      return true;
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "alerts: cannot append to " + file, e);
      return false;
    }
  }

  private void post(URI webhook, byte[] body, boolean recorded) {
    HttpRequest request =
        HttpRequest.newBuilder(webhook)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    long backoffMillis = settings.retryBackoff().toMillis();
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      String problem;
      boolean retryable = true;
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          metrics.alertSent(recorded ? "sent" : "failed");
          return;
        }
        problem = "HTTP " + status;
        // Only a server-side or throttling answer can go better on a second try.
        retryable = status / 100 != 4 || status == 408 || status == 429;
      } catch (IOException e) {
        problem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        metrics.alertSent("failed");
        return;
      }
      if (!retryable || attempt == settings.maxAttempts()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "alerts: POST to {0} failed after {1} attempts: {2}; the alert is in the alert file",
            webhook,
            attempt,
            problem);
        break;
      }
      try {
        Thread.sleep(backoffMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        metrics.alertSent("failed");
        return;
      }
      backoffMillis *= 2;
    }
    metrics.alertSent("failed");
  }
}
