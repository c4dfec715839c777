package dev.mlopssuite.batch.evaluation;

import dev.mlopssuite.batch.config.LoadedConfig;
import dev.mlopssuite.batch.config.MlopsConfig;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.config.TrainingConfig;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.gate.ChampionRef;
import dev.mlopssuite.batch.gate.GateInputs;
import dev.mlopssuite.batch.gate.GateJudge;
import dev.mlopssuite.batch.gate.GatePolicy;
import dev.mlopssuite.batch.gate.Verdict;
import dev.mlopssuite.batch.publish.AtomicFile;
import dev.mlopssuite.batch.publish.StagedDirectory;
import dev.mlopssuite.batch.snapshot.SnapshotManifest;
import dev.mlopssuite.batch.snapshot.SnapshotStore;
import dev.mlopssuite.batch.training.CodeCommit;
import dev.mlopssuite.batch.training.PredictionsFile;
import dev.mlopssuite.batch.training.ResolvedRows;
import dev.mlopssuite.batch.training.RowSelection;
import dev.mlopssuite.batch.training.SnapshotLabels;
import dev.mlopssuite.batch.training.SplitSummary;
import dev.mlopssuite.batch.training.TrainingException;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.features.FeatureEngine;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.run.RunFormatException;
import dev.mlopssuite.runtime.run.RunVerification;
import dev.mlopssuite.runtime.run.RunVerifier;
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
 * validation rows, applies the gate policy and writes evaluation.json, evaluation.md, roc.svg,
 * pr.svg, calibration.svg and verdict.json into the challenger's run directory. It reads the
 * champion and never writes to it.
 *
 * <p>It decides from what it verifies and recomputes, never from what a manifest claims
 * (docs/trust.md): both runs pass the one {@link RunVerifier}; the split is recomputed from the
 * snapshot and the recorded configuration; bootstrap is this evaluation's configuration, not the
 * challenger's manifest; a configured champion that is missing or fails verification is an error,
 * and "no champion" must be said ({@code champion: none}).
 */
public final class Evaluate {
  public static final String EVALUATION_JSON = "evaluation.json";
  public static final String EVALUATION_MD = "evaluation.md";
  public static final String VERDICT = "verdict.json";

  /** Every evaluated row with raw, calibrated and champion probabilities (docs/formats.md). */
  public static final String PREDICTIONS = "evaluation_predictions.parquet";

  /** The value of {@code training.champion} that says there is no champion yet. */
  public static final String NO_CHAMPION = "none";

  private final LoadedConfig loaded;
  private final Progress progress;
  private final RunVerifier verifier = new RunVerifier();
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
    if (StagedDirectory.isStaging(challengerDir)) {
      throw new TrainingException(
          challengerDir
              + " is a staging directory of a run that was never published (a killed or running"
              + " mlops:train): it is never evaluated; name a published run under runs/");
    }
    GatePolicy policy =
        MlopsConfigLoader.readYaml(loaded.resolve(training.policy()), GatePolicy.class);
    RunVerification champion = verifiedChampion(training);
    if (champion != null && training.bootstrap()) {
      throw new TrainingException(
          "training.bootstrap is true but a champion is configured ("
              + training.champion()
              + "): a bootstrap is a first model with no champion; set bootstrap: false, or"
              + " champion: none");
    }

    RunVerification challenger = verifier.verify(challengerDir, null);
    TrainingManifest manifest = challenger.manifest();
    List<String> integrity = new ArrayList<>(challenger.integrityProblems());
    List<String> lineage = new ArrayList<>(challenger.missingLineage());
    if (manifest.codeCommit() != null
        && !manifest.codeCommit().isBlank()
        && !CodeCommit.looksLikeCommit(manifest.codeCommit())) {
      lineage.add("code_commit ('" + manifest.codeCommit() + "' is not a commit id)");
    }

    SnapshotStore store = new SnapshotStore(loaded.workDirectory().resolve("snapshots"));
    SnapshotManifest snapshot = store.resolve(manifest.snapshotId());
    store.verify(snapshot);
    SnapshotLabels.requireMatching(loaded.config(), snapshot);
    MlopsConfig recorded = recordedConfig(manifest, challengerDir);
    try {
      SnapshotLabels.requireMatching(recorded, snapshot);
    } catch (TrainingException e) {
      integrity.add("the configuration recorded in manifest.json: " + e.getMessage());
    }
    Path data = store.directory(snapshot.id()).resolve(SnapshotManifest.DATA_FILE);

    ScoredModel challengerScores = null;
    ScoredModel championScores = null;
    String predictionsSha256 = null;
    TrainingManifest.Split split = manifest.split();
    if (challenger.intact()) {
      try (DuckDbSession db =
          DuckDbSession.open(
              loaded.config().engine().resources(loaded.baseDirectory(), loaded.workDirectory()))) {
        FeatureSetDefinition features = featureSet(challenger, recorded);
        ResolvedRows all = rows(db, data, features);
        RowSelection recomputed = RowSelection.forSnapshot(all, snapshot, recorded.training());
        split = SplitSummary.of(all, recomputed);
        if (!split.equals(manifest.split())) {
          integrity.add(
              "the split in manifest.json "
                  + manifest.split()
                  + " is not the split recomputed from snapshot "
                  + snapshot.id()
                  + " and the recorded configuration "
                  + split
                  + ": the manifest was edited; retrain");
        }
        ResolvedRows validation = all.subset(recomputed.validation());
        challengerScores = ScoredModel.score(challenger, validation, training, policy);
        if (challengerScores.invalidProbabilities() > 0) {
          integrity.add(
              challengerScores.invalidProbabilities()
                  + " validation outputs are NaN or outside [0, 1]");
        }
        if (champion != null) {
          FeatureSetDefinition championFeatures =
              featureSet(champion, recordedConfig(champion.manifest(), champion.directory()));
          // Labels do not depend on features: the champion's rows are the same resolved rows in the
          // same order, so the same indices select the same validation rows.
          ResolvedRows championRows =
              championFeatures.featureVersion().equals(features.featureVersion())
                  ? validation
                  : rows(db, data, championFeatures).subset(recomputed.validation());
          championScores = ScoredModel.score(champion, championRows, training, policy);
          progress.report(
              "evaluate: champion "
                  + champion.manifest().version()
                  + " scored on the same "
                  + championRows.size()
                  + " rows",
              1,
              1);
        }
        Path predictions = challengerDir.resolve(PREDICTIONS);
        Path staged = challengerDir.resolve("." + PREDICTIONS + ".tmp");
        PredictionsFile.write(
            db,
            staged,
            validation,
            challengerScores.raw(),
            challengerScores.calibrated(),
            championScores == null ? null : championScores.used());
        predictionsSha256 = Sha256.ofFileUnchecked(staged);
        java.nio.file.Files.move(
            staged,
            predictions,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (java.io.IOException e) {
        throw new TrainingException(
            "cannot write " + PREDICTIONS + " into " + challengerDir + ": " + e.getMessage(), e);
      }
    }
    if (champion == null) {
      progress.report("evaluate: champion: none (training.champion: none)", 1, 1);
    }
    BinaryMetrics challengerMetrics = challengerScores == null ? null : challengerScores.metrics();
    BinaryMetrics championMetrics = championScores == null ? null : championScores.metrics();

    ChampionRef championRef =
        champion == null
            ? null
            : new ChampionRef(champion.manifest().version(), champion.manifestSha256());
    GateInputs inputs =
        new GateInputs(
            challengerMetrics == null ? Map.of() : challengerMetrics.asMap(),
            championMetrics == null ? null : championMetrics.asMap(),
            championRef,
            training.bootstrap(),
            split.trainingRows() + split.validationRows(),
            split.trainingPositives(),
            split.validationPositives(),
            integrity,
            lineage);
    Verdict verdict =
        new GateJudge(policy).judge(inputs, manifest.version(), challenger.manifestSha256());
    verdict =
        verdict.withProbability(challengerScores == null ? null : challengerScores.usedName());
    return write(
        challengerDir,
        manifest,
        split,
        challengerScores,
        championScores,
        verdict,
        predictionsSha256);
  }

  /** The configured champion, verified whole; null only when the configuration says none. */
  private RunVerification verifiedChampion(TrainingConfig training) throws MlopsException {
    String configured = training.champion();
    if (configured == null || configured.isBlank()) {
      throw new TrainingException(
          "mlops.yaml key 'training.champion' is not set: name the champion's run directory, or"
              + " write 'champion: none' for a first model (an absent champion is never assumed)");
    }
    if (NO_CHAMPION.equals(configured)) {
      return null;
    }
    Path dir = loaded.resolve(configured);
    try {
      return verifier.verify(dir, null).requireValid("champion");
    } catch (RunFormatException e) {
      throw new TrainingException(
          "the champion (training.champion: "
              + configured
              + ") cannot be used: "
              + e.getMessage()
              + "\n  a missing champion is never read as 'no champion': restore it, or write"
              + " 'champion: none' if there really is none",
          e);
    }
  }

  private EvaluationResult write(
      Path dir,
      TrainingManifest manifest,
      TrainingManifest.Split split,
      ScoredModel challenger,
      ScoredModel champion,
      Verdict verdict,
      String predictionsSha256)
      throws TrainingException {
    BinaryMetrics challengerMetrics = challenger == null ? null : challenger.metrics();
    BinaryMetrics championMetrics = champion == null ? null : champion.metrics();
    try {
      Map<String, Object> evaluation = new LinkedHashMap<>();
      evaluation.put(
          "challenger",
          challenger == null
              ? Map.of("version", manifest.version())
              : challenger.describe(manifest.version()));
      evaluation.put(
          "champion",
          verdict.champion() == null
              ? null
              : champion == null
                  ? Map.of(
                      "version",
                      verdict.champion().version(),
                      "manifest_sha256",
                      verdict.champion().manifestSha256())
                  : withSha(
                      champion.describe(verdict.champion().version()),
                      verdict.champion().manifestSha256()));
      evaluation.put("snapshot_id", manifest.snapshotId());
      evaluation.put("validation_from", split.validationFrom());
      evaluation.put("split", split);
      evaluation.put("predictions_file", PREDICTIONS);
      evaluation.put("predictions_sha256", predictionsSha256);
      AtomicFile.write(dir.resolve(EVALUATION_JSON), CanonicalJson.pretty(evaluation));
      Path report = dir.resolve(EVALUATION_MD);
      if (challengerMetrics != null) {
        AtomicFile.write(
            dir.resolve("roc.svg"), EvaluationPlots.roc(challengerMetrics, championMetrics));
        AtomicFile.write(
            dir.resolve("pr.svg"),
            EvaluationPlots.precisionRecall(challengerMetrics, championMetrics));
        AtomicFile.write(
            dir.resolve("calibration.svg"),
            EvaluationPlots.calibration(challengerMetrics, championMetrics));
        AtomicFile.write(
            dir.resolve("reliability.svg"),
            EvaluationPlots.reliability(challenger.rawMetrics(), challenger.calibratedMetrics()));
      }
      AtomicFile.write(
          report,
          EvaluationReport.markdown(
                  manifest.model(),
                  verdict,
                  challengerMetrics,
                  championMetrics,
                  manifest.snapshotId(),
                  manifest.featureVersion())
              + CalibrationReport.markdown(challenger, split));
      // The verdict last: whoever reads it finds the files it speaks of already in place.
      AtomicFile.write(dir.resolve(VERDICT), CanonicalJson.pretty(verdict));
      return new EvaluationResult(
          dir, challengerMetrics, championMetrics, verdict, report, dir.resolve(VERDICT));
    } catch (IOException e) {
      throw new TrainingException(
          "cannot write the evaluation into " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> withSha(Map<String, Object> description, String sha) {
    Map<String, Object> out = new LinkedHashMap<>(description);
    out.put("manifest_sha256", sha);
    return out;
  }

  private ResolvedRows rows(DuckDbSession db, Path data, FeatureSetDefinition features)
      throws MlopsException {
    return ResolvedRows.read(
        db,
        data,
        new FeatureEngine(features),
        loaded.config().entityColumn(),
        loaded.config().timeColumn(),
        Progress.NONE);
  }

  /** The configuration a run recorded (its validation fraction decides the recomputed split). */
  private MlopsConfig recordedConfig(TrainingManifest manifest, Path dir) throws MlopsException {
    return MlopsConfigLoader.parse(manifest.effectiveConfig(), dir).config();
  }

  /**
   * The feature set a verified run scores with: from the manifest itself (format 2), or for a
   * format-1 run from the configuration it recorded.
   */
  private static FeatureSetDefinition featureSet(RunVerification run, MlopsConfig recorded)
      throws TrainingException {
    if (run.featureSet() != null) {
      return run.featureSet();
    }
    FeatureSetDefinition features = recorded.features();
    if (features == null || !features.featureVersion().equals(run.manifest().featureVersion())) {
      throw new TrainingException(
          "the configuration recorded in "
              + run.directory().resolve(TrainingManifest.FILE_NAME)
              + " does not give its feature version "
              + run.manifest().featureVersion()
              + ": the manifest was edited or is corrupt");
    }
    return features;
  }

  private static Path newestRun(Path runs) throws TrainingException {
    try (Stream<Path> entries = Files.isDirectory(runs) ? Files.list(runs) : Stream.empty()) {
      Iterator<Path> newest =
          entries
              .filter(p -> !StagedDirectory.isStaging(p))
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
