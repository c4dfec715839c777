package dev.mlopssuite.sidecar.log;

import java.io.IOException;
import java.util.List;

/**
 * The append-only prediction log. A request is acknowledged only after {@link #append} returned:
 * the record is then in the log's buffer, flushed at least every flush interval and on {@link
 * #close} (a clean shutdown, SIGTERM included), so the flush interval bounds what a crash can lose.
 */
public interface PredictionLog extends AutoCloseable {
  void append(PredictionRecord record) throws IOException;

  /**
   * Appends a batch's records; when it returns all of them are acknowledged. Implementations that
   * can should take all or none, so a failed batch request leaves no partial trace.
   */
  default void appendAll(List<PredictionRecord> records) throws IOException {
    for (PredictionRecord r : records) {
      append(r);
    }
  }

  /** Records appended but not yet on disk (the prediction-log lag metric). */
  long pending();

  @Override
  void close() throws IOException;
}
