package dev.mlopssuite.batch.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlopssuite.batch.gate.GateResult;
import dev.mlopssuite.batch.testing.TrainingWorkspace;
import dev.mlopssuite.batch.training.Train;
import dev.mlopssuite.batch.training.TrainResult;
import dev.mlopssuite.batch.training.TrainingException;
import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.run.RunVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each finding of the trust review, replayed: evaluation decides from what it verifies and
 * recomputes, never from what a manifest or a missing directory suggests (docs/trust.md).
 */
class EvaluationTrustTest {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static TrainingWorkspace workspace;
  static Path challenger;
  static Path champion;
  @TempDir Path scratch;

  @BeforeAll
  static void prepare(@TempDir Path dir) throws Exception {
    workspace = new TrainingWorkspace(dir).prepare(80, 45, "");
    challenger = train("runs-a", Map.of()).runDirectory();
    champion = train("runs-b", Map.of("mlops.training.seed", "7")).runDirectory();
  }

  private static TrainResult train(String runs, Map<String, String> overrides) throws Exception {
    return new Train(workspace.config(overrides), Progress.NONE)
        .codeCommit(COMMIT)
        .runsDirectory(workspace.dir().resolve(runs))
        .call();
  }

  private Path copy(Path run, String name) throws IOException {
    Path target = scratch.resolve(name);
    try (Stream<Path> files = Files.walk(run)) {
      for (Path f : files.toList()) {
        Files.copy(f, target.resolve(run.relativize(f).toString()));
      }
    }
    return target;
  }

  private static EvaluationResult evaluate(Path run, Map<String, String> overrides)
      throws Exception {
    return new Evaluate(workspace.config(overrides), Progress.NONE).run(run).call();
  }

  private static GateResult gate(EvaluationResult result, String name) {
    return result.verdict().gates().stream()
        .filter(g -> g.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static void editManifest(Path run, Consumer<ObjectNode> edit) throws IOException {
    Path file = run.resolve("manifest.json");
    ObjectNode tree = (ObjectNode) CanonicalJson.mapper().readTree(file.toFile());
    edit.accept(tree);
    Files.writeString(file, CanonicalJson.pretty(tree));
  }

  private static Map<String, String> withChampion(Path dir) {
    return Map.of("mlops.training.champion", dir.toString());
  }

  private static String failure(Path champion) {
    return assertThrows(
            MlopsException.class,
            () -> evaluate(challenger, withChampion(champion)),
            "a champion that is not a verified run must stop the evaluation")
        .getMessage();
  }

  @Test
  void aFlippedByteInTheChampionsModelIsAnError() throws Exception {
    Path broken = copy(champion, "champion-flipped");
    Path model = broken.resolve("model.tribuo");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 1;
    Files.write(model, bytes);
    String message = failure(broken);
    assertTrue(message.contains("model.tribuo does not match its sha256"), message);
  }

  @Test
  void anEmptyMissingOrManifestLessChampionIsAnErrorNeverNoChampion() throws Exception {
    Path empty = Files.createDirectory(scratch.resolve("champion-empty"));
    assertTrue(failure(empty).contains("is empty"), failure(empty));
    Path missing = scratch.resolve("champion-missing");
    assertTrue(failure(missing).contains("no run directory"), failure(missing));
    Path noManifest = copy(champion, "champion-no-manifest");
    Files.delete(noManifest.resolve("manifest.json"));
    assertTrue(failure(noManifest).contains("no manifest.json"), failure(noManifest));
    for (String message : List.of(failure(empty), failure(missing), failure(noManifest))) {
      assertTrue(message.contains("champion: none"), "the fix is named: " + message);
    }
  }

  @Test
  void noChampionMustBeSaidAndBootstrapNeedsNoChampion() throws Exception {
    Map<String, String> unset = new HashMap<>();
    unset.put("mlops.training.champion", "");
    String message =
        assertThrows(TrainingException.class, () -> evaluate(challenger, unset)).getMessage();
    assertTrue(message.contains("training.champion"), message);

    Map<String, String> both = new HashMap<>(withChampion(champion));
    both.put("mlops.training.bootstrap", "true");
    message = assertThrows(TrainingException.class, () -> evaluate(challenger, both)).getMessage();
    assertTrue(message.contains("bootstrap"), message);
  }

  @Test
  void aVerifiedChampionIsScoredAndReferencedByItsManifestHash() throws Exception {
    EvaluationResult result = evaluate(challenger, withChampion(champion));
    assertEquals(
        new RunVerifier().verify(champion, null).manifestSha256(),
        result.verdict().champion().manifestSha256());
    assertTrue(result.champion() != null);
  }

  @Test
  void bootstrapEditedIntoTheManifestChangesNothing() throws Exception {
    Path run = copy(challenger, "edited-bootstrap");
    editManifest(run, tree -> tree.put("bootstrap", true));
    EvaluationResult result = evaluate(run, Map.of());
    assertFalse(result.verdict().bootstrap());
    assertFalse(gate(result, "relative.max_recall_drop").passed());
    assertFalse(result.verdict().passed());
  }

  @Test
  void anEarlierValidationCutoffInTheManifestFailsIntegrity() throws Exception {
    Path run = copy(challenger, "edited-split");
    editManifest(
        run,
        tree -> {
          ObjectNode split = (ObjectNode) tree.get("split");
          Instant from = Instant.parse(split.get("validation_from").asText());
          split.put("validation_from", from.minusSeconds(10 * 86400).toString());
        });
    EvaluationResult result = evaluate(run, Map.of("mlops.training.bootstrap", "true"));
    GateResult integrity = gate(result, "integrity.artifacts");
    assertFalse(integrity.passed());
    assertTrue(integrity.message().contains("not the split recomputed"), integrity.message());
    Instant evaluatedFrom =
        Instant.parse(
            CanonicalJson.mapper()
                .readTree(run.resolve("evaluation.json").toFile())
                .get("validation_from")
                .asText());
    assertEquals(
        new RunVerifier().verify(challenger, null).manifest().split().validationFrom(),
        evaluatedFrom,
        "scored on the recomputed validation rows, never on the edited cutoff");
  }

  @Test
  void aManifestThatOmitsItsModelNeverLoadsIt() throws Exception {
    Path run = copy(challenger, "no-model-entry");
    editManifest(run, tree -> ((ObjectNode) tree.get("artifacts")).remove("model.tribuo"));
    Path model = run.resolve("model.tribuo");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 3] ^= 1;
    Files.write(model, bytes);
    EvaluationResult result = evaluate(run, Map.of("mlops.training.bootstrap", "true"));
    GateResult integrity = gate(result, "integrity.artifacts");
    assertFalse(integrity.passed());
    assertTrue(
        integrity.message().contains("lists no sha256 for model.tribuo"), integrity.message());
    assertEquals(null, result.challenger(), "an unlisted model must not be scored");
  }

  @Test
  void aCodeCommitThatIsNoCommitIdFailsLineage() throws Exception {
    Path run = copy(challenger, "banana");
    editManifest(run, tree -> tree.put("code_commit", "banana"));
    EvaluationResult result = evaluate(run, Map.of("mlops.training.bootstrap", "true"));
    GateResult lineage = gate(result, "lineage.complete");
    assertFalse(lineage.passed());
    assertTrue(lineage.message().contains("banana"), lineage.message());
  }

  @Test
  void aRunKilledAtItsPublishIsNeverEvaluated() throws Exception {
    // What a train killed between writing its manifest and its rename leaves: a complete run under
    // a staging name whose writer is gone.
    Path runs = Files.createDirectory(scratch.resolve("runs"));
    Path staging =
        Files.move(
            copy(challenger, "killed"), runs.resolve(".staging-20260101-000000-abc-999999999-1"));
    Files.deleteIfExists(staging.resolve("verdict.json"));
    Map<String, String> overrides = new HashMap<>();
    overrides.put("mlops.data.workDir", scratch.toString());
    overrides.put("mlops.training.bootstrap", "true");
    String message =
        assertThrows(
                TrainingException.class,
                () -> new Evaluate(workspace.config(overrides), Progress.NONE).call())
            .getMessage();
    assertTrue(message.contains("no training run"), message);
    message = assertThrows(TrainingException.class, () -> evaluate(staging, Map.of())).getMessage();
    assertTrue(message.contains("staging directory"), message);
    assertFalse(Files.exists(staging.resolve("verdict.json")));

    // The next train in that runs directory removes what the dead writer left.
    new Train(workspace.config(Map.of()), Progress.NONE)
        .codeCommit(COMMIT)
        .runsDirectory(runs)
        .call();
    assertFalse(Files.exists(staging), "an abandoned staging directory is cleaned");
  }

  @Test
  void concurrentTrainsInTheSameSecondNeverCollide() throws Exception {
    Path runs = scratch.resolve("runs-concurrent");
    Clock sameSecond = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<TrainResult>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Callable<TrainResult> task =
            () ->
                new Train(workspace.config(Map.of()), Progress.NONE)
                    .codeCommit(COMMIT)
                    .clock(sameSecond)
                    .runsDirectory(runs)
                    .call();
        futures.add(pool.submit(task));
      }
      List<String> versions = new ArrayList<>();
      for (Future<TrainResult> future : futures) {
        TrainResult result = future.get();
        versions.add(result.manifest().version());
        assertTrue(new RunVerifier().verify(result.runDirectory(), null).valid());
        assertEquals(result.runDirectory().getFileName().toString(), result.manifest().version());
      }
      assertEquals(3, versions.stream().distinct().count(), versions.toString());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHorizonOverrideThatContradictsTheSnapshotIsAnError() throws Exception {
    String message =
        assertThrows(
                TrainingException.class,
                () ->
                    new Train(workspace.config(Map.of("mlops.horizon", "P1D")), Progress.NONE)
                        .codeCommit(COMMIT)
                        .runsDirectory(scratch.resolve("runs-horizon"))
                        .call())
            .getMessage();
    assertTrue(message.contains("horizon") && message.contains("PT168H"), message);
    assertFalse(Files.exists(scratch.resolve("runs-horizon")) && hasRun(scratch));
  }

  private static boolean hasRun(Path scratch) throws IOException {
    try (Stream<Path> entries = Files.list(scratch.resolve("runs-horizon"))) {
      return entries.findAny().isPresent();
    }
  }

  @Test
  void theEvaluationRewritesItsOutputsWholeEachTime() throws Exception {
    Path run = copy(challenger, "rewrite");
    evaluate(run, Map.of("mlops.training.bootstrap", "true"));
    String first = Files.readString(run.resolve("verdict.json"));
    evaluate(run, Map.of());
    String second = Files.readString(run.resolve("verdict.json"));
    assertNotEquals(first, second);
    try (Stream<Path> files = Files.list(run)) {
      assertTrue(
          files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no temporary file is left behind");
    }
  }
}
