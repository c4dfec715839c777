package dev.mlopssuite.runtime.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One row of the threshold table that a report shows for choosing a threshold: what the model would
 * catch and how many device-days it would call about at that threshold, with every metric as
 * docs/metrics.md states it (precision NaN when nothing is predicted positive).
 *
 * @param threshold a row is predicted positive when p ≥ threshold
 * @param operating this is the configured (operating) threshold
 * @param alertRows rows predicted positive
 * @param falsePositiveRows rows predicted positive with label 0
 * @param alertDaysPer1000EntityDays distinct (entity, UTC day) pairs with at least one alert, per
 *     1,000 such pairs
 * @param falseAlarmDaysPer1000EntityDays pairs with at least one false positive, per 1,000 pairs
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ThresholdRow(
    double threshold,
    boolean operating,
    double recall,
    double precision,
    long alertRows,
    long falsePositiveRows,
    @JsonProperty(ThresholdRow.ALERT_DAYS) double alertDaysPer1000EntityDays,
    @JsonProperty(BinaryMetrics.FALSE_ALARM_DAYS) double falseAlarmDaysPer1000EntityDays) {

  /** The JSON name of {@link #alertDaysPer1000EntityDays}. */
  public static final String ALERT_DAYS = "alert_days_per_1000_entity_days";

  /**
   * The thresholds every table shows; the operating threshold is added when it is not among them.
   * Denser below 0.1 because a calibrated probability of a rare event (2–3% of device-hours on the
   * example) rarely goes higher. Written as k / 100.0 so that each is the double nearest its
   * decimal (0.1 · 3 is 0.30000000000000004).
   */
  public static final List<Double> GRID =
      List.of(
          1 / 100.0,
          2 / 100.0,
          3 / 100.0,
          5 / 100.0,
          7 / 100.0,
          10 / 100.0,
          15 / 100.0,
          20 / 100.0,
          30 / 100.0,
          50 / 100.0,
          70 / 100.0,
          90 / 100.0);

  /** The table at {@link #GRID} and the operating threshold, ascending. */
  public static List<ThresholdRow> table(ScoredRows rows, double operatingThreshold) {
    return table(rows, EntityDays.of(rows), operatingThreshold);
  }

  static List<ThresholdRow> table(ScoredRows rows, EntityDays days, double operatingThreshold) {
    TreeSet<Double> thresholds = new TreeSet<>(GRID);
    thresholds.add(operatingThreshold);
    List<ThresholdRow> table = new ArrayList<>();
    for (double threshold : thresholds) {
      table.add(at(rows, days, threshold, threshold == operatingThreshold));
    }
    return List.copyOf(table);
  }

  static ThresholdRow at(ScoredRows rows, EntityDays days, double threshold, boolean operating) {
    double[] p = rows.probabilities();
    int[] y = rows.labels();
    long tp = 0;
    long fp = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] >= threshold) {
        if (y[i] == 1) {
          tp++;
        } else {
          fp++;
        }
      }
    }
    long positives = rows.positives();
    return new ThresholdRow(
        threshold,
        operating,
        positives == 0 ? Double.NaN : (double) tp / positives,
        tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp),
        tp + fp,
        fp,
        days.per1000(days.withAlert(threshold)),
        days.per1000(days.withFalseAlarm(threshold)));
  }
}
