package dev.mlopssuite.sidecar.log;

import java.io.IOException;
import java.nio.file.Path;

/** An append after {@code close()} (the service is shutting down): the record is not kept. */
public final class PredictionLogClosedException extends IOException {
  private static final long serialVersionUID = 1L;

  public PredictionLogClosedException(Path directory) {
    super(
        "prediction log in "
            + directory
            + " is closed (the service is shutting down); the record was not kept, retry on"
            + " another instance");
  }
}
