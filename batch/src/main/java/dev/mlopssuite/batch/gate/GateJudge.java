package dev.mlopssuite.batch.gate;

import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link GatePolicy} (docs/gates.md). Gates fail closed, as TFMA's thresholds do: a
 * missing or NaN metric fails its gate; bounds are inclusive; with no champion the relative gates
 * fail unless the run is an explicit bootstrap.
 */
public final class GateJudge {
  /**
   * Bounds are inclusive; a difference such as 0.65 − 0.60 is 0.05000000000000004 in binary, so a
   * value within this tolerance of its bound counts as on it. Far below any meaningful metric
   * change.
   */
  static final double TOLERANCE = 1e-9;

  private final GatePolicy policy;

  public GateJudge(GatePolicy policy) {
    this.policy = policy;
  }

  public Verdict judge(GateInputs in, String challengerVersion, String challengerManifestSha256) {
    List<GateResult> gates = new ArrayList<>();
    gates.add(bound("absolute.min_recall", in.challenger(), "recall", policy.minRecall(), true));
    gates.add(bound("absolute.min_f1", in.challenger(), "f1", policy.minF1(), true));
    gates.add(bound("absolute.max_ece", in.challenger(), "ece", policy.maxEce(), false));
    gates.add(relative("relative.max_recall_drop", in, "recall", true, policy.maxRecallDrop()));
    gates.add(
        relative("relative.max_precision_drop", in, "precision", true, policy.maxPrecisionDrop()));
    gates.add(
        relative(
            "relative.max_false_alarm_days_increase",
            in,
            BinaryMetrics.FALSE_ALARM_DAYS,
            false,
            policy.maxFalseAlarmDaysIncrease()));
    gates.add(
        count(
            "data.min_resolved_rows",
            in.resolvedRows(),
            policy.minResolvedRows(),
            "resolved rows"));
    gates.add(
        count(
            "data.min_training_positives",
            in.trainingPositives(),
            policy.minPositives(),
            "positives in the training set"));
    gates.add(
        count(
            "data.min_validation_positives",
            in.validationPositives(),
            policy.minPositives(),
            "positives in the validation set"));
    gates.add(
        noProblems(
            "integrity.artifacts",
            "integrity",
            in.integrityProblems(),
            "every artifact matches its sha256, the model loads, outputs are probabilities, golden examples reproduce",
            ""));
    gates.add(
        noProblems(
            "lineage.complete",
            "lineage",
            in.missingLineage(),
            "every manifest field is present",
            "manifest fields missing: "));
    boolean passed = gates.stream().allMatch(GateResult::passed);
    return new Verdict(
        challengerVersion,
        challengerManifestSha256,
        in.championRef(),
        in.bootstrap(),
        passed,
        gates,
        null);
  }

  /** A gate that passes when its list of problems is empty, and otherwise names them all. */
  private static GateResult noProblems(
      String name, String category, List<String> problems, String whenNone, String prefix) {
    boolean none = problems.isEmpty();
    return new GateResult(
        name,
        category,
        (double) problems.size(),
        0.0,
        "==",
        none,
        none ? whenNone : prefix + String.join(prefix.isEmpty() ? "; " : ", ", problems));
  }

  private static Double metric(Map<String, Double> metrics, String key) {
    return metrics == null ? null : metrics.get(key);
  }

  private static boolean unusable(Double value) {
    return value == null || value.isNaN() || value.isInfinite();
  }

  /** An absolute bound on a challenger metric: a floor (≥) or a ceiling (≤), inclusive. */
  private static GateResult bound(
      String name, Map<String, Double> metrics, String key, double threshold, boolean floor) {
    Double value = metric(metrics, key);
    String comparison = floor ? ">=" : "<=";
    if (unusable(value)) {
      return new GateResult(
          name,
          "absolute",
          null,
          threshold,
          comparison,
          false,
          key
              + " is "
              + (value == null ? "missing" : "not a number")
              + " in the evaluation, so the gate fails closed"
              + (key.equals("recall") || key.equals("f1")
                  ? " (no positives, or no predicted positives, in the validation rows?)"
                  : ""));
    }
    boolean passed = floor ? value >= threshold - TOLERANCE : value <= threshold + TOLERANCE;
    String verb =
        floor
            ? (passed ? "meets the floor" : "is below the floor")
            : (passed ? "is within the limit" : "exceeds the limit");
    return new GateResult(
        name,
        "absolute",
        value,
        threshold,
        comparison,
        passed,
        String.format("%s %.4f %s %.4f", key, value, verb, threshold));
  }

  /**
   * A change against the champion; {@code dropIsWorse}: the limit is on how far the metric falls.
   */
  private GateResult relative(
      String name, GateInputs in, String key, boolean dropIsWorse, double limit) {
    if (in.champion() == null) {
      if (in.bootstrap()) {
        return relativeResult(
            name,
            null,
            limit,
            true,
            "no champion to compare with: passed only because this run is an explicit bootstrap (bootstrap: true)");
      }
      return relativeResult(
          name,
          null,
          limit,
          false,
          "no champion to compare with: a first model must be promoted as an explicit bootstrap (-Dmlops.training.bootstrap=true)");
    }
    Double challenger = metric(in.challenger(), key);
    Double champion = metric(in.champion(), key);
    if (unusable(challenger) || unusable(champion)) {
      return relativeResult(
          name,
          null,
          limit,
          false,
          key
              + " of the "
              + (unusable(challenger) ? "challenger" : "champion")
              + " is missing or not a number, so the gate fails closed");
    }
    double change = dropIsWorse ? champion - challenger : challenger - champion;
    boolean relativeMode = policy.relativeMode().equals("relative");
    if (relativeMode) {
      if (champion == 0) {
        boolean passed = change <= 0;
        return relativeResult(
            name,
            passed ? 0.0 : null,
            limit,
            passed,
            "champion "
                + key
                + " is 0, so a relative change is undefined"
                + (passed ? "; the challenger is not worse" : "; the challenger is worse"));
      }
      change = change / Math.abs(champion);
    }
    boolean passed = change <= limit + TOLERANCE;
    return relativeResult(
        name,
        change,
        limit,
        passed,
        String.format(
            "%s: challenger %.4f vs champion %.4f, %s %s %.4f (limit %.4f)",
            key,
            challenger,
            champion,
            dropIsWorse ? "drop" : "increase",
            relativeMode ? "(relative)" : "",
            change,
            limit));
  }

  private static GateResult relativeResult(
      String name, Double change, double limit, boolean passed, String message) {
    return new GateResult(name, "relative", change, limit, "<=", passed, message);
  }

  private static GateResult count(String name, long value, long threshold, String what) {
    boolean passed = value >= threshold;
    return new GateResult(
        name,
        "data",
        (double) value,
        (double) threshold,
        ">=",
        passed,
        String.format(
            "%,d %s (floor %,d)%s",
            value,
            what,
            threshold,
            passed
                ? ""
                : ": wait for more labels to mature, or lower the floor in .mlops/policy.yaml"));
  }
}
