package dev.mlopssuite.batch.evaluation;

import dev.mlopssuite.batch.config.TrainingConfig;
import dev.mlopssuite.batch.gate.GatePolicy;
import dev.mlopssuite.batch.training.ResolvedRows;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.metrics.ScoredRows;
import dev.mlopssuite.runtime.run.RunVerification;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One verified model scored on the validation rows, raw and calibrated, and which of the two the
 * gates judge: the calibrated probability when it lowers the ECE by at least the policy's {@code
 * minEceImprovement} (relative), else the raw one (docs/calibration.md).
 *
 * @param calibratedUsed whether the gates, the threshold and the report use the calibrated
 *     probability
 */
record ScoredModel(
    double[] raw,
    double[] calibrated,
    BinaryMetrics rawMetrics,
    BinaryMetrics calibratedMetrics,
    String calibrationMethod,
    boolean calibratedUsed,
    String decision,
    long invalidProbabilities) {

  static ScoredModel score(
      RunVerification run, ResolvedRows rows, TrainingConfig training, GatePolicy policy) {
    double[] raw = run.model().probabilities(rows.features());
    double[] calibrated = run.calibrator().apply(raw);
    ScoredRows rawRows = new ScoredRows(raw, rows.labels(), rows.entities(), rows.millis());
    ScoredRows calibratedRows =
        new ScoredRows(calibrated, rows.labels(), rows.entities(), rows.millis());
    BinaryMetrics rawMetrics = metrics(rawRows, training);
    BinaryMetrics calibratedMetrics = metrics(calibratedRows, training);
    String method = run.calibrator().method();
    boolean use = false;
    String decision;
    if (method.equals("none")) {
      decision = "no calibrator (training.calibration: none): the raw probability is used";
    } else if (rawMetrics == null || calibratedMetrics == null) {
      decision = "probabilities outside [0, 1]: nothing to compare";
    } else {
      double needed = rawMetrics.ece() * (1 - policy.minEceImprovement());
      use = rawMetrics.ece() > 0 && calibratedMetrics.ece() <= needed;
      decision =
          String.format(
              java.util.Locale.ROOT,
              "%s calibration %s ECE %.4f → %.4f (%+.1f%%); the policy asks for at least %.1f%%"
                  + " less (minEceImprovement %.3f): the %s probability is used",
              method,
              use ? "lowers" : "changes",
              rawMetrics.ece(),
              calibratedMetrics.ece(),
              rawMetrics.ece() == 0
                  ? 0.0
                  : 100 * (calibratedMetrics.ece() - rawMetrics.ece()) / rawMetrics.ece(),
              100 * policy.minEceImprovement(),
              policy.minEceImprovement(),
              use ? "calibrated" : "raw");
    }
    return new ScoredModel(
        raw,
        calibrated,
        rawMetrics,
        calibratedMetrics,
        method,
        use,
        decision,
        Math.max(rawRows.invalidProbabilities(), calibratedRows.invalidProbabilities()));
  }

  private static BinaryMetrics metrics(ScoredRows rows, TrainingConfig training) {
    return rows.invalidProbabilities() == 0
        ? BinaryMetrics.of(rows, training.threshold(), training.eceBins())
        : null;
  }

  /** The metrics the gates judge. */
  BinaryMetrics metrics() {
    return calibratedUsed ? calibratedMetrics : rawMetrics;
  }

  /** The probabilities the gates judge, row by row. */
  double[] used() {
    return calibratedUsed ? calibrated : raw;
  }

  String usedName() {
    return calibratedUsed ? "calibrated" : "raw";
  }

  Map<String, Object> describe(String version) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", version);
    out.put("probability", usedName());
    out.put("calibration_method", calibrationMethod);
    out.put("calibration_decision", decision);
    out.put("metrics", metrics() == null ? Map.of() : metrics());
    out.put("raw_metrics", rawMetrics == null ? Map.of() : rawMetrics);
    out.put("calibrated_metrics", calibratedMetrics == null ? Map.of() : calibratedMetrics);
    return out;
  }
}
