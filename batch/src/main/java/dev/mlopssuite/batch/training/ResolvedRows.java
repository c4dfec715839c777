package dev.mlopssuite.batch.training;

import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.features.SnapshotFeatureReader;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainable rows of a snapshot: resolved rows only, with their point-in-time features (which
 * may draw on unresolved rows before them: features never use labels). Rows are in (entity, time)
 * order, so the same snapshot always gives the same arrays.
 */
public record ResolvedRows(
    double[][] features,
    int[] labels,
    String[] entities,
    long[] millis,
    long[] resolvedAtMillis,
    long unresolvedRows) {

  public static ResolvedRows read(
      DuckDbSession db,
      Path dataParquet,
      FeatureEngine engine,
      String entityColumn,
      String timeColumn,
      Progress progress)
      throws MlopsException {
    List<FeatureRow> resolved = new ArrayList<>();
    long[] unresolved = {0};
    new SnapshotFeatureReader(engine, entityColumn, timeColumn)
        .read(
            db,
            dataParquet,
            progress,
            row -> {
              if (row.label() == null) {
                unresolved[0]++; // history for the features of later rows, never a training example
              } else {
                resolved.add(row);
              }
            });
    int n = resolved.size();
    double[][] x = new double[n][];
    int[] y = new int[n];
    String[] entities = new String[n];
    long[] millis = new long[n];
    long[] resolvedAt = new long[n];
    for (int i = 0; i < n; i++) {
      FeatureRow row = resolved.get(i);
      x[i] = row.features();
      y[i] = row.label();
      entities[i] = row.entity();
      millis[i] = row.millis();
      resolvedAt[i] = row.resolvedAtMillis();
    }
    return new ResolvedRows(x, y, entities, millis, resolvedAt, unresolved[0]);
  }

  public int size() {
    return labels.length;
  }

  public ResolvedRows subset(int[] indices) {
    int n = indices.length;
    double[][] x = new double[n][];
    int[] y = new int[n];
    String[] e = new String[n];
    long[] t = new long[n];
    long[] r = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = features[indices[i]];
      y[i] = labels[indices[i]];
      e[i] = entities[indices[i]];
      t[i] = millis[indices[i]];
      r[i] = resolvedAtMillis[indices[i]];
    }
    return new ResolvedRows(x, y, e, t, r, 0);
  }

  public long positives() {
    long p = 0;
    for (int label : labels) {
      p += label;
    }
    return p;
  }
}
