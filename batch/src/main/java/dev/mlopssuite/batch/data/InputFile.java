package dev.mlopssuite.batch.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A CSV or Parquet input, recognised by its extension.
 *
 * @param path the file
 * @param format how to read it
 */
public record InputFile(Path path, Format format) {
  /** The reason code of a CSV line that is not a row at all (wrong field count, broken quote). */
  public static final String MALFORMED_ROW = "malformed_row";

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

  /** The table {@link #createSourceView} fills with {@code line, reason} of malformed lines. */
  public static String malformedTable(String view) {
    return view + "_malformed";
  }

  /**
   * Creates {@code view} over the file with its original columns plus {@code line}, the line (CSV,
   * header = line 1) or 1-based row number (Parquet) that rejected-row reports point at, and the
   * table {@link #malformedTable} of lines that are not rows at all. CSV is read as text so that a
   * malformed value becomes a rejected row with a reason, not a failed read.
   */
  public void createSourceView(DuckDbSession db, String view) throws DataException {
    String malformed = malformedTable(view);
    if (format == Format.PARQUET) {
      db.execute(
          "CREATE OR REPLACE TEMP VIEW "
              + view
              + " AS SELECT file_row_number + 1 AS line, * EXCLUDE (file_row_number) FROM read_parquet("
              + Sql.path(path)
              + ", file_row_number = true)");
      db.execute(
          "CREATE OR REPLACE TEMP TABLE "
              + malformed
              + " (line BIGINT, span BIGINT, reason VARCHAR)");
      return;
    }
    List<String> header = header();
    String columns =
        header.stream()
            .map(name -> Sql.text(name) + ": 'VARCHAR'")
            .collect(Collectors.joining(", ", "{", "}"));
    String errors = view + "_errors";
    // The dialect is fixed and the header is read here, not sniffed: DuckDB's sniffer gives up on
    // exactly the files this must survive (one line with a stray quote or an extra field).
    // store_rejects skips each malformed line into the errors table instead of failing the read.
    try {
      db.execute(
          "CREATE OR REPLACE TEMP TABLE "
              + view
              + "_load AS SELECT * FROM read_csv("
              + Sql.path(path)
              + ", header = true, auto_detect = false, columns = "
              + columns
              + ", delim = ',', quote = '\"', escape = '\"', store_rejects = true,"
              + " rejects_table = "
              + Sql.text(errors)
              + ", rejects_scan = "
              + Sql.text(view + "_scans")
              + ")");
    } catch (DataException e) {
      throw unreadable(e);
    }
    // span: physical lines a malformed record took (an unclosed quote runs on over line ends).
    db.execute(
        "CREATE OR REPLACE TEMP TABLE "
            + malformed
            + " AS SELECT line, MAX(len(csv_line) - len(replace(csv_line, chr(10), '')) + 1) AS span,"
            + " FIRST("
            + reason(header.size())
            + " ORDER BY column_idx) AS reason FROM "
            + errors
            + " GROUP BY line");
    if (db.queryLong("SELECT COUNT(*) FROM " + malformed) == 0) {
      // A table keeps insertion order, so rowid is the file order (line = rowid + 2).
      db.execute(
          "CREATE OR REPLACE TEMP VIEW "
              + view
              + " AS SELECT rowid + 2 AS line, * FROM "
              + view
              + "_load");
      return;
    }
    // Rows after a malformed line sit further down the file than their rowid says: a malformed
    // record k was skipped after `before` good rows, and every row from there on moves down by its
    // span. Rare, so this slower path is only taken when some line was malformed.
    db.execute(
        "CREATE OR REPLACE TEMP TABLE "
            + view
            + "_shift AS SELECT line - 2 - COALESCE(SUM(span) OVER (ORDER BY line ROWS BETWEEN"
            + " UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before, span FROM "
            + malformed);
    db.execute(
        "CREATE OR REPLACE TEMP TABLE "
            + view
            + "_numbered AS SELECT l.rowid + 2 + COALESCE((SELECT SUM(s.span) FROM "
            + view
            + "_shift s WHERE s.before <= l.rowid), 0) AS line, l.* FROM "
            + view
            + "_load l ORDER BY l.rowid");
    db.execute("CREATE OR REPLACE TEMP VIEW " + view + " AS SELECT * FROM " + view + "_numbered");
  }

  private static String reason(int fields) {
    return "'"
        + MALFORMED_ROW
        + ": ' || CASE WHEN error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS') THEN"
        + " COALESCE(NULLIF(regexp_extract(error_message, 'Found: ([0-9]+)', 1), ''), 'a different"
        + " number of') || ' fields where the header has "
        + fields
        + "; write one value per column'"
        + " WHEN error_type = 'UNQUOTED VALUE' THEN 'a quoted value is not closed, or a quote"
        + " stands inside an unquoted value; quote the whole value and double any quote in it'"
        + " WHEN error_type = 'INVALID ENCODING' OR error_type = 'INVALID UNICODE' THEN 'not valid"
        + " UTF-8; save the file as UTF-8'"
        + " WHEN error_type = 'LINE SIZE OVER MAXIMUM' THEN 'the line is too long; check the"
        + " quoting' ELSE lower(error_type) END || ': ' || left(replace(csv_line, chr(10), '\\n'),"
        + " 200)";
  }

  /** Column names from the first line; quoted names may hold commas. */
  private List<String> header() throws DataException {
    String first;
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      first = reader.readLine();
    } catch (IOException e) {
      throw new DataException(
          "cannot read the first line of " + path + ": " + e.getMessage() + "; check the file", e);
    }
    if (first == null || first.isBlank()) {
      throw new DataException(
          "the CSV file "
              + path
              + " is empty: it needs a header line with the column names, then one row per line");
    }
    if (first.startsWith("\uFEFF")) {
      first = first.substring(1);
    }
    List<String> names = new ArrayList<>();
    StringBuilder name = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < first.length(); i++) {
      char c = first.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < first.length() && first.charAt(i + 1) == '"') {
          name.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        names.add(name.toString().trim());
        name.setLength(0);
      } else {
        name.append(c);
      }
    }
    names.add(name.toString().trim());
    if (quoted || names.contains("") || new LinkedHashSet<>(names).size() != names.size()) {
      throw new DataException(
          "the header line of "
              + path
              + " is not a list of distinct column names: '"
              + first
              + "'; write one name per column, separated by commas");
    }
    return names;
  }

  /** The engine's first line only: its full report (sniffer hints, SQL) means nothing to users. */
  private DataException unreadable(DataException e) {
    String cause = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
    String first = cause == null ? "" : cause.lines().findFirst().orElse("").trim();
    return new DataException(
        "the CSV file "
            + path
            + " cannot be read (expected UTF-8, comma-separated, a header line, '\"' quotes): "
            + (first.length() > 200 ? first.substring(0, 200) + " …" : first)
            + "; fix the file or convert it to Parquet",
        e);
  }
}
