package dev.mlopssuite.sidecar.alert;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link WebhookAlerts} records and posts alerts (docs/scorer-sidecar.md, "Prediction log and
 * alerts"). Built with {@link #builder}; validates itself, so an invalid setting cannot exist.
 *
 * @param directory where the {@code alerts-YYYY-MM-DD.jsonl} files live
 * @param window at most one alert per entity per window
 * @param thresholdOverride alert at this probability instead of the served model's threshold; the
 *     risk flag of responses and log records stays the model's, the threshold its gate approved
 * @param webhook where alerts are POSTed as JSON, if anywhere
 * @param connectTimeout the webhook's connect timeout
 * @param requestTimeout the longest one POST may take, answer included
 * @param maxAttempts POSTs per alert before it counts as failed (1 = no retry)
 * @param retryBackoff the wait before the second attempt, doubled before each later one
 * @param queueCapacity alerts waiting to be recorded, and separately to be posted, before new ones
 *     are dropped (and counted) instead of blocking the scoring request
 * @param drainTimeout how long {@code close()} lets queued alerts finish
 */
public record AlertSettings(
    Path directory,
    Duration window,
    Optional<Double> thresholdOverride,
    Optional<URI> webhook,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration retryBackoff,
    int queueCapacity,
    Duration drainTimeout) {

  public AlertSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(thresholdOverride, "thresholdOverride");
    positive("window", window);
    thresholdOverride.ifPresent(
        t -> {
          if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException(
                "threshold override must be a probability in [0, 1], got " + t);
          }
        });
    positive("connectTimeout", connectTimeout);
    positive("requestTimeout", requestTimeout);
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (retryBackoff.isNegative() || drainTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "retry backoff and drain timeout must not be negative, got "
              + retryBackoff
              + " and "
              + drainTimeout);
    }
    webhook.ifPresent(
        uri -> {
          String scheme = uri.getScheme();
          if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("webhook must be an http or https URL, got " + uri);
          }
        });
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException(
          "max attempts must be between 1 and 10, got " + maxAttempts);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1, got " + queueCapacity);
    }
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The defaults are those of a clinical on-call channel: one page per patient per hour. */
  public static final class Builder {
    private final Path directory;
    private Duration window = Duration.ofHours(1);
    private Double thresholdOverride;
    private URI webhook;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(5);
    private int maxAttempts = 3;
    private Duration retryBackoff = Duration.ofMillis(500);
    private int queueCapacity = 1_000;
    private Duration drainTimeout = Duration.ofSeconds(5);

    private Builder(Path directory) {
      this.directory = directory;
    }

    public Builder window(Duration value) {
      this.window = value;
      return this;
    }

    /** Alert at {@code value} instead of the model's threshold; null for the model's. */
    public Builder thresholdOverride(Double value) {
      this.thresholdOverride = value;
      return this;
    }

    public Builder webhook(URI value) {
      this.webhook = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    public Builder retryBackoff(Duration value) {
      this.retryBackoff = value;
      return this;
    }

    public Builder queueCapacity(int value) {
      this.queueCapacity = value;
      return this;
    }

    public Builder drainTimeout(Duration value) {
      this.drainTimeout = value;
      return this;
    }

    public AlertSettings build() {
      return new AlertSettings(
          directory,
          window,
          Optional.ofNullable(thresholdOverride),
          Optional.ofNullable(webhook),
          connectTimeout,
          requestTimeout,
          maxAttempts,
          retryBackoff,
          queueCapacity,
          drainTimeout);
    }
  }
}
