package dev.mlopssuite.batch.bench;

import dev.mlopssuite.batch.backfill.Backfill;
import dev.mlopssuite.batch.backfill.BackfillResult;
import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.config.SimulatorSettings;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.data.Sql;
import dev.mlopssuite.batch.publish.StagedDirectory;
import dev.mlopssuite.batch.simulate.PacemakerSimulation;
import dev.mlopssuite.runtime.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (prints figures; not a test): our backfill of a telemetry Parquet file against one bare
 * DuckDB ASOF-join query computing the same labels on the same file, in the same JVM, alternating
 * runs. Also checks that both give identical labels row by row, and reports peak heap and peak
 * resident memory.
 *
 * <p>Run: {@code ./mvnw -B -pl core -Pbenchmark verify} (see README, "Benchmarks"). Arguments: data
 * directory (the simulated input is cached there), rounds (2), devices (10,000), days (42): 10,000
 * devices × 42 days hourly = 10,080,000 rows.
 */
public final class BackfillBenchmark {
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]).toAbsolutePath();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int devices = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int days = args.length > 3 ? Integer.parseInt(args[3]) : 42;
    SimulatorSettings settings =
        new SimulatorSettings(devices, days, null, 42L, null, null, null, null);
    Path marker = data.resolve("settings.txt");
    if (!Files.exists(marker) || !Files.readString(marker).equals(settings.toString())) {
      System.out.printf(
          "simulating %,d devices × %d days (%,d rows) to Parquet, once ...%n",
          devices, days, settings.rows());
      long start = System.nanoTime();
      new PacemakerSimulation(
              settings,
              data.resolve("telemetry.parquet"),
              data.resolve("outcomes.csv"),
              Progress.NONE)
          .call();
      Files.writeString(marker, settings.toString());
      System.out.printf("simulated in %,d ms%n", millisSince(start));
    }
    Path work = data.resolveSibling("backfill-benchmark-work");
    StagedDirectory.deleteRecursively(work);
    Files.createDirectories(work);
    Path config = work.resolve("mlops.yaml");
    Files.writeString(
        config,
        """
        model: benchmark
        entityColumn: device_id
        timeColumn: ts
        horizon: P7D
        data:
          telemetry: %s
          outcomes: %s
          valueColumns: [battery_voltage, lead_impedance, pacing_threshold, sensing_amplitude, heart_rate, device_temp]
          negativeLabelSource: simulator_outcome
          workDir: out
        """
            .formatted(data.resolve("telemetry.parquet"), data.resolve("outcomes.csv")));

    Instant asOf;
    long rows;
    try (DuckDbSession db = DuckDbSession.open(work.resolve("spill"))) {
      var stats =
          db.queryRows(
                  "SELECT COUNT(*) AS n, MAX(ts) AS newest, COUNT(DISTINCT device_id) AS devices FROM read_parquet("
                      + Sql.path(data.resolve("telemetry.parquet"))
                      + ")")
              .get(0);
      rows = ((Number) stats.get("n")).longValue();
      asOf =
          ((java.sql.Timestamp) stats.get("newest"))
              .toLocalDateTime()
              .toInstant(java.time.ZoneOffset.UTC);
      System.out.printf(
          "input: %,d telemetry rows, %s devices, parquet %,d bytes, as-of %s%n",
          rows, stats.get("devices"), Files.size(data.resolve("telemetry.parquet")), asOf);
    }
    // Both sides get the same as-of time T, so neither pays for discovering it.
    LoadedConfig loaded =
        MlopsConfigLoader.load(config, Map.of("mlops.backfill.asOf", asOf.toString()));

    List<Long> bare = new ArrayList<>();
    List<Long> ours = new ArrayList<>();
    List<Long> bareHeap = new ArrayList<>();
    List<Long> oursHeap = new ArrayList<>();
    List<Long> bareResident = new ArrayList<>();
    List<Long> oursResident = new ArrayList<>();
    BackfillResult last = null;
    for (int round = 0; round < rounds; round++) {
      HeapPeak.reset();
      long start = System.nanoTime();
      bareAsofJoin(data, work, asOf);
      bare.add(millisSince(start));
      bareHeap.add(HeapPeak.bytes());
      bareResident.add(HeapPeak.residentBytes());

      StagedDirectory.deleteRecursively(work.resolve("out"));
      HeapPeak.reset();
      start = System.nanoTime();
      last = new Backfill(loaded, Progress.NONE).call();
      ours.add(millisSince(start));
      oursHeap.add(HeapPeak.bytes());
      oursResident.add(HeapPeak.residentBytes());
      System.out.printf(
          "round %d: bare ASOF query %,d ms, mlops backfill %,d ms (%s)%n",
          round + 1, bare.get(round), ours.get(round), last.stageMillis());
    }
    long mismatches =
        compare(work, last.directory().resolve("data.parquet"), work.resolve("bare.parquet"));
    long bestBare = bare.stream().min(Long::compare).orElseThrow();
    long bestOurs = ours.stream().min(Long::compare).orElseThrow();
    System.out.println("---");
    System.out.printf(
        "rows %,d | bare ASOF join best %,d ms | mlops backfill best %,d ms | ratio %.2f (target <= 1.30)%n",
        rows, bestBare, bestOurs, (double) bestOurs / bestBare);
    System.out.printf(
        "peak JVM heap: bare %,d MiB, backfill %,d MiB (target < 2048 MiB; DuckDB works off-heap)%n",
        bareHeap.stream().max(Long::compare).orElseThrow() >> 20,
        oursHeap.stream().max(Long::compare).orElseThrow() >> 20);
    System.out.printf(
        "peak resident memory (VmHWM, heap + DuckDB + JVM): bare %s MiB, backfill %s MiB (engine"
            + " memory limit %s)%n",
        HeapPeak.mebibytes(bareResident.stream().max(Long::compare).orElseThrow()),
        HeapPeak.mebibytes(oursResident.stream().max(Long::compare).orElseThrow()),
        loaded.config().engine().memoryLimit());
    System.out.printf("label mismatches between the two: %,d%n", mismatches);
    System.out.printf("snapshot %s: %s%n", last.snapshot().id(), last.snapshot().rowCounts());
    if (mismatches != 0) {
      System.exit(1);
    }
  }

  /** The reference: DuckDB's ASOF join finds the first failure after each row directly. */
  private static void bareAsofJoin(Path data, Path work, Instant asOf) throws Exception {
    String h = "INTERVAL '604800' SECOND";
    String t = Sql.timestamp(asOf);
    try (DuckDbSession db = DuckDbSession.open(work.resolve("spill"))) {
      // The same engine setting the backfill uses for its write, so the comparison is like for
      // like.
      db.execute("SET preserve_insertion_order = false");
      db.execute(
          "COPY (SELECT tel.*,"
              + " CASE WHEN f.failure_ts IS NOT NULL AND f.failure_ts <= tel.ts + "
              + h
              + " THEN 1 WHEN tel.ts + "
              + h
              + " <= "
              + t
              + " THEN 0 END AS label,"
              + " CASE WHEN (f.failure_ts IS NOT NULL AND f.failure_ts <= tel.ts + "
              + h
              + ") OR tel.ts + "
              + h
              + " <= "
              + t
              + " THEN 'resolved' ELSE 'unresolved' END AS label_status,"
              + " CASE WHEN f.failure_ts IS NOT NULL AND f.failure_ts <= tel.ts + "
              + h
              + " THEN f.confirmed_at WHEN tel.ts + "
              + h
              + " <= "
              + t
              + " THEN tel.ts + "
              + h
              + " END AS label_resolved_at,"
              + " CASE WHEN f.failure_ts IS NOT NULL AND f.failure_ts <= tel.ts + "
              + h
              + " THEN f.source WHEN tel.ts + "
              + h
              + " <= "
              + t
              + " THEN 'simulator_outcome' END AS label_source"
              + " FROM read_parquet("
              + Sql.path(data.resolve("telemetry.parquet"))
              + ") tel"
              + " ASOF LEFT JOIN (SELECT device_id, CAST(failure_ts AS TIMESTAMP) AS failure_ts, CAST(confirmed_at AS TIMESTAMP) AS confirmed_at,"
              + " source FROM read_csv("
              + Sql.path(data.resolve("outcomes.csv"))
              + ", header = true)"
              + " WHERE CAST(failure_ts AS TIMESTAMP) <= "
              + t
              + " AND CAST(confirmed_at AS TIMESTAMP) <= "
              + t
              + ") f"
              + " ON tel.device_id = f.device_id AND tel.ts < f.failure_ts)"
              + " TO "
              + Sql.path(work.resolve("bare.parquet"))
              + " (FORMAT PARQUET)");
    }
  }

  private static long compare(Path work, Path ours, Path bare) throws Exception {
    try (DuckDbSession db = DuckDbSession.open(work.resolve("spill"))) {
      String columns = "device_id, ts, label, label_status, label_resolved_at, label_source";
      return db.queryLong(
          "SELECT (SELECT COUNT(*) FROM (SELECT "
              + columns
              + " FROM read_parquet("
              + Sql.path(ours)
              + ") EXCEPT ALL SELECT "
              + columns
              + " FROM read_parquet("
              + Sql.path(bare)
              + "))) + (SELECT COUNT(*) FROM (SELECT "
              + columns
              + " FROM read_parquet("
              + Sql.path(bare)
              + ") EXCEPT ALL SELECT "
              + columns
              + " FROM read_parquet("
              + Sql.path(ours)
              + ")))");
    }
  }

  private static long millisSince(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }
}
