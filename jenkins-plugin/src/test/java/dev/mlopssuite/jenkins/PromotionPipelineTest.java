package dev.mlopssuite.jenkins;

import static dev.mlopssuite.jenkins.ApprovalTest.answer;
import static dev.mlopssuite.jenkins.ApprovalTest.assertNothingPromoted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** train-and-promote.Jenkinsfile end to end, and mlopsPromote's handling of the signing key. */
class PromotionPipelineTest {
  private final PipelineHarness harness = new PipelineHarness();
  private final FakeMlopsGoals goals = new FakeMlopsGoals(harness);

  @BeforeEach
  void approvers() {
    answer(harness, Map.of("ml-owner", "bob", "risk-officer", "carol"));
  }

  @Test
  void anApprovedCandidateIsPromotedWithItsApprovalsAndRun() throws Exception {
    harness.runJenkinsfile("train-and-promote.Jenkinsfile");

    List<StepCall> promote = harness.sh("mlops:promote");
    assertEquals(1, promote.size());
    assertEquals(
        "./mvnw -B mlops:promote -Dmlops.approvals='target/mlops/approvals.json'"
            + " -Dmlops.run='"
            + PipelineHarness.WORKSPACE
            + "/examples/pacemaker/target/mlops/runs/"
            + goals.version
            + "' -Dmlops.startedBy='erin' -Dmlops.signingKey=\"$MLOPS_SIGNING_KEY\"",
        promote.get(0).script());
    assertEquals("examples/pacemaker", promote.get(0).cwd);
    assertTrue(
        harness.calls("echo").stream()
            .anyMatch(c -> c.args.get(0).toString().contains("https://git.example/pr/7")),
        "the pull request is named when the promotion is not yet served");
  }

  @Test
  void theSigningKeyIsUsedOnlyInsideWithCredentialsAndNeverByGroovy() throws Exception {
    harness.runJenkinsfile("train-and-promote.Jenkinsfile");

    StepCall credentials = harness.calls("withCredentials").get(0);
    Map<?, ?> binding = (Map<?, ?>) ((List<?>) credentials.args.get(0)).get(0);
    assertEquals("file", binding.get("$symbol"));
    assertEquals("mlops-signing-key", binding.get("credentialsId"));
    assertEquals("MLOPS_SIGNING_KEY", binding.get("variable"));

    String secret = PipelineHarness.secretPath("mlops-signing-key");
    int referencing = 0;
    for (StepCall call : harness.calls) {
      String args = call.args.toString();
      assertFalse(args.contains(secret), "the key's path went through Groovy: " + call);
      if (call.name.equals("sh") && args.contains("MLOPS_SIGNING_KEY")) {
        referencing++;
        StepCall inside = call.innermost("withCredentials");
        assertNotNull(inside, "MLOPS_SIGNING_KEY used outside withCredentials: " + call);
        assertEquals(secret, call.env.get("MLOPS_SIGNING_KEY"));
      }
      if (!call.inside("withCredentials")) {
        assertFalse(call.env.containsKey("MLOPS_SIGNING_KEY"), call.toString());
      }
    }
    assertEquals(1, referencing, "exactly the promote command reads the key");
  }

  @Test
  void promotionNeverRunsAfterAFailingGate() {
    goals.passed = false;
    goals.failedGates.add(Map.of("name", "recall_min", "message", "recall 0.61 < 0.70"));
    AbortException e =
        assertThrows(
            AbortException.class, () -> harness.runJenkinsfile("train-and-promote.Jenkinsfile"));
    assertTrue(e.getMessage().contains("recall_min"), e.getMessage());
    assertTrue(harness.calls("input").isEmpty(), "nobody is asked to approve a failed candidate");
    assertTrue(harness.calls("lock").isEmpty());
    assertNothingPromoted(harness);
  }

  @Test
  void thePromotionTakesTheModelsLockAndAMilestoneBeforePromoting() throws Exception {
    harness.params.put("MODEL", "fraud");
    harness.runJenkinsfile("train-and-promote.Jenkinsfile");

    StepCall promote = harness.sh("mlops:promote").get(0);
    StepCall lock = promote.innermost("lock");
    assertNotNull(lock, "mlops:promote ran outside the lock");
    assertEquals("mlops-promote-fraud", lock.arg("resource").toString());
    List<StepCall> milestones = harness.calls("milestone");
    StepCall last = milestones.get(milestones.size() - 1);
    assertTrue(last.innermost("lock") == lock, "a milestone inside the lock: " + last);
    assertTrue(last.index < promote.index, "the milestone is passed before promoting");
    StepCall firstInput = harness.calls("input").get(0);
    assertTrue(
        milestones.stream().anyMatch(m -> m.index < firstInput.index),
        "a milestone before the approvals, so a newer build retires older ones still waiting");
    int previous = 0;
    for (StepCall m : milestones) {
      int ordinal = ((Number) m.arg("ordinal")).intValue();
      assertTrue(ordinal > previous, "milestone ordinals increase: " + milestones);
      previous = ordinal;
    }
  }

  @Test
  void anOlderBuildStoppedAtTheMilestoneNeverPromotes() {
    // Jenkins aborts a build at a milestone that a newer build of the job has already passed
    harness.on(
        "milestone",
        call -> {
          if (call.inside("lock")) {
            throw ApprovalTest.sneaky(
                new FlowInterruptedException("NOT_BUILT", "CancelledCause: newer build"));
          }
          return null;
        });
    assertThrows(
        FlowInterruptedException.class,
        () -> harness.runJenkinsfile("train-and-promote.Jenkinsfile"));
    assertEquals(1, harness.calls("lock").size());
    assertNothingPromoted(harness);
  }

  @Test
  void thePipelinesGitCredentialsParameterReachesThePromotion() throws Exception {
    harness.params.put("GIT_CREDENTIALS", "models-read-write");
    harness.runJenkinsfile("train-and-promote.Jenkinsfile");

    StepCall promote = harness.sh("mlops:promote").get(0);
    Map<?, ?> login =
        (Map<?, ?>) ((List<?>) promote.innermost("withCredentials").args.get(0)).get(1);
    assertEquals("models-read-write", login.get("credentialsId"));
    assertTrue(promote.script().contains("-Dmlops.git.passwordVariable='MLOPS_GIT_PASSWORD'"));
  }

  @Test
  void aRepositoryLoginIsBoundBesideTheKeyAndItsSecretsNeverPassThroughGroovy() {
    harness.step(
        "mlopsPromote",
        Map.of(
            "credentialsId",
            "mlops-signing-key",
            "approvals",
            "target/mlops/approvals.json",
            "run",
            "target/mlops/runs/r1",
            "startedBy",
            "erin",
            "gitCredentialsId",
            "models-read-write"));

    List<?> bindings = (List<?>) harness.calls("withCredentials").get(0).args.get(0);
    Map<?, ?> login = (Map<?, ?>) bindings.get(1);
    assertEquals("usernamePassword", login.get("$symbol"));
    assertEquals("models-read-write", login.get("credentialsId"));
    assertEquals("MLOPS_GIT_USER", login.get("usernameVariable"));
    assertEquals("MLOPS_GIT_PASSWORD", login.get("passwordVariable"));

    StepCall promote = harness.sh("mlops:promote").get(0);
    assertTrue(promote.inside("withCredentials"), "the goal runs inside the binding");
    assertTrue(
        promote
            .script()
            .endsWith(
                "-Dmlops.git.passwordVariable='MLOPS_GIT_PASSWORD'"
                    + " -Dmlops.signingKey=\"$MLOPS_SIGNING_KEY\""
                    + " -Dmlops.git.username=\"$MLOPS_GIT_USER\""),
        promote.script());
    String password = PipelineHarness.secretPassword("models-read-write");
    for (StepCall call : harness.calls) {
      assertFalse(call.toString().contains(password), "the password in a step call: " + call);
    }
  }

  @Test
  void promoteRefusesAResultFileWithoutTheFieldsItReports() {
    harness.on(
        "readJSON",
        call -> {
          harness.files.put(
              "target/mlops/results/promote.json", "{\"commit\": \"c0ffee\", \"served\": true}");
          return null;
        });
    goals.writeResults = false;
    AbortException e =
        assertThrows(
            AbortException.class,
            () ->
                harness.step(
                    "mlopsPromote",
                    Map.of("credentialsId", "k", "approvals", "target/mlops/approvals.json")));
    assertTrue(e.getMessage().contains("lacks branch, pull_request_url"), e.getMessage());
  }
}
