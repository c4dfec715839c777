package dev.mlopssuite.sidecar.log;

import java.io.IOException;
import java.time.Duration;

/**
 * The log's buffer stayed full for the whole wait, so the record was refused rather than
 * acknowledged without being kept: the request fails (503) and the client retries. The disk is
 * slower than the request rate, or failing (see the flusher's error on stderr).
 */
public final class PredictionLogFullException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long bufferedBytes;

  public PredictionLogFullException(long bufferedBytes, long maxBufferedBytes, Duration waited) {
    super(
        "prediction log buffer full: "
            + bufferedBytes
            + " of "
            + maxBufferedBytes
            + " bytes still unwritten after waiting "
            + waited
            + "; the disk is too slow or failing, check the log directory's disk, or raise"
            + " maxBufferedBytes");
    this.bufferedBytes = bufferedBytes;
  }

  public long bufferedBytes() {
    return bufferedBytes;
  }
}
