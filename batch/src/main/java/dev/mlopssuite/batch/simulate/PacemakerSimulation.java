package dev.mlopssuite.batch.simulate;

import dev.mlopssuite.batch.config.SimulatorSettings;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.data.Sql;
import dev.mlopssuite.batch.publish.StagedDirectory;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.lineage.Sha256;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code mlops:simulate}: deterministic pacemaker telemetry and failure events, the bundled
 * example's data. The same settings always give byte-identical files. Telemetry is written as CSV
 * or, when the target ends in {@code .parquet}, as Parquet; outcomes always as CSV. Files are
 * written under temporary names and renamed into place, so a crash leaves no half file.
 */
public final class PacemakerSimulation {
  public static final String TELEMETRY_HEADER =
      "device_id,ts,battery_voltage,lead_impedance,pacing_threshold,sensing_amplitude,heart_rate,device_temp";
  public static final String OUTCOMES_HEADER =
      "device_id,failure_ts,confirmed_at,failure_mode,source";
  private static final int[] DECIMALS = {3, 1, 3, 2, 1, 2};
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

  private final SimulatorSettings settings;
  private final Path telemetry;
  private final Path outcomes;
  private final Progress progress;

  public PacemakerSimulation(
      SimulatorSettings settings, Path telemetry, Path outcomes, Progress progress) {
    this.settings = settings;
    this.telemetry = telemetry;
    this.outcomes = outcomes;
    this.progress = progress;
  }

  public SimulationResult call() throws MlopsException {
    boolean parquet =
        telemetry.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    Path telemetryCsv =
        telemetry.resolveSibling(telemetry.getFileName() + (parquet ? ".csv.partial" : ".partial"));
    Path outcomesPartial = outcomes.resolveSibling(outcomes.getFileName() + ".partial");
    try {
      Files.createDirectories(telemetry.toAbsolutePath().getParent());
      Files.createDirectories(outcomes.toAbsolutePath().getParent());
      long steps = settings.stepsPerDevice();
      long cadence = settings.cadence().toSeconds();
      String[] timestamps = new String[(int) steps];
      for (int s = 0; s < steps; s++) {
        timestamps[s] = ISO.format(settings.start().plusSeconds(s * cadence));
      }
      int failureCount = 0;
      long precursorRows = 0;
      double[] values = new double[6];
      StringBuilder line = new StringBuilder(128);
      try (Writer out =
              new BufferedWriter(
                  Files.newBufferedWriter(telemetryCsv, StandardCharsets.UTF_8), 1 << 20);
          Writer events = Files.newBufferedWriter(outcomesPartial, StandardCharsets.UTF_8)) {
        out.write(TELEMETRY_HEADER);
        out.write('\n');
        events.write(OUTCOMES_HEADER);
        events.write('\n');
        long period = steps * cadence;
        int reportEvery = Math.max(1, settings.devices() / 20);
        for (int d = 0; d < settings.devices(); d++) {
          String device = String.format(Locale.ROOT, "PM-%05d", d + 1);
          DeviceLife life = new DeviceLife(settings, d, period);
          for (int s = 0; s < steps; s++) {
            long second = s * cadence;
            life.readings(second, values);
            line.setLength(0);
            line.append(device).append(',').append(timestamps[s]);
            for (int v = 0; v < values.length; v++) {
              line.append(',');
              appendFixed(line, values[v], DECIMALS[v]);
            }
            line.append('\n');
            out.append(line);
            if (life.inPrecursor(second)) {
              precursorRows++;
            }
          }
          List<String> deviceEvents = new ArrayList<>();
          for (DeviceLife.Failure failure : life.failures()) {
            Instant at = settings.start().plusSeconds(failure.atSecond());
            deviceEvents.add(
                device
                    + ","
                    + ISO.format(at)
                    + ","
                    + ISO.format(at.plusSeconds(failure.confirmationDelaySeconds()))
                    + ","
                    + failure.mode().label()
                    + ",simulator_outcome\n");
          }
          for (String event : deviceEvents) {
            events.write(event);
          }
          failureCount += deviceEvents.size();
          if ((d + 1) % reportEvery == 0 || d + 1 == settings.devices()) {
            progress.report("simulate", (long) (d + 1) * steps, settings.rows());
          }
        }
      }
      if (parquet) {
        writeParquet(telemetryCsv, telemetry);
      } else {
        Files.move(
            telemetryCsv,
            telemetry,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(
          outcomesPartial,
          outcomes,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return new SimulationResult(
          telemetry,
          Sha256.ofFile(telemetry),
          outcomes,
          Sha256.ofFile(outcomes),
          settings.rows(),
          settings.devices(),
          failureCount,
          precursorRows);
    } catch (IOException e) {
      throw new SimulationException(
          "cannot write the simulated data to " + telemetry.getParent() + ": " + e.getMessage(), e);
    } finally {
      StagedDirectory.deleteRecursively(telemetryCsv);
      StagedDirectory.deleteRecursively(outcomesPartial);
    }
  }

  /** Single-threaded, ordered write: the same CSV always gives the same Parquet bytes. */
  private void writeParquet(Path csv, Path target) throws MlopsException, IOException {
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try (DuckDbSession db =
        DuckDbSession.open(target.toAbsolutePath().getParent().resolve(".duckdb-spill"))) {
      db.execute("SET threads = 1");
      db.execute(
          "COPY (SELECT * FROM read_csv("
              + Sql.path(csv)
              + ", header = true, columns = {'device_id': 'VARCHAR',"
              + " 'ts': 'TIMESTAMP', 'battery_voltage': 'DOUBLE', 'lead_impedance': 'DOUBLE', 'pacing_threshold': 'DOUBLE',"
              + " 'sensing_amplitude': 'DOUBLE', 'heart_rate': 'DOUBLE', 'device_temp': 'DOUBLE'}, timestampformat = '%Y-%m-%dT%H:%M:%SZ'))"
              + " TO "
              + Sql.path(partial)
              + " (FORMAT PARQUET)");
    }
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Fixed decimals, no exponent, no locale: the fastest way to byte-identical text. */
  static void appendFixed(StringBuilder out, double value, int decimals) {
    long scale = (long) Math.pow(10, decimals);
    long scaled = Math.round(value * scale);
    if (scaled < 0) {
      out.append('-');
      scaled = -scaled;
    }
    out.append(scaled / scale).append('.');
    String fraction = Long.toString(scaled % scale);
    for (int i = fraction.length(); i < decimals; i++) {
      out.append('0');
    }
    out.append(fraction);
  }
}
