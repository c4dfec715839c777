package dev.mlopssuite.sidecar.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.features.OutOfOrderRowException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Warms the online feature state from a CSV file of recent telemetry before a model is first served
 * (docs/scorer-sidecar.md, "Online features and warm-up"), so the first scores after a start see
 * the same windows the batch job would, rather than empty ones.
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

  /**
   * What a warm-up did.
   *
   * @param rowsRead data rows in the file
   * @param rowsKept rows now in the entities' windows (or forgotten by them as too old)
   * @param problems the first few skipped rows and why, for the log
   */
  public record Result(long rowsRead, long rowsKept, int entities, List<String> problems) {
    public long rowsSkipped() {
      return rowsRead - rowsKept;
    }
  }

  private TelemetryWarmUp() {}

  /**
   * Feeds every usable row of {@code csv} to {@code store} for {@code model}'s feature set.
   *
   * @throws IOException when the file cannot be read or its header lacks a needed column
   */
  public static Result warm(
      OnlineFeatureStore store,
      String model,
      FeatureSetDefinition definition,
      Path csv,
      String entityColumn,
      String timeColumn)
      throws IOException {
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<String[]> rows =
        mapper.readerFor(String[].class).readValues(csv.toFile())) {
      if (!rows.hasNext()) {
        throw new IOException(csv + " is empty: a warm-up file starts with a header row");
      }
      List<String> header = Arrays.asList(rows.next());
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
      while (rows.hasNext()) {
        String[] row = rows.next();
        read++;
        String problem = null;
        try {
          long millis = Instant.parse(cell(row, timeAt)).toEpochMilli();
          double[] raw = new double[rawAt.length];
          for (int c = 0; c < raw.length; c++) {
            raw[c] = Double.parseDouble(cell(row, rawAt[c]));
            if (!Double.isFinite(raw[c])) {
              throw new NumberFormatException(rawColumns.get(c) + " is " + raw[c]);
            }
          }
          String entity = cell(row, entityAt);
          if (entity.isEmpty()) {
            throw new IllegalArgumentException(entityColumn + " is empty");
          }
          store.warm(model, definition, entity, millis, raw);
          kept++;
        } catch (DateTimeParseException e) {
          problem = timeColumn + " is not an ISO-8601 instant: " + e.getParsedString();
        } catch (NumberFormatException e) {
          problem = "not a finite number: " + e.getMessage();
        } catch (OutOfOrderRowException | NonFiniteFeatureException e) {
          problem = e.getMessage();
        } catch (IllegalArgumentException e) {
          problem = e.getMessage();
        }
        if (problem != null && problems.size() < PROBLEMS_KEPT) {
          problems.add("row " + (read + 1) + ": " + problem);
        }
      }
      return new Result(read, kept, store.entities(model), List.copyOf(problems));
    } catch (JsonProcessingException e) {
      throw new IOException("cannot read " + csv + " as CSV: " + e.getOriginalMessage(), e);
    } catch (RuntimeJsonMappingException e) {
      throw new IOException("cannot read " + csv + " as CSV: " + e.getMessage(), e);
    }
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
              + "); name the columns in"
              + " features.warmUp or export them");
    }
    return at;
  }

  private static String cell(String[] row, int at) {
    if (at >= row.length) {
      throw new IllegalArgumentException(
          "the row has " + row.length + " cells, fewer than the header");
    }
    return row[at].trim();
  }
}
