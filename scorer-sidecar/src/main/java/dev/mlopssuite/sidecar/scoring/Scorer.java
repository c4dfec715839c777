package dev.mlopssuite.sidecar.scoring;

import dev.mlopssuite.sidecar.log.FeatureValues;
import dev.mlopssuite.sidecar.log.NumberText;
import dev.mlopssuite.sidecar.log.PredictionRecord;
import dev.mlopssuite.sidecar.model.ServedModel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores with a served model and makes each prediction's record (docs/scorer-sidecar.md, "Endpoints
 * and metrics"): the raw probability, the served one (calibrated when the verdict chose it), the
 * risk flag at the model's threshold, and the version's lineage. Knows nothing of HTTP: the handler
 * validates requests and answers, this decides what a prediction is.
 */
public final class Scorer {
  /**
   * What a version's rows need, derived once per version rather than once per request.
   *
   * @param featureNames the features in metadata order
   * @param rawColumns the raw readings they are derived from, in the engine's order
   * @param column for each feature, its column in the model's rows
   */
  private record Layout(
      ServedModel served,
      List<String> featureNames,
      List<String> rawColumns,
      int[] column,
      FeatureValues.Keys rowKeys) {}

  // One entry: the common case is one model, swapped rarely; with several it is derived again.
  private volatile Layout last;

  /**
   * The version's features in metadata order ({@code served.features().featureNames()}), held
   * rather than derived again: a request reads them.
   */
  public List<String> featureNames(ServedModel served) {
    return layout(served).featureNames();
  }

  /**
   * The raw readings the version's features are derived from ({@code
   * served.features().rawColumns()}), held as {@link #featureNames} is.
   */
  public List<String> rawColumns(ServedModel served) {
    return layout(served).rawColumns();
  }

  /**
   * For each feature in metadata order ({@link #featureNames}), its column in the rows {@link
   * #score} takes (the model's feature order).
   */
  public int[] columns(ServedModel served) {
    return layout(served).column().clone();
  }

  /**
   * Scores a batch of rows in the model's feature order. The rows are kept by the records, not
   * copied: the caller must not change them afterwards.
   *
   * @param requestId the request's id; rows of a batch get {@code requestId#i}
   * @param entity the entity the rows belong to, or null
   * @throws NonFiniteScoreException when a row's score is not finite; nothing is scored
   */
  public PredictionRecord[] score(
      ServedModel served, double[][] rows, String requestId, String entity, Instant now)
      throws NonFiniteScoreException {
    return score(served, rows, null, requestId, entity, now);
  }

  /**
   * As {@link #score(ServedModel, double[][], String, String, Instant)}, with the text the rows'
   * values were read from (same rows and columns), which the prediction log copies; or null.
   */
  public PredictionRecord[] score(
      ServedModel served,
      double[][] rows,
      NumberText text,
      String requestId,
      String entity,
      Instant now)
      throws NonFiniteScoreException {
    int n = rows.length;
    double[] raw =
        n == 1
            ? new double[] {served.riskModel().probability(rows[0])}
            : served.riskModel().probabilities(rows);
    // A score that is not a number is refused before anything uses it: calibration, the risk flag
    // and the log all assume one (an isotonic calibration cannot place NaN at all).
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(raw[i])) {
        throw new NonFiniteScoreException("for row " + i, raw[i]);
      }
    }
    FeatureValues.Keys keys = layout(served).rowKeys();
    PredictionRecord[] records = new PredictionRecord[n];
    for (int i = 0; i < n; i++) {
      records[i] =
          record(
              served,
              n == 1 ? requestId : requestId + "#" + i,
              entity,
              now,
              now,
              FeatureValues.of(keys, rows[i], text, i),
              raw[i]);
    }
    return records;
  }

  /**
   * Scores one entity's reading: {@code features} (metadata order) were derived from {@code
   * readings} (the raw columns' order); the record keeps both, by name.
   *
   * @throws NonFiniteScoreException when the score is not finite
   */
  public PredictionRecord scoreReading(
      ServedModel served,
      String requestId,
      String entity,
      Instant eventTime,
      double[] readings,
      double[] features,
      Instant now)
      throws NonFiniteScoreException {
    Layout layout = layout(served);
    int[] column = layout.column();
    double[] row = new double[features.length];
    for (int f = 0; f < features.length; f++) {
      row[column[f]] = features[f];
    }
    List<String> rawColumns = layout.rawColumns();
    List<String> featureNames = layout.featureNames();
    Map<String, Double> used = new LinkedHashMap<>((readings.length + features.length) * 2);
    for (int c = 0; c < readings.length; c++) {
      used.put(rawColumns.get(c), readings[c]);
    }
    for (int f = 0; f < features.length; f++) {
      used.put(featureNames.get(f), features[f]);
    }
    double raw = served.riskModel().probability(row);
    if (!Double.isFinite(raw)) {
      throw new NonFiniteScoreException("for this reading", raw);
    }
    return record(served, requestId, entity, eventTime, now, used, raw);
  }

  private static PredictionRecord record(
      ServedModel served,
      String requestId,
      String entity,
      Instant eventTime,
      Instant scoredAt,
      Map<String, Double> features,
      double raw) {
    double probability = served.served(raw);
    return new PredictionRecord(
        requestId,
        entity,
        eventTime,
        scoredAt,
        features,
        raw,
        probability,
        probability >= served.threshold(),
        served.threshold(),
        served.model(),
        served.version(),
        served.manifestSha256(),
        served.trainingRun(),
        served.snapshotId(),
        served.featureVersion(),
        served.commit());
  }

  private Layout layout(ServedModel served) {
    Layout layout = last;
    if (layout != null && layout.served() == served) {
      return layout;
    }
    List<String> featureNames = served.features().featureNames();
    List<String> modelOrder = served.riskModel().featureNames();
    int[] column = new int[featureNames.size()];
    for (int f = 0; f < column.length; f++) {
      column[f] = modelOrder.indexOf(featureNames.get(f));
      if (column[f] < 0) {
        // The run verifier refuses such a run; a served model cannot get here.
        throw new IllegalStateException(
            "feature " + featureNames.get(f) + " is not among the model's " + modelOrder);
      }
    }
    layout =
        new Layout(
            served,
            featureNames,
            served.features().rawColumns(),
            column,
            FeatureValues.Keys.of(modelOrder));
    last = layout;
    return layout;
  }
}
