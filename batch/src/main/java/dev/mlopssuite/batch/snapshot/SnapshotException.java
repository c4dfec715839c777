package dev.mlopssuite.batch.snapshot;

import dev.mlopssuite.runtime.MlopsException;

/** A snapshot is missing, unreadable, or its files no longer match their recorded hashes. */
public final class SnapshotException extends MlopsException {
  private static final long serialVersionUID = 1L;

  public SnapshotException(String message) {
    super(message);
  }

  public SnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
