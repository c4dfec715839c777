package dev.mlopssuite.batch.evaluation;

import dev.mlopssuite.runtime.run.TrainingManifest;
import java.util.Locale;
import java.util.Map;

/**
 * The report sections on which rows were judged (docs/selection-rule.md) and on calibration
 * (docs/calibration.md): ECE and Brier before and after, and which probability the gates used.
 */
final class CalibrationReport {
  private CalibrationReport() {}

  static String markdown(ScoredModel challenger, TrainingManifest.Split split) {
    StringBuilder md = new StringBuilder();
    md.append("\n### Rows (matured windows only)\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "Training %,d rows (%,d positive); calibration %,d (%,d positive)%s; validation"
                    + " %,d (%,d positive) from %s.%n",
                split.trainingRows(),
                split.trainingPositives(),
                split.calibrationRows(),
                split.calibrationPositives(),
                split.calibrationFrom() == null ? "" : " from " + split.calibrationFrom(),
                split.validationRows(),
                split.validationPositives(),
                split.validationFrom()));
    md.append("\n| left out | rows |\n|---|---:|\n");
    md.append(String.format(Locale.ROOT, "| unresolved | %,d |%n", split.unresolvedRows()));
    Map<String, Long> excluded = split.excludedRows() == null ? Map.of() : split.excludedRows();
    excluded.forEach(
        (reason, count) ->
            md.append(
                String.format(Locale.ROOT, "| %s | %,d |%n", reason.replace('_', ' '), count)));
    if (challenger == null || challenger.rawMetrics() == null) {
      return md.toString();
    }
    md.append("\n### Calibration\n\n| | raw | calibrated |\n|---|---:|---:|\n");
    md.append(
        String.format(
            Locale.ROOT,
            "| ECE | %.4f | %s |%n| Brier | %.4f | %s |%n",
            challenger.rawMetrics().ece(),
            challenger.calibratedMetrics() == null
                ? "–"
                : String.format(Locale.ROOT, "%.4f", challenger.calibratedMetrics().ece()),
            challenger.rawMetrics().brier(),
            challenger.calibratedMetrics() == null
                ? "–"
                : String.format(Locale.ROOT, "%.4f", challenger.calibratedMetrics().brier())));
    md.append("\n")
        .append(challenger.decision())
        .append(". Reliability diagram: `reliability.svg`.\n");
    return md.toString();
  }
}
