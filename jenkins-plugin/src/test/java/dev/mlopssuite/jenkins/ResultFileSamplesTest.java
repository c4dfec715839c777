package dev.mlopssuite.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.json.JsonSlurperClassic;
import hudson.AbortException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A committed sample of every result file the library reads (src/test/resources/results, in the
 * shape the goals write, extra fields included) still satisfies the library (STYLE.md habit 12).
 */
class ResultFileSamplesTest {
  private final PipelineHarness harness = new PipelineHarness();

  private static String sample(String goal) throws Exception {
    return Files.readString(
        PipelineHarness.resourceDirectory("results").resolve(Path.of(goal + ".json")));
  }

  @Test
  void everySampleHasWhatTheLibraryReads() throws Exception {
    Class<?> goalResult = harness.libraryClass("dev.mlopssuite.jenkins.GoalResult");
    for (String goal : List.of("train", "evaluate", "policy", "promote", "rollback")) {
      Object parsed = new JsonSlurperClassic().parseText(sample(goal));
      assertNull(
          goalResult.getMethod("problem", String.class, Object.class).invoke(null, goal, parsed),
          goal);
    }
    Object empty = new JsonSlurperClassic().parseText("{}");
    String problem =
        (String)
            goalResult
                .getMethod("problem", String.class, Object.class)
                .invoke(null, "train", empty);
    assertTrue(problem.contains("lacks run_directory, version, manifest_sha256"), problem);
  }

  @Test
  void theSampleGoalsDriveTrainAndGate() throws Exception {
    harness.on(
        "sh",
        call -> {
          if (call.script().contains("mlops:evaluate")) {
            try {
              harness.files.put(
                  "examples/pacemaker/target/mlops/results/train.json", sample("train"));
              harness.files.put(
                  "examples/pacemaker/target/mlops/results/evaluate.json", sample("evaluate"));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          return 0;
        });
    @SuppressWarnings("unchecked")
    Map<String, Object> trained =
        (Map<String, Object>) harness.step("mlopsTrain", Map.of("dir", "examples/pacemaker"));
    assertEquals("20260301T000000Z-1a2b3c4d", trained.get("version"));
    assertEquals(false, trained.get("passed"));
    assertEquals(
        "target/mlops/runs/20260301T000000Z-1a2b3c4d/**",
        harness.calls("archiveArtifacts").get(0).arg("artifacts"));
    AbortException e =
        assertThrows(
            AbortException.class,
            () -> harness.step("mlopsGate", Map.of("evaluate", trained.get("evaluate"))));
    assertTrue(
        e.getMessage().contains("min_recall | recall 0.612 is below the minimum 0.700"),
        e.getMessage());
  }
}
