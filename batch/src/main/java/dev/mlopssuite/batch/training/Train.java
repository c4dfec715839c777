package dev.mlopssuite.batch.training;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfig;
import dev.mlopssuite.batch.config.TrainingConfig;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.labels.LabelContract;
import dev.mlopssuite.batch.publish.StagedDirectory;
import dev.mlopssuite.batch.snapshot.SnapshotManifest;
import dev.mlopssuite.batch.snapshot.SnapshotStore;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.metrics.ScoredRows;
import dev.mlopssuite.runtime.model.Calibrator;
import dev.mlopssuite.runtime.model.GoldenExample;
import dev.mlopssuite.runtime.model.RiskModel;
import dev.mlopssuite.runtime.run.FeatureBaseline;
import dev.mlopssuite.runtime.run.RunFormat;
import dev.mlopssuite.runtime.run.TrainingManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code mlops:train}: trains a challenger on a snapshot's resolved rows only, split out of time,
 * and writes the model (Tribuo protobuf), manifest.json, metrics.json, feature_importance.json and
 * baseline_stats.json into {@code runs/<version>/}, published by an atomic rename (docs/trust.md
 * and docs/formats.md). Single use: configure, then {@link #call()}.
 */
public final class Train {
  public static final String METRICS = RunFormat.METRICS;
  public static final String IMPORTANCE = RunFormat.IMPORTANCE;
  public static final String BASELINE = RunFormat.BASELINE;
  public static final String EFFECTIVE_CONFIG = RunFormat.EFFECTIVE_CONFIG;
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final LoadedConfig loaded;
  private final Progress progress;
  private Clock clock = Clock.systemUTC();
  private String codeCommit;
  private Path runsDirectory;

  public Train(LoadedConfig loaded, Progress progress) {
    this.loaded = loaded;
    this.progress = progress;
    this.runsDirectory = loaded.workDirectory().resolve("runs");
  }

  /**
   * The commit of the code and configuration that trains (null when unknown: the lineage gate then
   * fails).
   */
  public Train codeCommit(String commit) {
    this.codeCommit = commit;
    return this;
  }

  public Train clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * Where run directories go; reproduction writes elsewhere so that it never mixes with real runs.
   */
  public Train runsDirectory(Path directory) {
    this.runsDirectory = directory;
    return this;
  }

  public TrainResult call() throws MlopsException {
    MlopsConfig config = loaded.config();
    TrainingConfig training = config.training();
    FeatureSetDefinition featureSet = config.features();
    if (featureSet == null) {
      throw new TrainingException(
          "mlops.yaml has no 'features:' section: declare the feature set to train on"
              + " (see examples/pacemaker/mlops.yaml)");
    }
    SnapshotStore store = new SnapshotStore(loaded.workDirectory().resolve("snapshots"));
    SnapshotManifest snapshot = store.resolve(training.snapshot());
    store.verify(snapshot);
    SnapshotLabels.requireMatching(config, snapshot);
    progress.report(
        "train: snapshot "
            + snapshot.id()
            + " (as of "
            + snapshot.asOf()
            + ", "
            + snapshot.rowCounts().resolved()
            + " resolved rows)",
        0,
        -1);

    ResolvedRows all;
    try (DuckDbSession db =
        DuckDbSession.open(
            loaded.config().engine().resources(loaded.baseDirectory(), loaded.workDirectory()))) {
      all =
          ResolvedRows.read(
              db,
              store.directory(snapshot.id()).resolve(SnapshotManifest.DATA_FILE),
              new FeatureEngine(featureSet),
              config.entityColumn(),
              config.timeColumn(),
              progress);
    }
    if (all.size() == 0) {
      throw new TrainingException(
          "snapshot "
              + snapshot.id()
              + " has no resolved rows: wait for 7-day windows to mature"
              + " (a later backfill.asOf) before training");
    }
    RowSelection split = RowSelection.forSnapshot(all, snapshot, training);
    ResolvedRows train = all.subset(split.training());
    ResolvedRows calibrationRows = all.subset(split.calibration());
    ResolvedRows validation = all.subset(split.validation());
    long trainPositives = train.positives();
    if (trainPositives == 0 || trainPositives == train.size()) {
      throw new TrainingException(
          "the training rows of snapshot "
              + snapshot.id()
              + " hold a single class ("
              + trainPositives
              + " positives of "
              + train.size()
              + "): wait for more outcomes or lower training.validationFraction");
    }
    float positiveWeight =
        training.classWeighting().equals("balanced")
            ? (float) (train.size() - trainPositives) / trainPositives
            : 1f;
    Map<String, Object> hyperParameters =
        TrainerFactory.effectiveHyperParameters(training.trainer(), training.hyperParameters());
    progress.report(
        String.format(
            "train: %s on %,d rows (%,d positives, weight %.2f), calibrating on %,d, validating"
                + " on %,d matured rows from %s; left out %s",
            training.trainer(),
            train.size(),
            trainPositives,
            positiveWeight,
            calibrationRows.size(),
            validation.size(),
            Instant.ofEpochMilli(split.validationCutoffMillis()),
            split.excluded()),
        0,
        -1);
    RiskModel model =
        ModelTraining.train(
            TrainerFactory.create(training.trainer(), hyperParameters, training.seed()),
            featureSet.featureNames(),
            train.features(),
            train.labels(),
            positiveWeight,
            snapshot.id());

    Calibrator calibrator =
        CalibrationChoice.fit(
            training.calibration(),
            model.probabilities(calibrationRows.features()),
            calibrationRows.labels(),
            calibrationRows.millis());
    double[] probabilities = model.probabilities(validation.features());
    ScoredRows scored =
        new ScoredRows(
            probabilities, validation.labels(), validation.entities(), validation.millis());
    BinaryMetrics metrics =
        scored.invalidProbabilities() == 0
            ? BinaryMetrics.of(scored, training.threshold(), training.eceBins())
            : null;
    double[] calibrated = calibrator.apply(probabilities);
    ScoredRows scoredCalibrated =
        new ScoredRows(calibrated, validation.labels(), validation.entities(), validation.millis());
    BinaryMetrics calibratedMetrics =
        scoredCalibrated.invalidProbabilities() == 0
            ? BinaryMetrics.of(scoredCalibrated, training.threshold(), training.eceBins())
            : null;

    Instant now = clock.instant();
    // Two runs of one configuration in the same second get -2, -3, ...: a run never replaces
    // another, even when concurrent trains race for the same name (see publish below).
    String base =
        VERSION_TIME.format(now)
            + "-"
            + Sha256.of(loaded.configHash() + snapshot.id() + training.seed()).substring(0, 8);
    Path staging;
    try {
      StagedDirectory.removeAbandoned(runsDirectory);
      staging = StagedDirectory.create(runsDirectory, base);
    } catch (IOException e) {
      throw new TrainingException(
          "cannot create a run directory under " + runsDirectory + ": " + e.getMessage(), e);
    }
    try {
      model.save(staging.resolve(RiskModel.FILE_NAME));
      Files.writeString(staging.resolve(Calibrator.FILE_NAME), CanonicalJson.pretty(calibrator));
      try (DuckDbSession db =
          DuckDbSession.open(
              loaded.config().engine().resources(loaded.baseDirectory(), loaded.workDirectory()))) {
        PredictionsFile.write(
            db,
            staging.resolve(RunFormat.VALIDATION_PREDICTIONS),
            validation,
            probabilities,
            calibrated,
            null);
      }
      Map<String, Object> metricsFile = new LinkedHashMap<>();
      metricsFile.put("validation", metrics);
      metricsFile.put("validation_calibrated", calibratedMetrics);
      metricsFile.put("calibration_method", calibrator.method());
      metricsFile.put("invalid_validation_probabilities", scored.invalidProbabilities());
      Files.writeString(staging.resolve(METRICS), CanonicalJson.pretty(metricsFile));
      Files.writeString(
          staging.resolve(IMPORTANCE), CanonicalJson.pretty(model.featureImportance()));
      Files.writeString(
          staging.resolve(BASELINE),
          CanonicalJson.pretty(baselines(featureSet.featureNames(), train.features())));
      Files.writeString(staging.resolve(EFFECTIVE_CONFIG), loaded.effectiveYaml());
      Map<String, String> artifacts = new TreeMap<>();
      for (String file : RunFormat.requiredFiles(TrainingManifest.FORMAT_VERSION)) {
        artifacts.put(file, Sha256.ofFile(staging.resolve(file)));
      }
      TrainingManifest.Split splitRecord = SplitSummary.of(all, split);
      List<GoldenExample> golden =
          goldenExamples(
              featureSet.featureNames(),
              validation,
              probabilities,
              calibrator,
              training.goldenExamples());
      for (int attempt = 1; ; attempt++) {
        String version = attempt == 1 ? base : base + "-" + attempt;
        Path target = runsDirectory.resolve(version);
        if (Files.exists(target)) {
          continue;
        }
        TrainingManifest manifest =
            new TrainingManifest(
                TrainingManifest.FORMAT_VERSION,
                config.model(),
                version,
                now,
                snapshot.id(),
                featureSet.name(),
                featureSet.featureVersion(),
                featureSet.featureNames(),
                featureSet,
                LabelContract.LOGIC_VERSION,
                codeCommit,
                loaded.effectiveYaml(),
                loaded.configHash(),
                training.trainer(),
                hyperParameters,
                training.seed(),
                training.classWeighting(),
                positiveWeight,
                training.threshold(),
                splitRecord,
                libraryVersions(model),
                artifacts,
                golden,
                predictionsSha256(probabilities),
                training.bootstrap(),
                training.experimental());
        Files.writeString(
            staging.resolve(TrainingManifest.FILE_NAME), CanonicalJson.pretty(manifest));
        try {
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          throw e;
        } catch (IOException raced) {
          // Linux reports a rename onto a non-empty directory as a plain FileSystemException
          // (ENOTEMPTY), not DirectoryNotEmptyException: decide by looking, not by the type.
          if (Files.exists(target) && attempt < 1000) {
            continue;
          }
          throw raced;
        }
        progress.report("train: run " + version + " written to " + target, 1, 1);
        return new TrainResult(target, manifest, metrics, calibratedMetrics);
      }
    } catch (AtomicMoveNotSupportedException e) {
      throw new TrainingException(
          "the runs directory "
              + runsDirectory
              + " does not support atomic renames: use a local disk",
          e);
    } catch (IOException e) {
      throw new TrainingException("cannot write the run " + base + ": " + e.getMessage(), e);
    } finally {
      StagedDirectory.deleteRecursively(staging);
    }
  }

  static Map<String, Object> baselines(List<String> names, double[][] rows) {
    Map<String, Object> out = new LinkedHashMap<>();
    double[] column = new double[rows.length];
    for (int f = 0; f < names.size(); f++) {
      for (int i = 0; i < rows.length; i++) {
        column[i] = rows[i][f];
      }
      out.put(names.get(f), FeatureBaseline.of(column));
    }
    return out;
  }

  /**
   * k validation rows spread evenly over the (entity, time)-ordered set: deterministic for a
   * snapshot.
   */
  static List<GoldenExample> goldenExamples(
      List<String> names,
      ResolvedRows validation,
      double[] probabilities,
      Calibrator calibrator,
      int k) {
    List<GoldenExample> golden = new ArrayList<>();
    int n = validation.size();
    for (int j = 0; j < Math.min(k, n); j++) {
      int i = (int) ((long) j * n / Math.min(k, n));
      Map<String, Double> features = new LinkedHashMap<>();
      for (int f = 0; f < names.size(); f++) {
        features.put(names.get(f), validation.features()[i][f]);
      }
      golden.add(
          new GoldenExample(
              validation.entities()[i],
              Instant.ofEpochMilli(validation.millis()[i]).toString(),
              features,
              probabilities[i],
              calibrator.apply(probabilities[i])));
    }
    return golden;
  }

  /** sha256 over the IEEE-754 bits of every validation probability, in row order. */
  public static String predictionsSha256(double[] probabilities) {
    ByteBuffer bytes = ByteBuffer.allocate(probabilities.length * Double.BYTES);
    for (double p : probabilities) {
      bytes.putLong(Double.doubleToRawLongBits(p));
    }
    return Sha256.of(bytes.array());
  }

  private static Map<String, String> libraryVersions(RiskModel model) {
    Map<String, String> versions = new TreeMap<>();
    versions.put("tribuo", model.tribuoVersion());
    versions.put("java", System.getProperty("java.version"));
    versions.put("mlops-core", implementationVersion(Train.class, "development"));
    versions.put("duckdb", implementationVersion(org.duckdb.DuckDBDriver.class, "unknown"));
    return versions;
  }

  /** The version in a jar's manifest; absent when running from classes (a development build). */
  private static String implementationVersion(Class<?> type, String absent) {
    String version = type.getPackage().getImplementationVersion();
    return version == null ? absent : version;
  }
}
