package dev.mlopssuite.runtime.metrics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of the positive class, exactly as docs/metrics.md states them, so that anyone can
 * recompute them with another tool. An undefined metric (precision with no predicted positive,
 * recall or AUC without positives) is NaN, never 0 or 1; a gate that needs it fails. In JSON, NaN
 * is written as the string "NaN".
 *
 * <p>Alerts are counted in device-days, not rows: {@code falsePositives} is the row count, {@code
 * falseAlarmDaysPer1000EntityDays} the distinct (entity, UTC day) pairs with at least one false
 * positive per 1,000 pairs (see {@link EntityDays}). {@code thresholds} is the table for choosing a
 * threshold ({@link ThresholdRow}).
 *
 * @param prCurveForPlots the precision–recall curve thinned less ({@value #MAX_PLOT_CURVE_POINTS}
 *     points) for drawing it step-wise; not written to JSON, where {@code prCurve} suffices
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BinaryMetrics(
    long rows,
    long positives,
    long negatives,
    double threshold,
    long truePositives,
    long falsePositives,
    long trueNegatives,
    long falseNegatives,
    double recall,
    double precision,
    double f1,
    long entityDays,
    long falseAlarmDays,
    @JsonProperty(BinaryMetrics.FALSE_ALARM_DAYS) double falseAlarmDaysPer1000EntityDays,
    double rocAuc,
    double prAuc,
    double brier,
    double ece,
    int eceBins,
    List<CalibrationBin> calibration,
    List<CurvePoint> rocCurve,
    List<CurvePoint> prCurve,
    List<ThresholdRow> thresholds,
    @JsonIgnore List<CurvePoint> prCurveForPlots) {

  /**
   * The one name of the false-alarm burden: JSON field, the key gates look it up by, report and
   * docs (docs/metrics.md).
   */
  public static final String FALSE_ALARM_DAYS = "false_alarm_days_per_1000_entity_days";

  /**
   * Curves are for plots and reports: kept to this many points (AP is computed on the full curve).
   */
  static final int MAX_CURVE_POINTS = 200;

  /**
   * Points of the plotted precision–recall curve: a step plot of a few thousand validation
   * thresholds stays faithful to average precision at this density, and the SVG stays small.
   */
  public static final int MAX_PLOT_CURVE_POINTS = 2000;

  /** One equal-width probability bin: [lower, upper), the last closed at 1. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CalibrationBin(
      double lower, double upper, long count, double meanPredicted, double observedRate) {}

  /** A curve point: (x, y) = (false-positive rate, recall) on ROC, (recall, precision) on PR. */
  public record CurvePoint(double x, double y, double threshold) {}

  public static BinaryMetrics of(ScoredRows rows, double threshold, int eceBins) {
    if (rows.invalidProbabilities() > 0) {
      throw new IllegalArgumentException(
          rows.invalidProbabilities() + " probabilities are NaN or outside [0, 1]");
    }
    double[] p = rows.probabilities();
    int[] y = rows.labels();
    int n = p.length;
    long positives = rows.positives();
    long negatives = n - positives;
    long tp = 0;
    long fp = 0;
    double brier = 0;
    for (int i = 0; i < n; i++) {
      boolean predicted = p[i] >= threshold;
      if (predicted && y[i] == 1) {
        tp++;
      } else if (predicted) {
        fp++;
      }
      brier += (p[i] - y[i]) * (p[i] - y[i]);
    }
    long fn = positives - tp;
    long tn = negatives - fp;
    double recall = positives == 0 ? Double.NaN : (double) tp / positives;
    double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
    double f1 =
        Double.isNaN(recall) || Double.isNaN(precision)
            ? Double.NaN
            : precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
    EntityDays entityDays = EntityDays.of(rows);
    long falseAlarmDays = entityDays.withFalseAlarm(threshold);

    Integer[] order = descending(p);
    List<CurvePoint> roc = new ArrayList<>();
    List<CurvePoint> pr = new ArrayList<>();
    double ap = averagePrecisionAndCurves(p, y, order, positives, negatives, roc, pr);
    List<CalibrationBin> calibration = calibration(p, y, eceBins);
    double ece = 0;
    for (CalibrationBin bin : calibration) {
      if (bin.count() > 0) {
        ece += (double) bin.count() / n * Math.abs(bin.observedRate() - bin.meanPredicted());
      }
    }
    return new BinaryMetrics(
        n,
        positives,
        negatives,
        threshold,
        tp,
        fp,
        tn,
        fn,
        recall,
        precision,
        f1,
        entityDays.count(),
        falseAlarmDays,
        entityDays.per1000(falseAlarmDays),
        rocAuc(p, y, positives, negatives),
        ap,
        n == 0 ? Double.NaN : brier / n,
        n == 0 ? Double.NaN : ece,
        eceBins,
        calibration,
        thinned(roc, MAX_CURVE_POINTS),
        thinned(pr, MAX_CURVE_POINTS),
        ThresholdRow.table(rows, entityDays, threshold),
        thinned(pr, MAX_PLOT_CURVE_POINTS));
  }

  /** The values gates look up, by their stable keys. */
  @JsonIgnore
  public Map<String, Double> asMap() {
    Map<String, Double> map = new LinkedHashMap<>();
    map.put("recall", recall);
    map.put("precision", precision);
    map.put("f1", f1);
    map.put(FALSE_ALARM_DAYS, falseAlarmDaysPer1000EntityDays);
    map.put("roc_auc", rocAuc);
    map.put("pr_auc", prAuc);
    map.put("brier", brier);
    map.put("ece", ece);
    return map;
  }

  private static Integer[] descending(double[] p) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]).reversed());
    return order;
  }

  /**
   * Mann–Whitney: P(score of a random positive > a random negative), ties counting ½; equal to
   * scikit-learn's roc_auc_score. Ties share their average rank.
   */
  private static double rocAuc(double[] p, int[] y, long positives, long negatives) {
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    int n = p.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]));
    double positiveRankSum = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      while (end + 1 < n && p[order[end + 1]] == p[order[start]]) {
        end++;
      }
      double averageRank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        if (y[order[k]] == 1) {
          positiveRankSum += averageRank;
        }
      }
      start = end + 1;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * Average precision Σ (Rₙ − Rₙ₋₁) Pₙ over distinct thresholds, highest first (scikit-learn's
   * average_precision_score; not the trapezoid, which over-states it). Fills the curves on the way.
   */
  private static double averagePrecisionAndCurves(
      double[] p,
      int[] y,
      Integer[] order,
      long positives,
      long negatives,
      List<CurvePoint> roc,
      List<CurvePoint> pr) {
    roc.add(new CurvePoint(0, 0, Double.POSITIVE_INFINITY));
    double ap = 0;
    double previousRecall = 0;
    long tp = 0;
    long fp = 0;
    for (int start = 0; start < order.length; ) {
      int end = start;
      while (end + 1 < order.length && p[order[end + 1]] == p[order[start]]) {
        end++;
      }
      for (int k = start; k <= end; k++) {
        if (y[order[k]] == 1) {
          tp++;
        } else {
          fp++;
        }
      }
      double threshold = p[order[start]];
      double recall = positives == 0 ? Double.NaN : (double) tp / positives;
      double precision = (double) tp / (tp + fp);
      roc.add(
          new CurvePoint(negatives == 0 ? Double.NaN : (double) fp / negatives, recall, threshold));
      pr.add(new CurvePoint(recall, precision, threshold));
      if (positives > 0) {
        ap += (recall - previousRecall) * precision;
        previousRecall = recall;
      }
      start = end + 1;
    }
    return positives == 0 ? Double.NaN : ap;
  }

  /** Evenly spaced points of the curve, always keeping the first and the last. */
  static List<CurvePoint> thinned(List<CurvePoint> curve, int maxPoints) {
    if (curve.size() <= maxPoints) {
      return List.copyOf(curve);
    }
    List<CurvePoint> out = new ArrayList<>();
    double step = (curve.size() - 1) / (double) (maxPoints - 1);
    for (int k = 0; k < maxPoints; k++) {
      out.add(curve.get((int) Math.round(k * step)));
    }
    return List.copyOf(out);
  }

  private static List<CalibrationBin> calibration(double[] p, int[] y, int bins) {
    long[] count = new long[bins];
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    for (int i = 0; i < p.length; i++) {
      int bin =
          Math.min(
              bins - 1, (int) Math.floor(p[i] * bins)); // [k/B, (k+1)/B), p = 1 in the last bin
      count[bin]++;
      sumP[bin] += p[i];
      sumY[bin] += y[i];
    }
    List<CalibrationBin> out = new ArrayList<>();
    for (int k = 0; k < bins; k++) {
      out.add(
          new CalibrationBin(
              (double) k / bins,
              (double) (k + 1) / bins,
              count[k],
              count[k] == 0 ? Double.NaN : sumP[k] / count[k],
              count[k] == 0 ? Double.NaN : sumY[k] / count[k]));
    }
    return out;
  }
}
