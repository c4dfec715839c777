package dev.mlopssuite.batch.evaluation;

import dev.mlopssuite.batch.gate.GateResult;
import dev.mlopssuite.batch.gate.Verdict;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.metrics.ThresholdRow;
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
              "- Validation rows: %,d (%,d positive), threshold %.3f, %d ECE bins%n"
                  + "- Challenger false positives at the threshold: %,d rows, on %,d of %,d"
                  + " entity-days%n%n",
              challenger.rows(),
              challenger.positives(),
              challenger.threshold(),
              challenger.eceBins(),
              challenger.falsePositives(),
              challenger.falseAlarmDays(),
              challenger.entityDays()));
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
      thresholdTable(md, challenger);
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

  /**
   * The challenger at several thresholds, for choosing one: what it would catch against how many
   * device-days it would call about (docs/metrics.md).
   */
  private static void thresholdTable(StringBuilder md, BinaryMetrics challenger) {
    md.append("\n### Threshold table (challenger)\n\n")
        .append("A row alerts when p ≥ threshold. Alert days and false-alarm days count the")
        .append(" distinct (entity, UTC day) pairs with at least one alert, or at least one false")
        .append(" positive, per 1,000 such pairs (at most 1,000). The operating threshold is")
        .append(" marked.\n\n")
        .append("| threshold | recall | precision | alert days / 1,000 entity-days")
        .append(" | false-alarm days / 1,000 entity-days | false-positive rows |\n")
        .append("|---:|---:|---:|---:|---:|---:|\n");
    for (ThresholdRow row : challenger.thresholds()) {
      String threshold = String.format(Locale.ROOT, "%.3f", row.threshold());
      md.append("| ")
          .append(row.operating() ? "**" + threshold + " (operating)**" : threshold)
          .append(" | ")
          .append(format(row.recall(), "%.3f"))
          .append(" | ")
          .append(format(row.precision(), "%.3f"))
          .append(" | ")
          .append(format(row.alertDaysPer1000EntityDays(), "%.1f"))
          .append(" | ")
          .append(format(row.falseAlarmDaysPer1000EntityDays(), "%.1f"))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%,d", row.falsePositiveRows()))
          .append(" |\n");
    }
  }

  private static String format(double value, String pattern) {
    return Double.isNaN(value) ? "undefined" : String.format(Locale.ROOT, pattern, value);
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
