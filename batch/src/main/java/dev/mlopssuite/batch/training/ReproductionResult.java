package dev.mlopssuite.batch.training;

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

  /** A reproduction that differs is an error: the recorded lineage did not rebuild the model. */
  public void requireIdentical() throws TrainingException {
    if (!identical()) {
      throw new TrainingException(
          "the run in " + original + " did not reproduce: " + String.join("; ", differences));
    }
  }
}
