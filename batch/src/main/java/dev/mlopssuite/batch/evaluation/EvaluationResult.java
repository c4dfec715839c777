package dev.mlopssuite.batch.evaluation;

import dev.mlopssuite.batch.gate.Verdict;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import java.nio.file.Path;

/**
 * What {@code mlops:evaluate} found and wrote.
 *
 * @param challenger metrics of the challenger, or null when its outputs were unusable
 * @param champion metrics of the champion on the same rows, or null without a champion
 * @param report evaluation.md, the champion-vs-challenger table for a pull request
 */
public record EvaluationResult(
    Path runDirectory,
    BinaryMetrics challenger,
    BinaryMetrics champion,
    Verdict verdict,
    Path report,
    Path verdictFile) {

  /**
   * Fails when a gate failed and the run asked to fail on gates (training.failOnGate); the run's
   * artifacts are already written either way.
   */
  public void enforce(boolean failOnGate) throws GateFailedException {
    if (failOnGate && !verdict.passed()) {
      throw new GateFailedException(verdict, verdictFile);
    }
  }
}
