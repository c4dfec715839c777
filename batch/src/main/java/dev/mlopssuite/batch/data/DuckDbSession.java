package dev.mlopssuite.batch.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An embedded, in-memory DuckDB database for one job (docs/snapshots.md: DuckDB is the default
 * engine). Timestamps are UTC throughout; large intermediate results spill to {@code
 * spillDirectory} instead of failing.
 */
public final class DuckDbSession implements AutoCloseable {
  private final Connection connection;

  private DuckDbSession(Connection connection) {
    this.connection = connection;
  }

  /** A session with DuckDB's own memory and thread defaults (80% of RAM, every core). */
  public static DuckDbSession open(Path spillDirectory) throws DataException {
    return start(spillDirectory, null);
  }

  /** A session limited to {@code resources} (mlops.yaml section {@code engine}). */
  public static DuckDbSession open(EngineResources resources) throws DataException {
    return start(resources.spillDirectory(), resources);
  }

  private static DuckDbSession start(Path spillDirectory, EngineResources resources)
      throws DataException {
    try {
      Files.createDirectories(spillDirectory);
    } catch (IOException e) {
      throw new DataException(
          "cannot create DuckDB's spill directory "
              + spillDirectory
              + ": "
              + e.getMessage()
              + "; set engine.spillDirectory to a writable directory",
          e);
    }
    try {
      Connection connection = DriverManager.getConnection("jdbc:duckdb:");
      DuckDbSession session = new DuckDbSession(connection);
      session.execute("SET TimeZone = 'UTC'");
      session.execute("SET temp_directory = " + Sql.path(spillDirectory));
      if (resources != null) {
        // KiB keeps the limit exact to a kibibyte without relying on a plain byte count's syntax.
        session.execute(
            "SET memory_limit = '" + Math.max(1, resources.memoryLimitBytes() >> 10) + "KiB'");
        session.execute("SET threads = " + resources.threads());
      }
      return session;
    } catch (SQLException e) {
      throw new DataException("cannot start the embedded DuckDB engine: " + e.getMessage(), e);
    }
  }

  /** The engine's current value of a setting, e.g. memory_limit; for checks and reports. */
  public String setting(String name) throws DataException {
    Object value = queryRows("SELECT current_setting(" + Sql.text(name) + ") AS v").get(0).get("v");
    return String.valueOf(value);
  }

  public Connection connection() {
    return connection;
  }

  public void execute(String sql) throws DataException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new DataException(e.getMessage() + "\n  while running: " + abbreviate(sql), e);
    }
  }

  public long queryLong(String sql) throws DataException {
    List<Map<String, Object>> rows = queryRows(sql);
    Object value = rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    return value == null ? 0 : ((Number) value).longValue();
  }

  /** Small result sets only (counts, schema): every row as a column-name → value map. */
  public List<Map<String, Object>> queryRows(String sql) throws DataException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new DataException(e.getMessage() + "\n  while running: " + abbreviate(sql), e);
    }
  }

  /** Column names and SQL types of a relation, in order. */
  public Map<String, String> columns(String relation) throws DataException {
    Map<String, String> columns = new LinkedHashMap<>();
    for (Map<String, Object> row : queryRows("DESCRIBE SELECT * FROM " + relation)) {
      columns.put(String.valueOf(row.get("column_name")), String.valueOf(row.get("column_type")));
    }
    return columns;
  }

  private static String abbreviate(String sql) {
    String flat = sql.replaceAll("\\s+", " ").trim();
    return flat.length() > 300 ? flat.substring(0, 300) + " …" : flat;
  }

  @Override
  public void close() throws DataException {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new DataException("cannot close DuckDB: " + e.getMessage(), e);
    }
  }
}
