package dev.mlopssuite.sidecar.log;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DailyPredictionLog} writes (docs/scorer-sidecar.md, "Prediction log and alerts").
 * Validates itself: an invalid setting cannot exist.
 *
 * @param directory where the {@code predictions-YYYY-MM-DD.jsonl} files live
 * @param flushInterval the longest a record waits in the buffer before it is written and forced to
 *     disk; it bounds what a crash (not a clean shutdown) can lose
 * @param retentionDays a day's file is deleted once its day is more than this many days before
 *     today (UTC); 0 keeps only today's file
 * @param maxBufferedBytes the most serialised bytes held in memory (buffered plus being written)
 * @param fullBufferWait how long {@code append} waits for room when the buffer is full before it
 *     refuses the record with {@link PredictionLogFullException}
 */
public record PredictionLogSettings(
    Path directory,
    Duration flushInterval,
    int retentionDays,
    long maxBufferedBytes,
    Duration fullBufferWait) {

  /** 200 ms: a crash loses at most a fifth of a second of predictions. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);

  /** 90 days: long enough for the slowest label window to mature over the logged predictions. */
  public static final int DEFAULT_RETENTION_DAYS = 90;

  /** 32 MiB: tens of thousands of records, far beyond one flush interval at any sane rate. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 32L * 1024 * 1024;

  /** 100 ms: a request waits at most this long for the disk before it fails with 503. */
  public static final Duration DEFAULT_FULL_BUFFER_WAIT = Duration.ofMillis(100);

  public PredictionLogSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(fullBufferWait, "fullBufferWait");
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException(
          "flush interval must be positive, got " + flushInterval + "; use e.g. PT0.2S");
    }
    if (retentionDays < 0) {
      throw new IllegalArgumentException("retention days must be 0 or more, got " + retentionDays);
    }
    if (maxBufferedBytes < 1024) {
      throw new IllegalArgumentException(
          "max buffered bytes must be at least 1024 (a few records), got " + maxBufferedBytes);
    }
    if (fullBufferWait.isNegative()) {
      throw new IllegalArgumentException(
          "full-buffer wait must not be negative, got " + fullBufferWait);
    }
  }

  /** The defaults, writing to {@code directory}. */
  public static PredictionLogSettings defaults(Path directory) {
    return new PredictionLogSettings(
        directory,
        DEFAULT_FLUSH_INTERVAL,
        DEFAULT_RETENTION_DAYS,
        DEFAULT_MAX_BUFFERED_BYTES,
        DEFAULT_FULL_BUFFER_WAIT);
  }

  public PredictionLogSettings withFlushInterval(Duration value) {
    return new PredictionLogSettings(
        directory, value, retentionDays, maxBufferedBytes, fullBufferWait);
  }

  public PredictionLogSettings withRetentionDays(int value) {
    return new PredictionLogSettings(
        directory, flushInterval, value, maxBufferedBytes, fullBufferWait);
  }

  public PredictionLogSettings withMaxBufferedBytes(long value) {
    return new PredictionLogSettings(
        directory, flushInterval, retentionDays, value, fullBufferWait);
  }

  public PredictionLogSettings withFullBufferWait(Duration value) {
    return new PredictionLogSettings(
        directory, flushInterval, retentionDays, maxBufferedBytes, value);
  }
}
