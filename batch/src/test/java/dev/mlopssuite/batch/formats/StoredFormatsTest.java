package dev.mlopssuite.batch.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.config.MlopsConfigLoader;
import dev.mlopssuite.batch.gate.GatePolicy;
import dev.mlopssuite.batch.gate.Verdict;
import dev.mlopssuite.batch.snapshot.SnapshotManifest;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.model.GoldenExample;
import dev.mlopssuite.runtime.model.RiskModel;
import dev.mlopssuite.runtime.run.TrainingManifest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

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
  void versionOneSnapshotVerdictAndPolicyRead() throws Exception {
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
    GatePolicy policy = MlopsConfigLoader.readYaml(V1.resolve("policy.yaml"), GatePolicy.class);
    assertEquals(0.40, policy.minRecall());
  }
}
