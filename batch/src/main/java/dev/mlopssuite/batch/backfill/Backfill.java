package dev.mlopssuite.batch.backfill;

import dev.mlopssuite.batch.config.BackfillConfig;
import dev.mlopssuite.batch.config.DataConfig;
import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.data.DataException;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.data.InputFile;
import dev.mlopssuite.batch.data.Sql;
import dev.mlopssuite.batch.labels.LabelContract;
import dev.mlopssuite.batch.labels.LabelParameters;
import dev.mlopssuite.batch.labels.LabelScope;
import dev.mlopssuite.batch.labels.LabelledTelemetryQuery;
import dev.mlopssuite.batch.labels.OutcomeColumns;
import dev.mlopssuite.batch.labels.OutcomeEvents;
import dev.mlopssuite.batch.labels.TelemetrySchema;
import dev.mlopssuite.batch.labels.TimestampText;
import dev.mlopssuite.batch.labels.ValueLimits;
import dev.mlopssuite.batch.publish.StagedDirectory;
import dev.mlopssuite.batch.snapshot.SnapshotException;
import dev.mlopssuite.batch.snapshot.SnapshotIdentity;
import dev.mlopssuite.batch.snapshot.SnapshotManifest;
import dev.mlopssuite.batch.snapshot.SnapshotStore;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * {@code mlops:backfill}: validates telemetry and outcomes, applies the label contract as of T with
 * watermark W, and publishes an immutable snapshot (docs/label-contract.md and "Snapshots"). A
 * partial backfill (cohort and/or time range) starts from a parent snapshot and relabels only the
 * rows it names.
 *
 * <p>Single use: configure with the setters, then {@link #call()}.
 */
public final class Backfill {
  public static final String REJECTED_TELEMETRY = "rejected-telemetry.csv";
  public static final String REJECTED_OUTCOMES = "rejected-outcomes.csv";
  public static final String EFFECTIVE_CONFIG = "effective-config.yaml";

  private final LoadedConfig loaded;
  private final Progress progress;
  private Path exportCsv;
  private Clock clock = Clock.systemUTC();
  private Consumer<Path> beforePublish = staging -> {};
  private final Map<String, Long> stageMillis = new LinkedHashMap<>();
  private long stageStart;
  private String stage;

  public Backfill(LoadedConfig loaded, Progress progress) {
    this.loaded = loaded;
    this.progress = progress;
  }

  /** Also write the labels as CSV (entity,ts,label,label_status,label_resolved_at,label_source). */
  public Backfill exportCsv(Path file) {
    this.exportCsv = file;
    return this;
  }

  public Backfill clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Called with the staging directory just before the atomic rename; crash tests stop here. */
  public Backfill beforePublish(Consumer<Path> hook) {
    this.beforePublish = hook;
    return this;
  }

  public BackfillResult call() throws MlopsException {
    MlopsConfig config = loaded.config();
    BackfillConfig request = config.backfill();
    SnapshotStore store = new SnapshotStore(loaded.workDirectory().resolve("snapshots"));
    store.removeAbandonedStaging();
    TelemetrySchema schema =
        new TelemetrySchema(
            config.entityColumn(), config.timeColumn(), config.data().valueColumns());
    LabelScope scope = new LabelScope(request.cohort(), request.from(), request.to());

    startStage("hash inputs");
    SnapshotManifest parent = request.parent() == null ? null : store.resolve(request.parent());
    if (request.isPartial() && parent == null) {
      throw new MlopsException(
          "a partial backfill (backfill.cohort, backfill.from or backfill.to) relabels rows of an"
              + " existing snapshot: set backfill.parent to its id or to 'latest' (-Dmlops.backfill.parent=latest)");
    }
    if (parent != null) {
      store.verify(parent);
    }
    InputFile telemetryInput =
        parent == null
            ? InputFile.of(loaded.resolve(config.data().telemetry()), "telemetry")
            : new InputFile(
                store.directory(parent.id()).resolve(SnapshotManifest.DATA_FILE),
                InputFile.Format.PARQUET);
    InputFile outcomesInput = InputFile.of(loaded.resolve(config.data().outcomes()), "outcomes");
    String telemetrySha =
        parent == null ? Sha256.ofFileUnchecked(telemetryInput.path()) : parent.id();
    String outcomesSha = Sha256.ofFileUnchecked(outcomesInput.path());
    endStage();

    TimestampText timestamps = new TimestampText(config.data().timezone());
    try (DuckDbSession db =
        DuckDbSession.open(
            config.engine().resources(loaded.baseDirectory(), loaded.workDirectory()))) {
      startStage("read inputs");
      telemetryInput.createSourceView(db, "telemetry_source");
      Map<String, String> telemetryTypes = db.columns("telemetry_source");
      requireColumns(
          telemetryTypes, schema.requiredColumns(), telemetryInput.path(), parent != null);
      long malformedTelemetry = count(db, InputFile.malformedTable("telemetry_source"));
      long read = count(db, "telemetry_source") + malformedTelemetry;
      if (read == 0) {
        // An empty snapshot would become 'latest' and train nothing, or fail far from the cause.
        throw new DataException(
            "the telemetry file "
                + telemetryInput.path()
                + " has no rows, only a header: nothing was published; point data.telemetry at"
                + " the file with the readings, or rerun the export that writes it");
      }
      outcomesInput.createSourceView(db, "outcomes_source");
      Instant asOf =
          request.asOf() != null
              ? request.asOf()
              : newestTelemetryTime(db, schema, telemetryTypes, timestamps);
      Instant watermark = request.watermark() != null ? request.watermark() : asOf;
      if (watermark.isAfter(asOf)) {
        throw new MlopsException(
            "backfill.watermark "
                + watermark
                + " is after the as-of time "
                + asOf
                + " (the newest telemetry time, as backfill.asOf is not set): set backfill.asOf or an earlier watermark");
      }
      if (parent != null && asOf.isBefore(parent.asOf())) {
        throw new MlopsException(
            "backfill.asOf "
                + asOf
                + " is before the parent snapshot's as-of "
                + parent.asOf()
                + ": a partial backfill moves labels forward in time; use an as-of at or after it");
      }
      if (parent != null && watermark.isBefore(parent.watermark())) {
        throw new MlopsException(
            "backfill.watermark "
                + watermark
                + " is before the parent snapshot's watermark "
                + parent.watermark()
                + ": outcomes known complete up to it cannot become unknown again; use a"
                + " watermark at or after it (or leave backfill.watermark out to use the as-of)");
      }
      LabelParameters parameters =
          new LabelParameters(
              asOf, watermark, config.horizon(), config.data().negativeLabelSource());
      SnapshotIdentity identity =
          identity(config, parameters, scope, telemetrySha, outcomesSha, parent);
      String id = identity.id();
      endStage();

      var existing = store.find(id);
      if (existing.isPresent()) {
        store.verify(existing.get());
        progress.report(
            "backfill: snapshot " + id + " already exists with these inputs; reusing it", 1, 1);
        Path exported = exportCsv == null ? null : exportLabels(db, store.directory(id), schema);
        return new BackfillResult(
            existing.get(),
            store.directory(id),
            true,
            summaryOf(existing.get(), "telemetry", store.directory(id).resolve(REJECTED_TELEMETRY)),
            summaryOf(existing.get(), "outcomes", store.directory(id).resolve(REJECTED_OUTCOMES)),
            exported,
            Map.copyOf(stageMillis));
      }

      startStage("validate and label");
      OutcomeEvents outcomes =
          new OutcomeEvents(
              new OutcomeColumns(
                  config.entityColumn(),
                  config.data().outcomeTimeColumn(),
                  config.data().confirmedAtColumn(),
                  config.data().sourceColumn(),
                  config.data().confirmationIsFailureTime()),
              timestamps);
      outcomes.createTables(db, "outcomes_source", "outcomes_checked", "failures", parameters);
      LabelledTelemetryQuery query =
          new LabelledTelemetryQuery(
              schema,
              parameters,
              scope,
              parent != null,
              telemetryInput.format() == InputFile.Format.CSV ? Map.of() : telemetryTypes,
              valueLimits(config),
              timestamps);
      Path staging = store.newStagingDirectory(id);
      try {
        Path data = staging.resolve(SnapshotManifest.DATA_FILE);
        // Row order carries no meaning in a snapshot (readers sort by entity, time), so DuckDB may
        // write in whatever order its threads finish.
        db.execute("SET preserve_insertion_order = false");
        db.execute(
            "COPY ("
                + query.acceptedRows("telemetry_source", "failures")
                + ") TO "
                + Sql.path(data)
                + " (FORMAT PARQUET)");
        db.execute("SET preserve_insertion_order = true");
        endStage();

        startStage("write snapshot");
        Map<String, Object> counts =
            db.queryRows(
                    "SELECT COUNT(*) AS total,"
                        + " SUM(CASE WHEN label_status = 'resolved' THEN 1 ELSE 0 END) AS resolved,"
                        + " SUM(CASE WHEN label = 1 THEN 1 ELSE 0 END) AS positive,"
                        + " SUM(CASE WHEN label = 0 THEN 1 ELSE 0 END) AS negative FROM read_parquet("
                        + Sql.path(data)
                        + ")")
                .get(0);
        long accepted = number(counts.get("total"));
        // Only an input with rejected rows pays for the second pass that names every problem.
        db.execute(
            "CREATE OR REPLACE TEMP TABLE telemetry_rejected AS "
                + (read - malformedTelemetry == accepted
                    ? "SELECT CAST(NULL AS BIGINT) AS line, CAST(NULL AS VARCHAR) AS reason WHERE FALSE"
                    : query.rejectedRows("telemetry_source"))
                + " UNION ALL SELECT line, reason FROM "
                + InputFile.malformedTable("telemetry_source"));
        InputSummary telemetry =
            summarize(
                db,
                "telemetry",
                telemetryInput.path(),
                read,
                "telemetry_rejected",
                LabelledTelemetryQuery.REASON_CODES,
                staging.resolve(REJECTED_TELEMETRY),
                null);
        long outcomesRead =
            count(db, "outcomes_checked") + count(db, InputFile.malformedTable("outcomes_source"));
        db.execute(
            "CREATE OR REPLACE TEMP TABLE outcomes_rejected AS SELECT line, reason FROM"
                + " outcomes_checked WHERE reason <> '' UNION ALL SELECT line, reason FROM "
                + InputFile.malformedTable("outcomes_source"));
        // Events of entities with no telemetry label nothing: usually an export of the wrong
        // period or fleet, so they are counted and reported rather than ignored.
        long withoutTelemetry =
            db.queryLong(
                "SELECT COUNT(*) FROM outcomes_checked WHERE reason = '' AND entity NOT IN"
                    + " (SELECT DISTINCT CAST("
                    + Sql.identifier(schema.entityColumn())
                    + " AS VARCHAR) FROM read_parquet("
                    + Sql.path(data)
                    + "))");
        InputSummary outcomeSummary =
            summarize(
                db,
                "outcomes",
                outcomesInput.path(),
                outcomesRead,
                "outcomes_rejected",
                OutcomeEvents.REASON_CODES,
                staging.resolve(REJECTED_OUTCOMES),
                withoutTelemetry);
        if (telemetry.accepted() != accepted) {
          throw new IllegalStateException(
              "validation disagrees with labelling: "
                  + telemetry.accepted()
                  + " vs "
                  + accepted
                  + " rows");
        }
        writeRejected(db, "telemetry_source", "telemetry_rejected", telemetry);
        writeRejected(db, "outcomes_source", "outcomes_rejected", outcomeSummary);
        for (InputSummary summary : List.of(telemetry, outcomeSummary)) {
          if (config.validation().exceeded(summary.rejected(), summary.read())) {
            throw new RejectedRowsLimitException(keepRejected(summary, id), describeLimit(config));
          }
        }
        MlopsConfig effective =
            config.withBackfill(
                new BackfillConfig(
                    asOf,
                    watermark,
                    parent == null ? null : parent.id(),
                    request.cohort(),
                    request.from(),
                    request.to()));
        Files.writeString(staging.resolve(EFFECTIVE_CONFIG), MlopsConfigLoader.toYaml(effective));
        SnapshotManifest manifest =
            manifest(
                db,
                id,
                parent,
                parameters,
                schema,
                identity,
                staging,
                counts,
                telemetry,
                outcomeSummary,
                CanonicalJson.sha256(effective));
        endStage();

        startStage("publish");
        beforePublish.accept(staging);
        boolean published = store.publish(staging, manifest);
        Path directory = store.directory(id);
        Path exported = exportCsv == null ? null : exportLabels(db, directory, schema);
        endStage();
        return new BackfillResult(
            manifest,
            directory,
            !published,
            telemetry.withRejectedFile(directory.resolve(REJECTED_TELEMETRY)),
            outcomeSummary.withRejectedFile(directory.resolve(REJECTED_OUTCOMES)),
            exported,
            Map.copyOf(stageMillis));
      } catch (IOException e) {
        throw new SnapshotException(
            "cannot write snapshot " + id + " in " + staging + ": " + e.getMessage(), e);
      } finally {
        StagedDirectory.deleteRecursively(staging);
      }
    }
  }

  private static void requireColumns(
      Map<String, String> present, List<String> required, Path file, boolean fromParent)
      throws DataException {
    for (String column : required) {
      if (!present.containsKey(column)) {
        throw new DataException(
            (fromParent ? "parent snapshot data " : "telemetry file ")
                + file
                + " has no column '"
                + column
                + "' (it has "
                + present.keySet()
                + "): fix the file or the column names in mlops.yaml"
                + " (entityColumn, timeColumn, data.valueColumns)");
      }
    }
  }

  private static Instant newestTelemetryTime(
      DuckDbSession db, TelemetrySchema schema, Map<String, String> types, TimestampText timestamps)
      throws MlopsException {
    String column = Sql.identifier(schema.timeColumn());
    String time =
        "VARCHAR".equals(types.get(schema.timeColumn()))
            ? timestamps.parse(column)
            : "CAST(TRY_CAST(" + column + " AS TIMESTAMPTZ) AS TIMESTAMP)";
    List<Map<String, Object>> rows =
        db.queryRows("SELECT MAX(" + time + ") AS newest FROM telemetry_source");
    Object newest = rows.get(0).get("newest");
    if (newest == null) {
      throw new MlopsException(
          "the telemetry has no readable "
              + schema.timeColumn()
              + " value, so the as-of time cannot default to the newest one: fix the input or set backfill.asOf");
    }
    return toInstant(newest);
  }

  private static long count(DuckDbSession db, String relation) throws DataException {
    return db.queryLong("SELECT COUNT(*) FROM " + relation);
  }

  private static ValueLimits valueLimits(MlopsConfig config) {
    Map<String, Double> min = new TreeMap<>();
    Map<String, Double> max = new TreeMap<>();
    config
        .validation()
        .ranges()
        .forEach(
            (column, range) -> {
              if (range.min() != null) {
                min.put(column, range.min());
              }
              if (range.max() != null) {
                max.put(column, range.max());
              }
            });
    return new ValueLimits(min, max, config.validation().maxAbsoluteValue());
  }

  static Instant toInstant(Object sqlTimestamp) {
    if (sqlTimestamp instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC);
    }
    // The JDBC driver hands TIMESTAMP out as java.sql.Timestamp in the JVM zone; undo that.
    return ((java.sql.Timestamp) sqlTimestamp).toLocalDateTime().toInstant(ZoneOffset.UTC);
  }

  private static SnapshotIdentity identity(
      MlopsConfig config,
      LabelParameters parameters,
      LabelScope scope,
      String telemetrySha,
      String outcomesSha,
      SnapshotManifest parent) {
    DataConfig data = config.data();
    Map<String, String> ranges = new TreeMap<>();
    config.validation().ranges().forEach((column, range) -> ranges.put(column, range.describe()));
    return new SnapshotIdentity(
        LabelContract.LOGIC_VERSION,
        parent == null ? telemetrySha : null,
        parent == null ? null : parent.id(),
        outcomesSha,
        parameters.asOf(),
        parameters.watermark(),
        parameters.horizon(),
        config.entityColumn(),
        config.timeColumn(),
        data.valueColumns(),
        data.outcomeTimeColumn(),
        data.confirmedAtColumn(),
        data.sourceColumn(),
        data.confirmationIsFailureTime(),
        parameters.negativeSource(),
        data.timezone(),
        ranges,
        config.validation().maxAbsoluteValue(),
        scope.cohort(),
        scope.from(),
        scope.to());
  }

  private InputSummary summarize(
      DuckDbSession db,
      String role,
      Path file,
      long read,
      String rejectedTable,
      List<String> codes,
      Path rejectedFile,
      Long withoutTelemetry)
      throws DataException {
    StringBuilder sql = new StringBuilder("SELECT COUNT(*) AS rejected");
    for (String code : codes) {
      sql.append(", SUM(CASE WHEN reason LIKE '")
          .append(code)
          .append(":%' OR reason LIKE '%; ")
          .append(code)
          .append(":%' THEN 1 ELSE 0 END) AS ")
          .append(code);
    }
    Map<String, Object> row =
        db.queryRows(sql.append(" FROM ").append(rejectedTable).toString()).get(0);
    Map<String, Long> byReason = new TreeMap<>();
    for (String code : codes) {
      byReason.put(code, number(row.get(code)));
    }
    InputSummary summary =
        new InputSummary(
            role,
            file,
            read,
            read - number(row.get("rejected")),
            byReason,
            rejectedFile,
            withoutTelemetry);
    progress.report("backfill: " + summary.describe(), summary.read(), summary.read());
    return summary;
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  /**
   * Rejected rows with their line, reason and original values, in file order. With nothing rejected
   * the file holds only its header, and the input is not read again.
   */
  private static void writeRejected(
      DuckDbSession db, String source, String rejected, InputSummary summary) throws DataException {
    Path file = summary.rejectedFile();
    String rejectedOnly = summary.rejected() == 0 ? " WHERE FALSE" : "";
    db.execute(
        // A malformed line has no parsed values: its columns stay empty, its reason quotes it.
        "COPY (SELECT r.line, r.reason, s.* EXCLUDE (line) FROM "
            + rejected
            + " r LEFT JOIN "
            + source
            + " s ON r.line = s.line"
            + rejectedOnly
            + " ORDER BY r.line) TO "
            + Sql.path(file)
            + " (HEADER, DELIMITER ',')");
  }

  /** On a failed run the rejected rows are kept outside the (discarded) staging directory. */
  private InputSummary keepRejected(InputSummary summary, String id) throws SnapshotException {
    Path kept =
        loaded
            .workDirectory()
            .resolve("rejected")
            .resolve(id)
            .resolve(summary.rejectedFile().getFileName());
    try {
      Files.createDirectories(kept.getParent());
      Files.copy(summary.rejectedFile(), kept, StandardCopyOption.REPLACE_EXISTING);
      return summary.withRejectedFile(kept);
    } catch (IOException e) {
      throw new SnapshotException(
          "cannot keep the rejected rows in " + kept + ": " + e.getMessage(), e);
    }
  }

  private static String describeLimit(MlopsConfig config) {
    var validation = config.validation();
    return "validation.maxRejectedFraction = "
        + validation.maxRejectedFraction()
        + (validation.maxRejectedRows() == null
            ? ""
            : ", validation.maxRejectedRows = " + validation.maxRejectedRows());
  }

  private SnapshotManifest manifest(
      DuckDbSession db,
      String id,
      SnapshotManifest parent,
      LabelParameters parameters,
      TelemetrySchema schema,
      SnapshotIdentity identity,
      Path staging,
      Map<String, Object> counts,
      InputSummary telemetry,
      InputSummary outcomes,
      String configSha)
      throws DataException, IOException {
    long total = number(counts.get("total"));
    long resolved = number(counts.get("resolved"));
    List<SnapshotManifest.Column> columns = new ArrayList<>();
    for (Map<String, Object> row :
        db.queryRows(
            "DESCRIBE SELECT * FROM read_parquet("
                + Sql.path(staging.resolve(SnapshotManifest.DATA_FILE))
                + ")")) {
      columns.add(
          new SnapshotManifest.Column(
              String.valueOf(row.get("column_name")), String.valueOf(row.get("column_type"))));
    }
    Map<String, String> files = new TreeMap<>();
    try (var entries = Files.list(staging)) {
      for (Path file : entries.sorted().toList()) {
        files.put(file.getFileName().toString(), Sha256.ofFile(file));
      }
    }
    return new SnapshotManifest(
        SnapshotManifest.FORMAT_VERSION,
        id,
        parent == null ? List.of() : List.of(parent.id()),
        clock.instant(),
        parameters.asOf(),
        parameters.watermark(),
        parameters.horizon(),
        LabelContract.LOGIC_VERSION,
        schema.entityColumn(),
        schema.timeColumn(),
        columns,
        new SnapshotManifest.RowCounts(
            total,
            resolved,
            total - resolved,
            number(counts.get("positive")),
            number(counts.get("negative"))),
        List.of(
            input(
                telemetry,
                identity.telemetrySha256() == null
                    ? identity.parentId()
                    : identity.telemetrySha256()),
            input(outcomes, identity.outcomesSha256())),
        identity.asMap(),
        configSha,
        files);
  }

  private SnapshotManifest.Input input(InputSummary summary, String sha256) {
    return new SnapshotManifest.Input(
        summary.role(),
        loaded.baseDirectory().relativize(summary.file().toAbsolutePath()).toString(),
        sha256,
        summary.read(),
        summary.rejected(),
        summary.withoutTelemetry());
  }

  private static InputSummary summaryOf(SnapshotManifest manifest, String role, Path rejectedFile) {
    return manifest.inputs().stream()
        .filter(input -> input.role().equals(role))
        .findFirst()
        .map(
            input ->
                new InputSummary(
                    role,
                    Path.of(input.path()),
                    input.rowsRead(),
                    input.rowsRead() - input.rowsRejected(),
                    Map.of(),
                    rejectedFile,
                    input.rowsWithoutTelemetry()))
        .orElseThrow();
  }

  /** The labels as CSV with ISO-8601 UTC instants, written to a temporary name then renamed. */
  private Path exportLabels(DuckDbSession db, Path snapshotDirectory, TelemetrySchema schema)
      throws MlopsException {
    Path target = exportCsv.toAbsolutePath();
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try {
      Files.createDirectories(target.getParent());
      db.execute(
          "COPY (SELECT "
              + Sql.identifier(schema.entityColumn())
              + " AS entity, "
              + iso(Sql.identifier(schema.timeColumn()))
              + " AS ts, label, label_status, "
              + iso("label_resolved_at")
              + " AS label_resolved_at, label_source FROM read_parquet("
              + Sql.path(snapshotDirectory.resolve(SnapshotManifest.DATA_FILE))
              + ") ORDER BY 1, 2) TO "
              + Sql.path(partial)
              + " (HEADER, DELIMITER ',')");
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new DataException("cannot write the label CSV " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * ISO-8601 UTC text; milliseconds only when present, so whole seconds read 2026-01-01T00:00:00Z.
   */
  private static String iso(String column) {
    return "CASE WHEN "
        + column
        + " IS NULL THEN NULL WHEN epoch_ms("
        + column
        + ") % 1000 = 0 THEN strftime("
        + column
        + ", '%Y-%m-%dT%H:%M:%SZ') ELSE strftime("
        + column
        + ", '%Y-%m-%dT%H:%M:%S.%gZ') END";
  }

  private void startStage(String name) {
    stage = name;
    stageStart = System.nanoTime();
    progress.report("backfill: " + name, 0, -1);
  }

  private void endStage() {
    stageMillis.put(stage, (System.nanoTime() - stageStart) / 1_000_000);
  }
}
