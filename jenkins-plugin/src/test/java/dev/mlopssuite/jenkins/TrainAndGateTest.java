package dev.mlopssuite.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** mlopsTrain and mlopsGate: the goals run, their result files are read, the gate decides. */
class TrainAndGateTest {
  private final PipelineHarness harness = new PipelineHarness();
  private final FakeMlopsGoals goals = new FakeMlopsGoals(harness);

  @Test
  void trainRunsTheGoalsReadsTheirResultsArchivesTheRunAndPublishesTheReport() {
    @SuppressWarnings("unchecked")
    Map<String, Object> trained =
        (Map<String, Object>) harness.step("mlopsTrain", Map.of("dir", "examples/pacemaker"));

    List<StepCall> maven = harness.sh("mlops:train");
    assertEquals(1, maven.size());
    assertEquals(
        "./mvnw -B mlops:backfill mlops:train mlops:evaluate -Dmlops.training.failOnGate='false'",
        maven.get(0).script());
    assertEquals("examples/pacemaker", maven.get(0).cwd);
    assertEquals(goals.version, trained.get("version"));
    assertEquals(goals.manifestSha256, trained.get("manifestSha256"));
    assertEquals(true, trained.get("passed"));

    StepCall archive = harness.calls("archiveArtifacts").get(0);
    assertEquals("target/mlops/runs/" + goals.version + "/**", archive.arg("artifacts"));
    Map<?, ?> report = (Map<?, ?>) harness.calls("publishHTML").get(0).arg("target");
    assertEquals("target/mlops/runs/" + goals.version, report.get("reportDir"));
    assertEquals("evaluation.md", report.get("reportFiles"));
  }

  @Test
  void aResultFileLeftByAnEarlierBuildIsNeverRead() {
    harness.step("mlopsTrain", Map.of("dir", "examples/pacemaker"));
    goals.writeResults = false; // the goals of the next build write nothing
    AbortException e =
        assertThrows(
            AbortException.class,
            () -> harness.step("mlopsTrain", Map.of("dir", "examples/pacemaker")));
    assertTrue(e.getMessage().contains("train.json does not exist"), e.getMessage());
    StepCall rm = harness.sh("rm -f").get(1);
    StepCall maven = harness.sh("mlops:train").get(1);
    assertTrue(rm.index < maven.index, "stale results removed before the goals run");
  }

  @Test
  void theEvaluatedRunMustBeTheTrainedRun() {
    harness.on(
        "readJSON",
        call -> {
          if (call.arg("file").toString().endsWith("evaluate.json")) {
            harness.files.computeIfPresent(
                "examples/pacemaker/target/mlops/results/evaluate.json",
                (k, v) -> v.replace(goals.manifestSha256, "cd".repeat(32)));
          }
          return null;
        });
    AbortException e =
        assertThrows(
            AbortException.class,
            () -> harness.step("mlopsTrain", Map.of("dir", "examples/pacemaker")));
    assertTrue(e.getMessage().contains("not the one just trained"), e.getMessage());
  }

  @Test
  void aFailedGateFailsTheBuildWithTheGateTable() {
    goals.passed = false;
    goals.failedGates.add(Map.of("name", "recall_min", "message", "recall 0.61 < 0.70"));
    goals.failedGates.add(Map.of("name", "ece_max", "message", "ECE 0.09 > 0.05"));
    harness.step("mlopsTrain", Map.of("dir", "examples/pacemaker"));
    AbortException e =
        assertThrows(
            AbortException.class,
            () -> harness.step("mlopsGate", Map.of("dir", "examples/pacemaker")));
    assertTrue(e.getMessage().contains("Gate verdict: FAILED"), e.getMessage());
    assertTrue(e.getMessage().contains("recall_min | recall 0.61 < 0.70"), e.getMessage());
    assertTrue(e.getMessage().contains("ece_max    | ECE 0.09 > 0.05"), e.getMessage());
  }

  @Test
  void theGateFailsClosedOnAnythingButAPlainPass() {
    for (Map<String, Object> verdict :
        List.<Map<String, Object>>of(
            evaluate(false, List.of()),
            evaluate("true", List.of()),
            evaluate(true, List.of(Map.of("name", "auc_min", "message", "0.6 < 0.7"))))) {
      assertThrows(
          AbortException.class,
          () -> harness.step("mlopsGate", Map.of("evaluate", verdict)),
          verdict.toString());
    }
    assertEquals(true, harness.step("mlopsGate", Map.of("evaluate", evaluate(true, List.of()))));
  }

  @Test
  void aStepRefusesAnUnknownParameter() {
    AbortException e =
        assertThrows(
            AbortException.class, () -> harness.step("mlopsTrain", Map.of("directory", "x")));
    assertTrue(e.getMessage().contains("unknown parameter(s) directory"), e.getMessage());
    assertTrue(harness.calls("sh").isEmpty());
  }

  private static Map<String, Object> evaluate(Object passed, List<?> failed) {
    return Map.of(
        "verdict_file", "v.json", "passed", passed, "report", "r.md", "failed_gates", failed);
  }
}
