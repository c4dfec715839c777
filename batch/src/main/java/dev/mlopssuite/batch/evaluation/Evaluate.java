package dev.mlopssuite.batch.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.config.TrainingConfig;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.gate.ChampionRef;
import dev.mlopssuite.batch.gate.GateInputs;
import dev.mlopssuite.batch.gate.GateJudge;
import dev.mlopssuite.batch.gate.GatePolicy;
import dev.mlopssuite.batch.gate.Verdict;
import dev.mlopssuite.batch.snapshot.SnapshotManifest;
import dev.mlopssuite.batch.snapshot.SnapshotStore;
import dev.mlopssuite.batch.training.ResolvedRows;
import dev.mlopssuite.batch.training.TrainingException;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.metrics.ScoredRows;
import dev.mlopssuite.runtime.model.GoldenExample;
import dev.mlopssuite.runtime.model.RiskModel;
import dev.mlopssuite.runtime.run.TrainingManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code mlops:evaluate}: scores the challenger and the champion (when there is one) on the same
 * validation rows, checks the challenger's integrity and lineage, applies the gate policy and
 * writes evaluation.json, evaluation.md, roc.svg, pr.svg, calibration.svg and verdict.json into the
 * challenger's run directory (ARCHITECTURE.md, "Training, evaluation, gates"). It reads the
 * champion and never writes to it.
 */
public final class Evaluate {
  public static final String EVALUATION_JSON = "evaluation.json";
  public static final String EVALUATION_MD = "evaluation.md";
  public static final String VERDICT = "verdict.json";
  private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private final LoadedConfig loaded;
  private final Progress progress;
  private Path run;

  public Evaluate(LoadedConfig loaded, Progress progress) {
    this.loaded = loaded;
    this.progress = progress;
  }

  /** The challenger's run directory; default: the newest under runs/. */
  public Evaluate run(Path runDirectory) {
    this.run = runDirectory;
    return this;
  }

  public EvaluationResult call() throws MlopsException {
    TrainingConfig training = loaded.config().training();
    Path challengerDir = run != null ? run : newestRun(loaded.workDirectory().resolve("runs"));
    GatePolicy policy =
        MlopsConfigLoader.readYaml(loaded.resolve(training.policy()), GatePolicy.class);
    TrainingManifest manifest = readManifest(challengerDir);
    String manifestSha = Sha256.ofFileUnchecked(challengerDir.resolve(TrainingManifest.FILE_NAME));
    List<String> integrity = new ArrayList<>();
    List<String> lineage = missingLineage(challengerDir);

    for (Map.Entry<String, String> artifact : manifest.artifacts().entrySet()) {
      Path file = challengerDir.resolve(artifact.getKey());
      String actual = Files.isRegularFile(file) ? Sha256.ofFileUnchecked(file) : "missing";
      if (!actual.equals(artifact.getValue())) {
        integrity.add(
            artifact.getKey()
                + " does not match its sha256 in manifest.json (expected "
                + artifact.getValue().substring(0, 12)
                + "…, found "
                + (actual.equals("missing") ? "no file" : actual.substring(0, 12) + "…")
                + ")");
      }
    }
    // Verify before deserializing: a file that fails its hash is never loaded.
    RiskModel challengerModel = null;
    if (integrity.isEmpty()) {
      try {
        challengerModel =
            RiskModel.load(challengerDir.resolve(RiskModel.FILE_NAME), manifest.featureNames());
      } catch (dev.mlopssuite.runtime.model.ModelException e) {
        integrity.add("the model does not load: " + e.getMessage());
      }
    }
    if (challengerModel != null) {
      for (GoldenExample golden : manifest.goldenExamples()) {
        double[] x =
            manifest.featureNames().stream()
                .mapToDouble(name -> golden.features().getOrDefault(name, Double.NaN))
                .toArray();
        double p = challengerModel.probability(x);
        if (Double.doubleToRawLongBits(p) != Double.doubleToRawLongBits(golden.probability())) {
          integrity.add(
              "golden example "
                  + golden.entity()
                  + " @ "
                  + golden.ts()
                  + " gives "
                  + p
                  + ", manifest records "
                  + golden.probability());
        }
      }
    }

    FeatureSetDefinition challengerFeatures = recordedFeatures(manifest, challengerDir);
    SnapshotStore store = new SnapshotStore(loaded.workDirectory().resolve("snapshots"));
    SnapshotManifest snapshot = store.resolve(manifest.snapshotId());
    store.verify(snapshot);
    Path data = store.directory(snapshot.id()).resolve(SnapshotManifest.DATA_FILE);
    long cutoff = manifest.split().validationFrom().toEpochMilli();

    BinaryMetrics challengerMetrics = null;
    BinaryMetrics championMetrics = null;
    ChampionRef championRef = null;
    try (DuckDbSession db = DuckDbSession.open(loaded.workDirectory().resolve(".duckdb-spill"))) {
      ResolvedRows validation = validationRows(db, data, challengerFeatures, cutoff);
      if (challengerModel != null) {
        ScoredRows scored = score(challengerModel, validation);
        if (scored.invalidProbabilities() > 0) {
          integrity.add(
              scored.invalidProbabilities() + " validation outputs are NaN or outside [0, 1]");
        } else {
          challengerMetrics = BinaryMetrics.of(scored, training.threshold(), training.eceBins());
        }
      }
      Path championDir = training.champion() == null ? null : loaded.resolve(training.champion());
      if (championDir != null
          && Files.isRegularFile(championDir.resolve(TrainingManifest.FILE_NAME))) {
        TrainingManifest champion = readManifest(championDir);
        championRef =
            new ChampionRef(
                champion.version(),
                Sha256.ofFileUnchecked(championDir.resolve(TrainingManifest.FILE_NAME)));
        RiskModel championModel =
            RiskModel.load(championDir.resolve(RiskModel.FILE_NAME), champion.featureNames());
        // Same feature version: same rows, already computed. Otherwise the champion's own features.
        ResolvedRows championRows =
            champion.featureVersion().equals(manifest.featureVersion())
                ? validation
                : validationRows(db, data, recordedFeatures(champion, championDir), cutoff);
        ScoredRows scored = score(championModel, championRows);
        if (scored.invalidProbabilities() == 0) {
          championMetrics = BinaryMetrics.of(scored, training.threshold(), training.eceBins());
        }
        progress.report(
            "evaluate: champion "
                + champion.version()
                + " scored on the same "
                + championRows.size()
                + " rows",
            1,
            1);
      } else if (championDir != null) {
        progress.report(
            "evaluate: no champion at " + championDir + " (no manifest.json there)", 1, 1);
      }
    }

    boolean bootstrap = training.bootstrap() || manifest.bootstrap();
    GateInputs inputs =
        new GateInputs(
            challengerMetrics == null ? Map.of() : challengerMetrics.asMap(),
            championMetrics == null ? null : championMetrics.asMap(),
            championRef,
            bootstrap,
            manifest.split().trainingRows() + manifest.split().validationRows(),
            manifest.split().trainingPositives(),
            manifest.split().validationPositives(),
            integrity,
            lineage);
    Verdict verdict = new GateJudge(policy).judge(inputs, manifest.version(), manifestSha);
    return write(challengerDir, manifest, challengerMetrics, championMetrics, verdict);
  }

  private EvaluationResult write(
      Path dir,
      TrainingManifest manifest,
      BinaryMetrics challenger,
      BinaryMetrics champion,
      Verdict verdict)
      throws TrainingException {
    try {
      Map<String, Object> evaluation = new LinkedHashMap<>();
      evaluation.put(
          "challenger",
          Map.of(
              "version",
              manifest.version(),
              "metrics",
              challenger == null ? Map.of() : challenger));
      evaluation.put(
          "champion",
          verdict.champion() == null
              ? null
              : Map.of(
                  "version",
                  verdict.champion().version(),
                  "manifest_sha256",
                  verdict.champion().manifestSha256(),
                  "metrics",
                  champion == null ? Map.of() : champion));
      evaluation.put("snapshot_id", manifest.snapshotId());
      evaluation.put("validation_from", manifest.split().validationFrom());
      Files.writeString(dir.resolve(EVALUATION_JSON), CanonicalJson.pretty(evaluation));
      Files.writeString(dir.resolve(VERDICT), CanonicalJson.pretty(verdict));
      Path report = dir.resolve(EVALUATION_MD);
      Files.writeString(
          report,
          EvaluationReport.markdown(
              manifest.model(),
              verdict,
              challenger,
              champion,
              manifest.snapshotId(),
              manifest.featureVersion()));
      if (challenger != null) {
        Files.writeString(dir.resolve("roc.svg"), EvaluationPlots.roc(challenger, champion));
        Files.writeString(
            dir.resolve("pr.svg"), EvaluationPlots.precisionRecall(challenger, champion));
        Files.writeString(
            dir.resolve("calibration.svg"), EvaluationPlots.calibration(challenger, champion));
      }
      return new EvaluationResult(dir, challenger, champion, verdict, report, dir.resolve(VERDICT));
    } catch (IOException e) {
      throw new TrainingException(
          "cannot write the evaluation into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static ScoredRows score(RiskModel model, ResolvedRows rows) {
    return new ScoredRows(
        model.probabilities(rows.features()), rows.labels(), rows.entities(), rows.millis());
  }

  private ResolvedRows validationRows(
      DuckDbSession db, Path data, FeatureSetDefinition features, long cutoff)
      throws MlopsException {
    ResolvedRows all =
        ResolvedRows.read(
            db,
            data,
            new FeatureEngine(features),
            loaded.config().entityColumn(),
            loaded.config().timeColumn(),
            Progress.NONE);
    return all.subset(
        java.util.stream.IntStream.range(0, all.size())
            .filter(i -> all.millis()[i] >= cutoff)
            .toArray());
  }

  /** The feature set a run was trained with, from the configuration it recorded. */
  private static FeatureSetDefinition recordedFeatures(TrainingManifest manifest, Path dir)
      throws MlopsException {
    FeatureSetDefinition features =
        MlopsConfigLoader.parse(manifest.effectiveConfig(), dir).config().features();
    if (features == null || !features.featureVersion().equals(manifest.featureVersion())) {
      throw new TrainingException(
          "the configuration recorded in "
              + dir.resolve(TrainingManifest.FILE_NAME)
              + " does not give its feature version "
              + manifest.featureVersion()
              + ": the manifest was edited or is corrupt");
    }
    return features;
  }

  private static TrainingManifest readManifest(Path dir) throws MlopsException {
    return TrainingManifest.read(dir.resolve(TrainingManifest.FILE_NAME));
  }

  /** Manifest fields that are absent, null or empty. */
  static List<String> missingLineage(Path dir) throws TrainingException {
    List<String> missing = new ArrayList<>();
    try {
      JsonNode tree =
          CanonicalJson.mapper().readTree(dir.resolve(TrainingManifest.FILE_NAME).toFile());
      for (var component : TrainingManifest.class.getRecordComponents()) {
        // The same translation the manifest was written with (@JsonNaming on TrainingManifest).
        String key = SNAKE_CASE.translate(component.getName());
        JsonNode value = tree.get(key);
        if (value == null
            || value.isNull()
            || (value.isTextual() && value.asText().isBlank())
            || (value.isContainerNode() && value.isEmpty())) {
          missing.add(key);
        }
      }
    } catch (IOException e) {
      throw new TrainingException("cannot read the manifest in " + dir + ": " + e.getMessage(), e);
    }
    return missing;
  }

  private static Path newestRun(Path runs) throws TrainingException {
    try (Stream<Path> entries = Files.isDirectory(runs) ? Files.list(runs) : Stream.empty()) {
      Iterator<Path> newest =
          entries
              .filter(p -> Files.isRegularFile(p.resolve(TrainingManifest.FILE_NAME)))
              .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
              .iterator();
      if (!newest.hasNext()) {
        throw new TrainingException(
            "no training run under "
                + runs
                + ": run mvn mlops:train first, or name one with -Dmlops.run=DIR");
      }
      return newest.next();
    } catch (IOException e) {
      throw new TrainingException("cannot list " + runs + ": " + e.getMessage(), e);
    }
  }
}
