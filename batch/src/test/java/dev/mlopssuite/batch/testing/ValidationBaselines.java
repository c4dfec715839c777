package dev.mlopssuite.batch.testing;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.snapshot.SnapshotManifest;
import dev.mlopssuite.batch.snapshot.SnapshotStore;
import dev.mlopssuite.batch.training.ResolvedRows;
import dev.mlopssuite.batch.training.RowSelection;
import dev.mlopssuite.batch.training.TrainResult;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.metrics.ScoredRows;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a trained model must beat, on exactly its validation rows (the matured ones the selection
 * rule chose): a constant predictor, and the best single-feature threshold rule (every feature, in
 * both directions, the best kept: a deliberately strong baseline).
 *
 * @param rows the validation rows
 * @param constantPrAuc PR-AUC of a constant score (the positive rate)
 * @param bestRulePrAuc PR-AUC of the best single-feature rule
 * @param bestRule which feature and direction that was
 */
public record ValidationBaselines(
    ResolvedRows rows, double constantPrAuc, double bestRulePrAuc, String bestRule) {

  public static ValidationBaselines of(LoadedConfig config, TrainResult run, Path spill)
      throws Exception {
    SnapshotStore store = new SnapshotStore(config.workDirectory().resolve("snapshots"));
    SnapshotManifest snapshot = store.resolve(run.manifest().snapshotId());
    ResolvedRows validation;
    try (DuckDbSession db = DuckDbSession.open(spill)) {
      ResolvedRows all =
          ResolvedRows.read(
              db,
              store.directory(snapshot.id()).resolve(SnapshotManifest.DATA_FILE),
              new FeatureEngine(run.manifest().featureDefinitions()),
              config.config().entityColumn(),
              config.config().timeColumn(),
              Progress.NONE);
      validation =
          all.subset(
              RowSelection.forSnapshot(all, snapshot, config.config().training()).validation());
    }
    double constant = prAuc(validation, new double[validation.size()]);
    List<String> names = run.manifest().featureNames();
    double best = 0;
    String bestName = "";
    for (int f = 0; f < names.size(); f++) {
      for (int sign : new int[] {1, -1}) {
        double[] raw = new double[validation.size()];
        for (int i = 0; i < raw.length; i++) {
          raw[i] = sign * validation.features()[i][f];
        }
        double score = prAuc(validation, rankScaled(raw));
        if (score > best) {
          best = score;
          bestName = (sign > 0 ? "high " : "low ") + names.get(f);
        }
      }
    }
    return new ValidationBaselines(validation, constant, best, bestName);
  }

  public static double prAuc(ResolvedRows rows, double[] scores) {
    return BinaryMetrics.of(
            new ScoredRows(scores, rows.labels(), rows.entities(), rows.millis()), 0.5, 15)
        .prAuc();
  }

  /** A threshold rule only needs an order: map the feature to (0, 1] by rank. */
  static double[] rankScaled(double[] values) {
    Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] out = new double[values.length];
    for (int r = 0; r < order.length; r++) {
      int i = order[r];
      // ties keep one value so they form one threshold
      out[i] =
          r > 0 && values[order[r - 1]] == values[i]
              ? out[order[r - 1]]
              : (r + 1.0) / values.length;
    }
    return out;
  }
}
