package dev.mlopssuite.batch.features;

import dev.mlopssuite.batch.data.DataException;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.data.Sql;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.features.EntityFeatureState;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureRow;
import dev.mlopssuite.runtime.features.OutOfOrderRowException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;

/**
 * The batch side of the features: streams a snapshot's rows in (entity, time) order through one
 * {@link EntityFeatureState} per entity and hands every row, resolved or not, to a consumer (an
 * unresolved row is still history for the rows after it). Never holds more than one entity's
 * window.
 */
public final class SnapshotFeatureReader {
  private final FeatureEngine engine;
  private final String entityColumn;
  private final String timeColumn;

  public SnapshotFeatureReader(FeatureEngine engine, String entityColumn, String timeColumn) {
    this.engine = engine;
    this.entityColumn = entityColumn;
    this.timeColumn = timeColumn;
  }

  public long read(DuckDbSession db, Path dataParquet, Progress progress, Consumer<FeatureRow> sink)
      throws MlopsException {
    List<String> raw = engine.definition().rawColumns();
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(Sql.identifier(entityColumn))
            .append(", epoch_ms(")
            .append(Sql.identifier(timeColumn))
            .append(")");
    for (String column : raw) {
      sql.append(", ").append(Sql.identifier(column));
    }
    sql.append(", label, epoch_ms(label_resolved_at) FROM read_parquet(")
        .append(Sql.path(dataParquet))
        .append(") ORDER BY 1, 2");
    long total = db.queryLong("SELECT COUNT(*) FROM read_parquet(" + Sql.path(dataParquet) + ")");
    long rows = 0;
    try (Statement statement = db.connection().createStatement();
        ResultSet result = statement.executeQuery(sql.toString())) {
      String current = null;
      EntityFeatureState state = null;
      double[] values = new double[raw.size()];
      while (result.next()) {
        String entity = result.getString(1);
        long millis = result.getLong(2);
        if (!entity.equals(current)) {
          current = entity;
          state = engine.newState();
        }
        for (int i = 0; i < values.length; i++) {
          values[i] = result.getDouble(3 + i);
        }
        int label = result.getInt(3 + values.length);
        Integer boxedLabel = result.wasNull() ? null : label;
        long resolved = result.getLong(4 + values.length);
        Long boxedResolved = result.wasNull() ? null : resolved;
        double[] features;
        try {
          features = engine.update(state, millis, values);
        } catch (OutOfOrderRowException e) {
          throw new DataException(
              "snapshot " + dataParquet + ", entity " + entity + ": " + e.getMessage(), e);
        }
        sink.accept(new FeatureRow(entity, millis, features, boxedLabel, boxedResolved));
        if (++rows % 250_000 == 0) {
          progress.report("features", rows, total);
        }
      }
    } catch (SQLException e) {
      throw new DataException("cannot read " + dataParquet + ": " + e.getMessage(), e);
    }
    progress.report("features", rows, total);
    return rows;
  }
}
