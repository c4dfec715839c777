package dev.mlopssuite.sidecar.repository;

import dev.mlopssuite.runtime.MlopsException;

/**
 * A commit's version of a model cannot be served: says why in one line (docs/scorer-sidecar.md,
 * "Watching, verifying, swapping"). The watcher keeps serving the version it had.
 */
public final class ModelRefusedException extends MlopsException {
  private static final long serialVersionUID = 1L;

  public ModelRefusedException(String reason) {
    super(reason.replaceAll("\\s*\\R\\s*", " "));
  }

  public ModelRefusedException(String reason, Throwable cause) {
    super(reason.replaceAll("\\s*\\R\\s*", " "), cause);
  }
}
