package dev.mlopssuite.sidecar;

import dev.mlopssuite.sidecar.alert.AlertSettings;
import dev.mlopssuite.sidecar.alert.WebhookAlerts;
import dev.mlopssuite.sidecar.config.SidecarConfig;
import dev.mlopssuite.sidecar.features.OnlineFeatureStore;
import dev.mlopssuite.sidecar.features.TelemetryWarmUp;
import dev.mlopssuite.sidecar.http.ScoringServer;
import dev.mlopssuite.sidecar.http.ScoringServices;
import dev.mlopssuite.sidecar.log.DailyPredictionLog;
import dev.mlopssuite.sidecar.log.PredictionLogSettings;
import dev.mlopssuite.sidecar.metrics.PrometheusMetrics;
import dev.mlopssuite.sidecar.model.ModelRegistry;
import dev.mlopssuite.sidecar.model.ServedModel;
import dev.mlopssuite.sidecar.repository.RepositoryWatcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scorer sidecar as one process (docs/scorer-sidecar.md): reads its configuration, opens the
 * prediction log and the alerts, starts the HTTP server (live at once, ready once a verified model
 * is loaded) and the repository watcher. SIGTERM stops the server gracefully first, then closes the
 * log, so every acknowledged prediction is on disk.
 *
 * <pre>java -jar mlops-scorer-sidecar.jar --config sidecar.yaml</pre>
 */
public final class Sidecar implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Sidecar.class.getName());

  private final ScoringServer server;
  private final RepositoryWatcher watcher;
  private final DailyPredictionLog log;
  private final WebhookAlerts alerts;

  private Sidecar(
      ScoringServer server,
      RepositoryWatcher watcher,
      DailyPredictionLog log,
      WebhookAlerts alerts) {
    this.server = server;
    this.watcher = watcher;
    this.log = log;
    this.alerts = alerts;
  }

  /**
   * The prediction log's settings as the sidecar runs it: the configured values, the log's own
   * defaults for the rest.
   */
  public static PredictionLogSettings predictionLogSettings(SidecarConfig.PredictionLogConfig log) {
    return PredictionLogSettings.defaults(log.directory())
        .withRetentionDays(log.retentionDays())
        .withFlushInterval(log.flushInterval());
  }

  /** Starts every part from a configuration file; the returned sidecar is live, soon ready. */
  public static Sidecar start(Path configFile) throws Exception {
    SidecarConfig config = SidecarConfig.load(configFile);
    PrometheusMetrics metrics = new PrometheusMetrics();
    ModelRegistry registry =
        new ModelRegistry(config.models(), RepositoryWatcher.waitingReason(config.repository()));
    // Before anything runs: it refuses an SSH directory without a key or known_hosts.
    RepositoryWatcher watcher =
        new RepositoryWatcher(
            config.repository(), config.models(), config.trustedKeys().read(), registry, metrics);
    DailyPredictionLog log = DailyPredictionLog.open(predictionLogSettings(config.predictionLog()));
    AlertSettings.Builder alertSettings =
        AlertSettings.builder(config.predictionLog().directory())
            .window(config.alerts().dedupeWindow())
            .thresholdOverride(config.alerts().thresholdOverride());
    if (config.alerts().webhookUrl() != null) {
      alertSettings.webhook(config.alerts().webhookUrl());
    }
    WebhookAlerts alerts = WebhookAlerts.start(alertSettings.build(), metrics);
    OnlineFeatureStore onlineFeatures =
        new OnlineFeatureStore(config.features().maxEntities(), registry::servesFeatureVersion);
    SidecarConfig.WarmUp warmUp = config.features().warmUp();
    if (warmUp != null) {
      // Before the first version is served, so "ready" means the first scores see warm windows.
      watcher.beforeFirstServe(served -> warm(onlineFeatures, served, warmUp));
    }
    char[] token = config.refreshWebhook().token(System.getenv()).toCharArray();
    ScoringServer server =
        new ScoringServer(
            config.server().port(),
            new ScoringServices(
                registry, log, alerts, metrics, watcher::refreshNow, () -> token, onlineFeatures));
    server.start();
    watcher.start();
    LOG.info(
        "scorer sidecar live on port "
            + server.port()
            + ", serving "
            + config.models()
            + " from "
            + config.repository().url());
    return new Sidecar(server, watcher, log, alerts);
  }

  /** Replays the warm-up file into the online state of {@code served}'s model; never fatal. */
  private static void warm(
      OnlineFeatureStore store, ServedModel served, SidecarConfig.WarmUp warmUp) {
    long started = System.nanoTime();
    try {
      TelemetryWarmUp.Result result =
          TelemetryWarmUp.warm(
              store,
              served.model(),
              served.features(),
              warmUp.file(),
              warmUp.entityColumn(),
              warmUp.timeColumn(),
              Instant.now(),
              warmUp.timeLimit());
      LOG.info(
          "model "
              + served.model()
              + ": online features warmed from "
              + warmUp.file()
              + " in "
              + (System.nanoTime() - started) / 1_000_000
              + " ms: "
              + result.summary());
    } catch (IOException | RuntimeException e) {
      // The model is served all the same (an Error, too: the watcher catches that).
      LOG.log(
          Level.WARNING,
          "model "
              + served.model()
              + ": online features not warmed from "
              + warmUp.file()
              + ", serving with empty windows: "
              + e.getMessage(),
          e);
    }
  }

  public int port() {
    return server.port();
  }

  /** Stops taking requests (in-flight ones finish), then closes the watcher, alerts and log. */
  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      try {
        watcher.close();
      } finally {
        try {
          alerts.close();
        } finally {
          log.close();
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("--config")) {
      System.err.println("usage: java -jar mlops-scorer-sidecar.jar --config sidecar.yaml");
      System.exit(2);
    }
    Sidecar sidecar;
    try {
      sidecar = start(Path.of(args[1]));
    } catch (dev.mlopssuite.sidecar.config.SidecarConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    sidecar.close();
                  } catch (Exception e) {
                    // Also on stderr: JUL's own shutdown hook may already have reset its handlers.
                    LOG.severe("shutdown: " + e.getMessage());
                    System.err.println("shutdown: " + e);
                  }
                },
                "sidecar-shutdown"));
  }
}
