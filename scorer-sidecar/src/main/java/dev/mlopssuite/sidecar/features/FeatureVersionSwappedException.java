package dev.mlopssuite.sidecar.features;

import dev.mlopssuite.runtime.MlopsException;

/**
 * A request read a model version whose feature version is no longer served by the time it reached
 * the online state: a promotion landed meanwhile (docs/scorer-sidecar.md, "Endpoints and metrics").
 * Such a straggler is refused rather than allowed to replace the served version's entity states
 * with its own empty ones; a retry is answered by the new version.
 */
public final class FeatureVersionSwappedException extends MlopsException {
  private static final long serialVersionUID = 1L;

  FeatureVersionSwappedException(String model, String requested, String held) {
    super(
        "model "
            + model
            + " changed while this request was in flight (feature version "
            + requested
            + " is no longer served; "
            + held
            + " is): retry the request");
  }
}
