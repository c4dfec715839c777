package dev.mlopssuite.sidecar.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The served version of each configured model (docs/scorer-sidecar.md, "Watching, verifying,
 * swapping"). A swap is one atomic reference change per model; nothing is locked on the request
 * path.
 *
 * <p>Retiring the old version needs no bookkeeping: a request reads {@link #current} once and holds
 * that {@link ServedModel} to its end, so after a swap in-flight requests finish on the old object
 * and the garbage collector drops it once the last of them lets go. Nothing is closed explicitly
 * because a loaded model holds no file or native resource (it was read from protobuf into memory).
 */
public final class ModelRegistry implements ModelSource {
  private final List<String> models;
  private final Map<String, AtomicReference<ServedModel>> served = new LinkedHashMap<>();
  private final Map<String, AtomicReference<String>> notReady = new LinkedHashMap<>();

  /**
   * @param models the configured models
   * @param initialReason why nothing is served before the first load (for example "waiting for the
   *     first fetch of ...")
   */
  public ModelRegistry(List<String> models, String initialReason) {
    this.models = List.copyOf(models);
    for (String model : this.models) {
      served.put(model, new AtomicReference<>());
      notReady.put(model, new AtomicReference<>(initialReason));
    }
  }

  @Override
  public List<String> models() {
    return models;
  }

  @Override
  public Optional<ServedModel> current(String model) {
    AtomicReference<ServedModel> ref = served.get(model);
    return ref == null ? Optional.empty() : Optional.ofNullable(ref.get());
  }

  /** Whether {@code model}'s served version computes features of {@code featureVersion}. */
  public boolean servesFeatureVersion(String model, String featureVersion) {
    return current(model)
        .map(s -> s.features().featureVersion().equals(featureVersion))
        .orElse(false);
  }

  @Override
  public String notReadyReason(String model) {
    AtomicReference<ServedModel> ref = served.get(model);
    if (ref == null) {
      return "model '" + model + "' is not configured here; configured: " + models;
    }
    return ref.get() != null ? null : notReady.get(model).get();
  }

  /**
   * Serves {@code next} from now on; returns the version it replaced (or null). Requests that
   * already hold the old one finish on it (see the class comment).
   */
  public ServedModel swap(ServedModel next) {
    Objects.requireNonNull(next, "next");
    AtomicReference<ServedModel> ref = served.get(next.model());
    if (ref == null) {
      throw new IllegalArgumentException(
          "model '" + next.model() + "' is not configured here; configured: " + models);
    }
    return ref.getAndSet(next);
  }

  /**
   * Records why no new version is served: a refusal, or no promotion yet. It shows in {@link
   * #notReadyReason} only while nothing is served: a refused update never takes down the version
   * already serving.
   */
  public void notServed(String model, String reason) {
    AtomicReference<String> ref = notReady.get(model);
    if (ref != null) {
      ref.set(reason);
    }
  }
}
