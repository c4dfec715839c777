package dev.mlopssuite.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.model.GoldenExample;
import dev.mlopssuite.runtime.model.RiskModel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run verifier on committed runs of both format versions (STYLE.md habit 12), and on copies
 * tampered with one way each.
 */
class RunVerifierTest {
  @TempDir Path dir;
  private final RunVerifier verifier = new RunVerifier();

  static Path sample(String name) throws URISyntaxException {
    return Path.of(RunVerifierTest.class.getResource("/formats/" + name).toURI());
  }

  private Path copyOfV2() throws Exception {
    Path source = sample("v2/run");
    Path target = Files.createDirectories(dir.resolve("run"));
    try (Stream<Path> files = Files.list(source)) {
      for (Path f : files.toList()) {
        Files.copy(f, target.resolve(f.getFileName().toString()));
      }
    }
    return target;
  }

  private static void editManifest(Path run, Consumer<ObjectNode> edit) throws IOException {
    Path file = run.resolve(RunFormat.MANIFEST);
    ObjectNode tree = (ObjectNode) CanonicalJson.mapper().readTree(file.toFile());
    edit.accept(tree);
    Files.writeString(file, CanonicalJson.pretty(tree));
  }

  @Test
  void theCommittedV2RunVerifiesWhole() throws Exception {
    RunVerification run = verifier.verify(sample("v2/run"), null);
    assertTrue(run.valid(), run.integrityProblems() + " " + run.missingLineage());
    assertNotNull(run.model());
    assertEquals(run.manifest().featureVersion(), run.featureSet().featureVersion());
    assertEquals(Sha256.ofFile(sample("v2/run").resolve(RunFormat.MANIFEST)), run.manifestSha256());
  }

  @Test
  void aV1ManifestAndModelStillLoad() throws Exception {
    TrainingManifest manifest = TrainingManifest.read(sample("v1/manifest.json"));
    assertEquals(1, manifest.formatVersion());
    assertNull(manifest.featureDefinitions());
    RiskModel model = RiskModel.load(sample("v1/model.tribuo"), manifest.featureNames());
    for (GoldenExample golden : manifest.goldenExamples()) {
      double[] x = manifest.featureNames().stream().mapToDouble(golden.features()::get).toArray();
      assertEquals(golden.probability(), model.probability(x), 0.0);
    }
  }

  @Test
  void theManifestHashTheCallerHoldsIsChecked() throws Exception {
    RunVerification run = verifier.verify(sample("v2/run"), "0".repeat(64));
    assertFalse(run.valid());
    assertNull(run.model(), "a manifest that is not the one recorded is never trusted");
    assertTrue(run.integrityProblems().get(0).contains("was expected"));
  }

  @Test
  void aFlippedModelByteIsCaughtBeforeLoading() throws Exception {
    Path run = copyOfV2();
    byte[] bytes = Files.readAllBytes(run.resolve(RunFormat.MODEL));
    bytes[bytes.length / 2] ^= 1;
    Files.write(run.resolve(RunFormat.MODEL), bytes);
    RunVerification result = verifier.verify(run, null);
    assertNull(result.model());
    assertTrue(result.integrityProblems().get(0).contains("model.tribuo does not match"));
    RunVerificationException e =
        assertThrows(RunVerificationException.class, () -> result.requireValid("champion"));
    assertTrue(e.getMessage().contains("champion"), e.getMessage());
  }

  @Test
  void requiredFilesComeFromTheFormatNotFromTheManifest() throws Exception {
    Path run = copyOfV2();
    editManifest(run, tree -> ((ObjectNode) tree.get("artifacts")).remove(RunFormat.MODEL));
    RunVerification result = verifier.verify(run, null);
    assertNull(result.model());
    assertTrue(
        result.integrityProblems().toString().contains("lists no sha256 for model.tribuo"),
        result.integrityProblems().toString());
  }

  @Test
  void aPathEscapingTheRunIsRefused() throws Exception {
    Path run = copyOfV2();
    Files.writeString(dir.resolve("outside.json"), "{}");
    editManifest(
        run,
        tree ->
            ((ObjectNode) tree.get("artifacts"))
                .put("../outside.json", Sha256.of("{}".getBytes())));
    RunVerification result = verifier.verify(run, null);
    assertTrue(
        result.integrityProblems().toString().contains("outside the run directory"),
        result.integrityProblems().toString());
  }

  @Test
  void aGoldenExampleThatDoesNotReproduceIsCaught() throws Exception {
    Path run = copyOfV2();
    editManifest(
        run,
        tree -> {
          ObjectNode first = (ObjectNode) ((ArrayNode) tree.get("golden_examples")).get(0);
          first.put("probability", Math.nextUp(first.get("probability").asDouble()));
        });
    RunVerification result = verifier.verify(run, null);
    assertFalse(result.valid());
    assertTrue(result.integrityProblems().get(0).contains("golden example"));
  }

  @Test
  void editedFeatureDefinitionsAreCaught() throws Exception {
    Path run = copyOfV2();
    editManifest(
        run,
        tree -> {
          ArrayNode definitions = (ArrayNode) tree.get("feature_definitions").get("definitions");
          for (var definition : definitions) {
            if (definition.has("window")) {
              ((ObjectNode) definition).put("window", "PT48H");
              break;
            }
          }
        });
    RunVerification result = verifier.verify(run, null);
    assertFalse(result.valid());
    assertTrue(
        result.integrityProblems().get(0).contains("feature_definitions"),
        result.integrityProblems().toString());
  }

  @Test
  void missingLineageIsListed() throws Exception {
    Path run = copyOfV2();
    editManifest(run, tree -> tree.putNull("snapshot_id"));
    RunVerification result = verifier.verify(run, null);
    assertEquals(java.util.List.of("snapshot_id"), result.missingLineage());
    assertFalse(result.valid());
  }

  @Test
  void nothingToVerifyIsAnErrorNamingTheProblem() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertTrue(
        assertThrows(RunFormatException.class, () -> verifier.verify(empty, null))
            .getMessage()
            .contains("is empty"));
    assertTrue(
        assertThrows(RunFormatException.class, () -> verifier.verify(dir.resolve("nope"), null))
            .getMessage()
            .contains("no run directory"));
    Path run = copyOfV2();
    editManifest(run, tree -> tree.put("format_version", 99));
    assertTrue(
        assertThrows(RunFormatException.class, () -> verifier.verify(run, null))
            .getMessage()
            .contains("format_version 99"));
  }
}
