package dev.mlopssuite.batch.evaluation;

import dev.mlopssuite.batch.gate.GateResult;
import dev.mlopssuite.batch.gate.Verdict;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluation.md}: champion vs challenger and every gate, written to be a pull-request body.
 */
final class EvaluationReport {
  private static final List<String[]> ROWS =
      List.of(
          new String[] {"recall", "Recall"},
          new String[] {"precision", "Precision"},
          new String[] {"f1", "F1"},
          new String[] {
            BinaryMetrics.FALSE_ALARM_DAYS,
            "False-alarm days / 1,000 entity-days (`" + BinaryMetrics.FALSE_ALARM_DAYS + "`)"
          },
          new String[] {"roc_auc", "ROC-AUC"},
          new String[] {"pr_auc", "PR-AUC (average precision)"},
          new String[] {"brier", "Brier score"},
          new String[] {"ece", "ECE"});

  private EvaluationReport() {}

  static String markdown(
      String model,
      Verdict verdict,
      BinaryMetrics challenger,
      BinaryMetrics champion,
      String snapshotId,
      String featureVersion) {
    StringBuilder md = new StringBuilder();
    md.append("## ")
        .append(model)
        .append(" ")
        .append(verdict.challengerVersion())
        .append(": ")
        .append(
            verdict.passed() ? "all gates passed" : verdict.failures().size() + " gate(s) failed")
        .append("\n\n");
    md.append("- Snapshot: `")
        .append(snapshotId)
        .append("`, feature version `")
        .append(featureVersion)
        .append("`\n");
    md.append("- Challenger manifest sha256: `")
        .append(verdict.challengerManifestSha256())
        .append("`\n");
    md.append("- Champion: ")
        .append(
            verdict.champion() == null
                ? "none"
                : "`"
                    + verdict.champion().version()
                    + "` (manifest sha256 `"
                    + verdict.champion().manifestSha256()
                    + "`)")
        .append(
            verdict.bootstrap()
                ? " — **bootstrap run**: relative gates waived, needs the extra approval the policy names"
                : "")
        .append("\n");
    if (challenger != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "- Validation rows: %,d (%,d positive), threshold %.3f, %d ECE bins%n%n",
              challenger.rows(),
              challenger.positives(),
              challenger.threshold(),
              challenger.eceBins()));
      md.append("| metric | champion | challenger | change |\n|---|---:|---:|---:|\n");
      Map<String, Double> ch = challenger.asMap();
      Map<String, Double> cp = champion == null ? Map.of() : champion.asMap();
      for (String[] row : ROWS) {
        Double a = cp.get(row[0]);
        Double b = ch.get(row[0]);
        md.append("| ")
            .append(row[1])
            .append(" | ")
            .append(format(a))
            .append(" | ")
            .append(format(b))
            .append(" | ")
            .append(a == null || b == null ? "–" : String.format(Locale.ROOT, "%+.4f", b - a))
            .append(" |\n");
      }
    }
    md.append(
        "\n### Gates\n\n| gate | value | threshold | result | why |\n|---|---:|---:|:---:|---|\n");
    for (GateResult gate : verdict.gates()) {
      md.append("| `")
          .append(gate.name())
          .append("` | ")
          .append(format(gate.value()))
          .append(" | ")
          .append(gate.comparison())
          .append(' ')
          .append(format(gate.threshold()))
          .append(" | ")
          .append(gate.passed() ? "pass" : "**FAIL**")
          .append(" | ")
          .append(gate.message().replace("|", "\\|"))
          .append(" |\n");
    }
    md.append("\nPlots: `roc.svg`, `pr.svg`, `calibration.svg`.\n");
    return md.toString();
  }

  private static String format(Double value) {
    if (value == null) {
      return "–";
    }
    if (value.isNaN()) {
      return "undefined";
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
