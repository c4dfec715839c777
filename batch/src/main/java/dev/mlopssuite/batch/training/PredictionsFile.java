package dev.mlopssuite.batch.training;

import dev.mlopssuite.batch.data.DataException;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.data.Sql;
import java.nio.file.Path;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Every evaluated row with its probabilities, as Parquet (docs/formats.md, "Prediction files"), so
 * that anyone can recompute every metric with another tool: entity, ts (UTC), label,
 * raw_probability, calibrated_probability and, when a champion was scored, champion_probability.
 */
public final class PredictionsFile {
  private PredictionsFile() {}

  /**
   * @param champion the champion's probabilities for the same rows, or null
   */
  public static void write(
      DuckDbSession db,
      Path target,
      ResolvedRows rows,
      double[] raw,
      double[] calibrated,
      double[] champion)
      throws DataException {
    String table = "predictions_" + Math.abs(System.nanoTime());
    db.execute(
        "CREATE TEMP TABLE "
            + table
            + " (entity VARCHAR, ts_ms BIGINT, label INTEGER, raw_probability DOUBLE,"
            + " calibrated_probability DOUBLE"
            + (champion == null ? "" : ", champion_probability DOUBLE")
            + ")");
    try (DuckDBAppender appender =
        ((DuckDBConnection) db.connection()).createAppender("temp", "main", table)) {
      for (int i = 0; i < rows.size(); i++) {
        appender.beginRow();
        appender.append(rows.entities()[i]);
        appender.append(rows.millis()[i]);
        appender.append(rows.labels()[i]);
        appender.append(raw[i]);
        appender.append(calibrated[i]);
        if (champion != null) {
          appender.append(champion[i]);
        }
        appender.endRow();
      }
    } catch (SQLException e) {
      throw new DataException("cannot stage the predictions: " + e.getMessage(), e);
    }
    db.execute(
        "COPY (SELECT entity, epoch_ms(ts_ms) AS ts, label, raw_probability,"
            + " calibrated_probability"
            + (champion == null ? "" : ", champion_probability")
            + " FROM "
            + table
            + " ORDER BY entity, ts_ms) TO "
            + Sql.path(target)
            + " (FORMAT PARQUET)");
    db.execute("DROP TABLE " + table);
  }
}
