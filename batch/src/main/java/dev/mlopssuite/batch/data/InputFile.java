package dev.mlopssuite.batch.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A CSV or Parquet input, recognised by its extension.
 *
 * @param path the file
 * @param format how to read it
 */
public record InputFile(Path path, Format format) {
  public enum Format {
    CSV,
    PARQUET
  }

  public static InputFile of(Path path, String role) throws DataException {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    Format format;
    if (name.endsWith(".csv")) {
      format = Format.CSV;
    } else if (name.endsWith(".parquet")) {
      format = Format.PARQUET;
    } else {
      throw new DataException(
          role + " file '" + path + "' has an unknown format: name it *.csv or *.parquet");
    }
    if (!Files.isRegularFile(path)) {
      throw new DataException(
          role
              + " file '"
              + path
              + "' does not exist: run 'mvn mlops:simulate' or fix data."
              + role
              + " in mlops.yaml");
    }
    return new InputFile(path, format);
  }

  /**
   * Creates {@code view} over the file with its original columns plus {@code line}, the line (CSV,
   * header = line 1) or 1-based row number (Parquet) that rejected-row reports point at. CSV is
   * read as text so that a malformed value becomes a rejected row with a reason, not a failed read.
   */
  public void createSourceView(DuckDbSession db, String view) throws DataException {
    if (format == Format.CSV) {
      // A table keeps insertion order, so rowid is the file order (line = rowid + 2).
      db.execute(
          "CREATE OR REPLACE TEMP TABLE "
              + view
              + "_load AS SELECT * FROM read_csv("
              + Sql.path(path)
              + ", header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')");
      db.execute(
          "CREATE OR REPLACE TEMP VIEW "
              + view
              + " AS SELECT rowid + 2 AS line, * FROM "
              + view
              + "_load");
    } else {
      db.execute(
          "CREATE OR REPLACE TEMP VIEW "
              + view
              + " AS SELECT file_row_number + 1 AS line, * EXCLUDE (file_row_number) FROM read_parquet("
              + Sql.path(path)
              + ", file_row_number = true)");
    }
  }
}
