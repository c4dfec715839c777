package dev.mlopssuite.sidecar.features;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.features.OutOfOrderRowException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Warms the online feature state from a CSV file of recent telemetry before a model is first served
 * (docs/scorer-sidecar.md, "Configuration", warm-up), so the first scores after a start see the
 * same windows the batch job would, rather than empty ones.
 *
 * <p>The file has a header naming the entity column, the time column (ISO-8601 instants, as the
 * batch job's telemetry) and at least the feature set's raw columns; other columns are ignored.
 * Rows are read in file order, one at a time (the file is never held in memory): an entity's rows
 * must come in increasing time, as the batch job's telemetry files are written. A row that cannot
 * be used (unreadable, out of order, or whose features are not finite) is skipped and counted,
 * never fatal: a warm-up can only make the state warmer.
 */
public final class TelemetryWarmUp {
  private static final int PROBLEMS_KEPT = 5;

  // Rows up to this much later than the sidecar's clock are another machine's clock, not the
  // future.
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /**
   * What a warm-up did.
   *
   * @param rowsRead data rows read (blank lines are not rows)
   * @param rowsKept rows now in the entities' windows (or forgotten by them as too old)
   * @param problems the first few skipped rows and why, by their line in the file, for the log
   * @param stoppedBy null when the whole file was read; else why reading stopped early (a malformed
   *     quote or bytes that are not UTF-8), the rows before it kept
   */
  public record Result(
      long rowsRead, long rowsKept, int entities, List<String> problems, String stoppedBy) {
    public long rowsSkipped() {
      return rowsRead - rowsKept;
    }

    /** One line for the log: counts, the first problems, where reading stopped if it did. */
    public String summary() {
      return String.format(
              "%d entities, %d of %d rows kept, %d skipped%s",
              entities,
              rowsKept,
              rowsRead,
              rowsSkipped(),
              problems.isEmpty() ? "" : " (first: " + problems + ")")
          + (stoppedBy == null ? "" : "; stopped early, the rest of the file unused: " + stoppedBy);
    }
  }

  private TelemetryWarmUp() {}

  /**
   * Feeds every usable row of {@code csv} to {@code store} for {@code model}'s feature set, as at
   * {@code now} (rows later than it, beyond a clock-skew tolerance, are skipped: a live reading
   * after them would be refused as out of order) and within {@code timeLimit} (the model is not
   * ready while it runs; past it the rest of the file is left unused).
   *
   * @throws IOException when the file cannot be opened, is empty, or its header lacks (or repeats)
   *     a needed column; nothing is warmed then
   */
  public static Result warm(
      OnlineFeatureStore store,
      String model,
      FeatureSetDefinition definition,
      Path csv,
      String entityColumn,
      String timeColumn,
      Instant now,
      Duration timeLimit)
      throws IOException {
    long latestMillis = now.plus(CLOCK_SKEW).toEpochMilli();
    long deadline = System.nanoTime() + timeLimit.toNanos();
    // No schema: each record is an array of strings. Blank lines are not records.
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    try (JsonParser parser = mapper.getFactory().createParser(csv.toFile())) {
      CsvRecord first;
      try {
        first = next(parser);
      } catch (JsonProcessingException e) {
        throw new IOException(
            "cannot read the header of " + csv + ": " + e.getOriginalMessage(), e);
      }
      if (first == null) {
        throw new IOException(csv + " is empty: a warm-up file starts with a header row");
      }
      List<String> header = first.cells().stream().map(String::trim).toList();
      int entityAt = column(header, entityColumn, csv);
      int timeAt = column(header, timeColumn, csv);
      List<String> rawColumns = definition.rawColumns();
      int[] rawAt = new int[rawColumns.size()];
      for (int c = 0; c < rawAt.length; c++) {
        rawAt[c] = column(header, rawColumns.get(c), csv);
      }
      long read = 0;
      long kept = 0;
      List<String> problems = new ArrayList<>();
      String stoppedBy = null;
      while (true) {
        if ((read & 1023) == 0 && (System.nanoTime() > deadline || Thread.interrupted())) {
          stoppedBy =
              "after "
                  + read
                  + " rows: the time limit of "
                  + timeLimit
                  + " was reached (or the sidecar is stopping); raise features.warmUp.timeLimit"
                  + " or export fewer rows";
          break;
        }
        CsvRecord record;
        try {
          record = next(parser);
        } catch (JsonProcessingException e) {
          // A malformed quote: nothing after it can be trusted.
          stoppedBy =
              "line "
                  + e.getLocation().getLineNr()
                  + ": unreadable from here: "
                  + e.getOriginalMessage();
          break;
        } catch (IOException e) {
          // Bytes that are not UTF-8 (CharConversionException), or the file failing under us.
          stoppedBy = "after " + read + " rows: unreadable from here: " + e.getMessage();
          break;
        }
        if (record == null) {
          break;
        }
        List<String> row = record.cells();
        read++;
        String problem = null;
        try {
          String time = cell(row, timeAt);
          long millis = Instant.parse(time).toEpochMilli();
          if (millis > latestMillis) {
            throw new IllegalArgumentException(
                timeColumn + " " + time + " is later than now (" + now + ")");
          }
          double[] raw = new double[rawAt.length];
          for (int c = 0; c < raw.length; c++) {
            raw[c] = number(rawColumns.get(c), cell(row, rawAt[c]));
          }
          String entity = cell(row, entityAt);
          if (entity.isEmpty()) {
            throw new IllegalArgumentException(entityColumn + " is empty");
          }
          store.warm(model, definition, entity, millis, raw);
          kept++;
        } catch (DateTimeParseException e) {
          problem = timeColumn + " is not an ISO-8601 instant: " + e.getParsedString();
        } catch (DateTimeException | ArithmeticException e) {
          problem = timeColumn + " is out of range: " + e.getMessage();
        } catch (OutOfOrderRowException | NonFiniteFeatureException | IllegalArgumentException e) {
          problem = e.getMessage();
        }
        if (problem != null && problems.size() < PROBLEMS_KEPT) {
          problems.add("line " + record.line() + ": " + problem);
        }
      }
      return new Result(read, kept, store.entities(model), List.copyOf(problems), stoppedBy);
    }
  }

  /**
   * One record of the file: its cells, and the line it starts on (a quoted cell may span lines).
   */
  private record CsvRecord(List<String> cells, long line) {}

  /** The next record, or null at the end of the file. */
  private static CsvRecord next(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      return null;
    }
    if (token != JsonToken.START_ARRAY) {
      throw new IOException("unexpected " + token + " in a CSV file");
    }
    List<String> cells = new ArrayList<>();
    long line = parser.currentTokenLocation().getLineNr();
    while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
      if (cells.isEmpty()) {
        line = parser.currentTokenLocation().getLineNr(); // the first cell's line is the record's
      }
      cells.add(parser.getText());
    }
    return new CsvRecord(cells, line);
  }

  // A plain decimal number, as the batch job reads telemetry: no hex floats, no 'f'/'d' suffixes.
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private static double number(String column, String text) {
    if (!DECIMAL.matcher(text).matches()) {
      throw new IllegalArgumentException(column + " is not a decimal number: " + text);
    }
    double value = Double.parseDouble(text);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(column + " is " + text + ", not a finite number");
    }
    return value;
  }

  private static int column(List<String> header, String name, Path csv) throws IOException {
    int at = header.indexOf(name);
    if (at < 0) {
      throw new IOException(
          csv
              + " has no column "
              + name
              + " (its header: "
              + header
              + "); name the columns in features.warmUp or export them");
    }
    if (header.lastIndexOf(name) != at) {
      throw new IOException(
          csv + " has the column " + name + " twice (its header: " + header + ")");
    }
    return at;
  }

  private static String cell(List<String> row, int at) {
    if (at >= row.size()) {
      throw new IllegalArgumentException(
          "the row has " + row.size() + " cells, fewer than the header");
    }
    return row.get(at).trim();
  }
}
