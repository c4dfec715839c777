package dev.mlopssuite.sidecar.model;

import java.util.List;
import java.util.Optional;

/**
 * Where request handlers get the model to score with. The watcher swaps versions with one atomic
 * reference change; a handler reads the current version once per request and uses that one object
 * to the end, so a request is never scored by two versions.
 */
public interface ModelSource {
  /** The models this sidecar is configured to serve. */
  List<String> models();

  /** The version now served, or empty when no valid version has loaded yet. */
  Optional<ServedModel> current(String model);

  /** Why a configured model is not ready (for /v2/health/ready and logs), or null when it is. */
  String notReadyReason(String model);
}
