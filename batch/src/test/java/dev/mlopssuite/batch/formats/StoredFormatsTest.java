package dev.mlopssuite.batch.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.config.InvalidConfigException;
import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.gate.GatePolicy;
import dev.mlopssuite.batch.gate.Verdict;
import dev.mlopssuite.batch.snapshot.SnapshotManifest;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.model.GoldenExample;
import dev.mlopssuite.runtime.model.RiskModel;
import dev.mlopssuite.runtime.run.TrainingManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifacts written by format version 1 (committed under src/test/resources/formats/v1) must keep
 * loading: a model promoted once stays servable and auditable after the code moves on (STYLE.md
 * habit 12). A format change that breaks this needs a migration, not an edit here.
 */
class StoredFormatsTest {
  static final Path V1 = Path.of("src/test/resources/formats/v1");

  @Test
  void aVersionOneModelLoadsAndReproducesItsGoldenExamples() throws Exception {
    TrainingManifest manifest =
        CanonicalJson.mapper()
            .readValue(V1.resolve("manifest.json").toFile(), TrainingManifest.class);
    assertEquals(1, manifest.formatVersion());
    assertEquals(
        Sha256.ofFile(V1.resolve("model.tribuo")), manifest.artifacts().get("model.tribuo"));
    RiskModel model = RiskModel.load(V1.resolve("model.tribuo"), manifest.featureNames());
    for (GoldenExample golden : manifest.goldenExamples()) {
      double[] x = manifest.featureNames().stream().mapToDouble(golden.features()::get).toArray();
      assertEquals(
          Double.doubleToRawLongBits(golden.probability()),
          Double.doubleToRawLongBits(model.probability(x)),
          golden.toString());
    }
    // the recorded configuration still reads back and gives the recorded feature version
    var recorded = MlopsConfigLoader.parse(manifest.effectiveConfig(), V1).config();
    assertEquals(manifest.featureVersion(), recorded.features().featureVersion());
  }

  @Test
  void versionOneSnapshotAndVerdictRead() throws Exception {
    SnapshotManifest snapshot =
        CanonicalJson.mapper()
            .readValue(V1.resolve("snapshot.json").toFile(), SnapshotManifest.class);
    assertEquals(SnapshotManifest.FORMAT_VERSION, snapshot.formatVersion());
    assertTrue(snapshot.id().startsWith("snap-"));
    assertEquals(
        snapshot.id(),
        "snap-" + CanonicalJson.sha256(snapshot.identity()).substring(0, 16),
        "the id must still be derived from the identity the same way");
    Verdict verdict =
        CanonicalJson.mapper().readValue(V1.resolve("verdict.json").toFile(), Verdict.class);
    assertEquals(11, verdict.gates().size());
  }

  /**
   * The v1 policy's {@code maxFpBurdenIncrease} counted rows and was renamed when the burden became
   * days (maxFalseAlarmDaysIncrease): its number does not carry over, so the old file is refused
   * with what to write instead, and with that one key restated the rest of it still reads.
   */
  @Test
  void versionOnePolicyNamesItsRenamedKeyAndOtherwiseReads(@TempDir Path dir) throws Exception {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> MlopsConfigLoader.readYaml(V1.resolve("policy.yaml"), GatePolicy.class));
    assertEquals("maxFpBurdenIncrease", e.key());
    assertTrue(e.getMessage().contains("renamed to maxFalseAlarmDaysIncrease"), e.getMessage());

    String v1 = Files.readString(V1.resolve("policy.yaml"));
    String restated =
        v1.replaceAll("(?m)^maxFpBurdenIncrease:.*$", "maxFalseAlarmDaysIncrease: 25.0");
    assertNotEquals(v1, restated);
    Path policyFile = dir.resolve("policy.yaml");
    Files.writeString(policyFile, restated);
    GatePolicy policy = MlopsConfigLoader.readYaml(policyFile, GatePolicy.class);
    assertEquals(0.40, policy.minRecall());
    assertEquals(25.0, policy.maxFalseAlarmDaysIncrease());
  }
}
