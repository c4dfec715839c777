package dev.mlopssuite.batch.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.batch.config.InvalidConfigException;
import dev.mlopssuite.batch.testing.TrainingWorkspace;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.model.GoldenExample;
import dev.mlopssuite.runtime.model.RiskModel;
import dev.mlopssuite.runtime.run.TrainingManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainTest {
  static TrainingWorkspace workspace;
  static TrainResult first;

  @BeforeAll
  static void prepare(@TempDir Path dir) throws Exception {
    workspace = new TrainingWorkspace(dir).prepare(120, 50, "");
    first =
        new Train(workspace.config(Map.of()), Progress.NONE)
            .codeCommit("0123456789abcdef0123456789abcdef01234567")
            .runsDirectory(dir.resolve("runs-a"))
            .call();
  }

  @Test
  void writesEveryArtifactWithItsSha256AndFullLineage() throws Exception {
    TrainingManifest manifest = first.manifest();
    for (String file :
        List.of(
            "model.tribuo",
            "metrics.json",
            "feature_importance.json",
            "baseline_stats.json",
            "effective-config.yaml")) {
      assertEquals(
          Sha256.ofFile(first.runDirectory().resolve(file)), manifest.artifacts().get(file), file);
    }
    assertTrue(Files.exists(first.runDirectory().resolve("manifest.json")));
    assertTrue(manifest.snapshotId().startsWith("snap-"));
    assertTrue(manifest.featureVersion().startsWith("1-"));
    assertEquals(
        dev.mlopssuite.batch.labels.LabelContract.LOGIC_VERSION, manifest.labelLogicVersion());
    assertEquals("0123456789abcdef0123456789abcdef01234567", manifest.codeCommit());
    assertEquals(5, manifest.goldenExamples().size());
    assertTrue(manifest.libraryVersions().get("tribuo").startsWith("4.3"));
    assertTrue(manifest.split().validationPositives() > 0);
    JsonNode baseline =
        CanonicalJson.mapper()
            .readTree(first.runDirectory().resolve("baseline_stats.json").toFile());
    JsonNode voltage = baseline.get("battery_voltage");
    for (String key :
        List.of("count", "mean", "std", "min", "max", "percentiles", "histogram", "decile_edges")) {
      assertTrue(voltage.has(key), key);
    }
    assertEquals(manifest.split().trainingRows(), voltage.get("count").asLong());
  }

  @Test
  void trainingRowsAreOlderThanValidationAndResolved() {
    TrainingManifest.Split split = first.manifest().split();
    assertTrue(split.trainingRows() > split.validationRows());
    assertTrue(
        split.unresolvedRows() > 0,
        "the fixture must contain unresolved rows, none of which may train");
    assertEquals(
        split.trainingRows() + split.validationRows() + split.purgedRows(),
        first.validationMetrics().rows() + split.trainingRows() + split.purgedRows());
  }

  @Test
  void sameSnapshotConfigAndSeedGiveIdenticalPredictions() throws Exception {
    TrainResult again =
        new Train(workspace.config(Map.of()), Progress.NONE)
            .runsDirectory(workspace.dir().resolve("runs-b"))
            .call();
    assertEquals(
        first.manifest().validationPredictionsSha256(),
        again.manifest().validationPredictionsSha256());
    assertEquals(first.manifest().goldenExamples(), again.manifest().goldenExamples());
    assertEquals(first.manifest().configSha256(), again.manifest().configSha256());

    TrainResult otherSeed =
        new Train(workspace.config(Map.of("mlops.training.seed", "7")), Progress.NONE)
            .runsDirectory(workspace.dir().resolve("runs-c"))
            .call();
    assertNotEquals(first.manifest().configSha256(), otherSeed.manifest().configSha256());
    TrainResult otherConfig =
        new Train(
                workspace.config(Map.of("mlops.training.hyperParameters.epochs", "3")),
                Progress.NONE)
            .runsDirectory(workspace.dir().resolve("runs-d"))
            .call();
    assertNotEquals(first.manifest().configSha256(), otherConfig.manifest().configSha256());
    assertNotEquals(
        first.manifest().validationPredictionsSha256(),
        otherConfig.manifest().validationPredictionsSha256());
  }

  @Test
  void askingForUnresolvedRowsIsAnErrorNotAFilter() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> workspace.config(Map.of("mlops.training.useUnresolvedRows", "true")));
    assertEquals("training.useUnresolvedRows", e.key());
    assertTrue(e.getMessage().contains("never trainable"), e.getMessage());
  }

  @Test
  void aTypoInAHyperParameterIsRefused() throws Exception {
    TrainingException e =
        assertThrows(
            TrainingException.class,
            () ->
                new Train(
                        workspace.config(Map.of("mlops.training.hyperParameters.epoch", "3")),
                        Progress.NONE)
                    .call());
    assertTrue(e.getMessage().contains("[epoch]"), e.getMessage());
  }

  @Test
  void goldenExamplesReloadBitForBit() throws Exception {
    RiskModel model =
        RiskModel.load(
            first.runDirectory().resolve("model.tribuo"), first.manifest().featureNames());
    for (GoldenExample golden : first.manifest().goldenExamples()) {
      double[] x =
          first.manifest().featureNames().stream().mapToDouble(golden.features()::get).toArray();
      assertEquals(
          Double.doubleToRawLongBits(golden.probability()),
          Double.doubleToRawLongBits(model.probability(x)),
          golden.entity() + " " + golden.ts());
      assertTrue(
          Instant.parse(golden.ts()).toEpochMilli()
              >= first.manifest().split().validationFrom().toEpochMilli());
    }
  }

  @Test
  void reproducingFromTheManifestGivesIdenticalOutputs() throws Exception {
    Path manifestFile = first.runDirectory().resolve("manifest.json");
    ReproductionResult same =
        new Reproduce(
                workspace.config(Map.of("mlops.training.seed", "999")), manifestFile, Progress.NONE)
            .call();
    assertTrue(same.identical(), same.differences().toString());

    // An altered record is caught: the recorded golden probability no longer matches.
    String text = Files.readString(manifestFile);
    double recorded = first.manifest().goldenExamples().get(0).probability();
    Path edited = workspace.dir().resolve("edited/manifest.json");
    Files.createDirectories(edited.getParent());
    Files.writeString(
        edited, text.replace(Double.toString(recorded), Double.toString(recorded / 2)));
    ReproductionResult different =
        new Reproduce(workspace.config(Map.of()), edited, Progress.NONE).call();
    assertTrue(
        !different.identical() && !different.goldenExamplesIdentical(), different.toString());
    assertTrue(different.differences().get(0).contains("golden examples differ"));
  }
}
