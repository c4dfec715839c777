package dev.mlopssuite.batch.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.gate.GateResult;
import dev.mlopssuite.batch.testing.TrainingWorkspace;
import dev.mlopssuite.batch.training.Train;
import dev.mlopssuite.batch.training.TrainResult;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.lineage.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateTest {
  static TrainingWorkspace workspace;

  @BeforeAll
  static void prepare(@TempDir Path dir) throws Exception {
    workspace = new TrainingWorkspace(dir).prepare(120, 50, "");
  }

  private TrainResult train(String runs, Map<String, String> overrides) throws Exception {
    return new Train(workspace.config(overrides), Progress.NONE)
        .codeCommit("0123456789abcdef0123456789abcdef01234567")
        .runsDirectory(workspace.dir().resolve(runs))
        .call();
  }

  private static GateResult gate(EvaluationResult result, String name) {
    return result.verdict().gates().stream()
        .filter(g -> g.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> hashes(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(f).toString(), Sha256.ofFile(f));
      }
    }
    return out;
  }

  @Test
  void firstRunWithoutChampionFailsRelativeGatesUnlessBootstrap() throws Exception {
    TrainResult run = train("runs-first", Map.of());
    EvaluationResult plain =
        new Evaluate(workspace.config(Map.of()), Progress.NONE).run(run.runDirectory()).call();
    assertFalse(plain.verdict().passed());
    assertFalse(gate(plain, "relative.max_recall_drop").passed());
    assertTrue(gate(plain, "relative.max_recall_drop").message().contains("bootstrap"));

    EvaluationResult bootstrap =
        new Evaluate(workspace.config(Map.of("mlops.training.bootstrap", "true")), Progress.NONE)
            .run(run.runDirectory())
            .call();
    assertTrue(bootstrap.verdict().bootstrap());
    assertTrue(gate(bootstrap, "relative.max_recall_drop").passed());
    assertTrue(
        gate(bootstrap, "integrity.artifacts").passed(),
        gate(bootstrap, "integrity.artifacts").message());
    assertTrue(
        gate(bootstrap, "lineage.complete").passed(),
        gate(bootstrap, "lineage.complete").message());
    for (String file :
        List.of(
            "evaluation.json",
            "evaluation.md",
            "verdict.json",
            "roc.svg",
            "pr.svg",
            "calibration.svg")) {
      assertTrue(Files.isRegularFile(run.runDirectory().resolve(file)), file);
    }
    for (String svg : List.of("roc.svg", "pr.svg", "calibration.svg")) {
      assertNotNull(
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(run.runDirectory().resolve(svg).toFile()));
    }
    String report = Files.readString(run.runDirectory().resolve("evaluation.md"));
    assertTrue(report.contains("| Recall |"), report);
    assertTrue(report.contains("### Threshold table (challenger)"), report);
    assertTrue(report.contains("| **0.500 (operating)** |"), report);
    assertTrue(report.contains("`false_alarm_days_per_1000_entity_days`"), report);
    String evaluation = Files.readString(run.runDirectory().resolve("evaluation.json"));
    assertTrue(evaluation.contains("\"false_alarm_days_per_1000_entity_days\""), evaluation);
    assertTrue(evaluation.contains("\"alert_days_per_1000_entity_days\""), evaluation);
    assertTrue(evaluation.contains("\"operating\" : true"), evaluation);
    assertFalse(evaluation.contains("burden"), "one name for the false-alarm burden");
    for (String svg : List.of("roc.svg", "pr.svg")) {
      assertTrue(
          Files.readString(run.runDirectory().resolve(svg)).contains("class=\"operating-point\""),
          svg);
    }
    double falseAlarmDays = bootstrap.challenger().falseAlarmDaysPer1000EntityDays();
    assertTrue(falseAlarmDays >= 0 && falseAlarmDays <= 1000, "bounded: " + falseAlarmDays);
  }

  @Test
  void aTamperedArtifactFailsIntegrityNamingTheFile() throws Exception {
    TrainResult run = train("runs-tamper", Map.of());
    Path importance = run.runDirectory().resolve("feature_importance.json");
    byte[] bytes = Files.readAllBytes(importance);
    bytes[bytes.length / 2] ^= 1;
    Files.write(importance, bytes);
    EvaluationResult result =
        new Evaluate(workspace.config(Map.of("mlops.training.bootstrap", "true")), Progress.NONE)
            .run(run.runDirectory())
            .call();
    GateResult integrity = gate(result, "integrity.artifacts");
    assertFalse(integrity.passed());
    assertTrue(
        integrity.message().contains("feature_importance.json does not match its sha256"),
        integrity.message());
    assertFalse(result.verdict().passed());
  }

  @Test
  void aTamperedModelIsNeverLoaded() throws Exception {
    TrainResult run = train("runs-tamper-model", Map.of());
    Path model = run.runDirectory().resolve("model.tribuo");
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length - 3] ^= 1;
    Files.write(model, bytes);
    EvaluationResult result =
        new Evaluate(workspace.config(Map.of("mlops.training.bootstrap", "true")), Progress.NONE)
            .run(run.runDirectory())
            .call();
    assertTrue(
        gate(result, "integrity.artifacts").message().contains("model.tribuo does not match"));
    assertEquals(null, result.challenger(), "a model that fails its hash must not be scored");
  }

  @Test
  void aChallengerWorseOnRecallFailsAndTheChampionIsUntouched() throws Exception {
    // Raw probabilities (no calibration) at threshold 0.5: without class weighting the rare
    // positives are mostly missed, so the unweighted challenger has the lower recall.
    TrainResult champion = train("runs-champion", Map.of("mlops.training.calibration", "none"));
    Map<String, String> before = hashes(champion.runDirectory());
    TrainResult challenger =
        train(
            "runs-challenger",
            Map.of("mlops.training.classWeighting", "none", "mlops.training.calibration", "none"));
    EvaluationResult result =
        new Evaluate(
                workspace.config(
                    Map.of(
                        "mlops.training.champion",
                        champion.runDirectory().toString(),
                        "mlops.training.calibration",
                        "none")),
                Progress.NONE)
            .run(challenger.runDirectory())
            .call();
    assertTrue(
        result.champion().recall() > result.challenger().recall() + 0.05,
        "fixture: champion "
            + result.champion().recall()
            + " vs challenger "
            + result.challenger().recall());
    assertFalse(gate(result, "relative.max_recall_drop").passed());
    assertFalse(result.verdict().passed());
    assertEquals(champion.manifest().version(), result.verdict().champion().version());
    assertEquals(
        Sha256.ofFile(champion.runDirectory().resolve("manifest.json")),
        result.verdict().champion().manifestSha256());
    assertEquals(
        before, hashes(champion.runDirectory()), "the champion directory must be byte-identical");
    assertTrue(
        Files.exists(challenger.runDirectory().resolve("model.tribuo")),
        "a failed run keeps its artifacts");
  }

  @Test
  void anUnknownCodeCommitFailsLineageCompleteness() throws Exception {
    TrainResult run =
        new Train(workspace.config(Map.of()), Progress.NONE)
            .runsDirectory(workspace.dir().resolve("runs-nocommit"))
            .call();
    EvaluationResult result =
        new Evaluate(workspace.config(Map.of("mlops.training.bootstrap", "true")), Progress.NONE)
            .run(run.runDirectory())
            .call();
    GateResult lineage = gate(result, "lineage.complete");
    assertFalse(lineage.passed());
    assertTrue(lineage.message().contains("code_commit"), lineage.message());
  }
}
