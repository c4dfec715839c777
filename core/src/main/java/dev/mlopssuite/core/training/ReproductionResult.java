package dev.mlopssuite.core.training;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether retraining from a manifest's recorded snapshot, configuration and seed gave the same
 * model outputs.
 *
 * @param differences what differed (empty when identical)
 */
public record ReproductionResult(
    Path original,
    Path reproduction,
    boolean goldenExamplesIdentical,
    boolean validationPredictionsIdentical,
    List<String> differences) {

  public boolean identical() {
    return goldenExamplesIdentical && validationPredictionsIdentical;
  }
}
