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

  /** The content of {@code results/evaluate.json} (docs/formats.md, "Goal result files"). */
  public java.util.Map<String, Object> summary() {
    java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
    out.put("goal", "evaluate");
    out.put("run_directory", runDirectory.toAbsolutePath().toString());
    out.put("verdict_file", verdictFile.toAbsolutePath().toString());
    out.put("report", report.toAbsolutePath().toString());
    out.put("passed", verdict.passed());
    out.put("bootstrap", verdict.bootstrap());
    out.put("probability", verdict.probability());
    out.put("challenger_version", verdict.challengerVersion());
    out.put("challenger_manifest_sha256", verdict.challengerManifestSha256());
    out.put("champion", verdict.champion());
    out.put(
        "failed_gates",
        verdict.failures().stream()
            .map(g -> java.util.Map.of("name", g.name(), "message", g.message()))
            .toList());
    return out;
  }

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
