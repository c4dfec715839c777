package dev.mlopssuite.jenkins;

import static dev.mlopssuite.jenkins.ApprovalTest.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rollback.Jenkinsfile: one ml-owner approval, a required reason, the key only where signing. */
class RollbackPipelineTest {
  private final PipelineHarness harness = new PipelineHarness();
  private final FakeMlopsGoals goals = new FakeMlopsGoals(harness);

  @BeforeEach
  void parameters() {
    harness.params.put("MODEL", "pacemaker");
    harness.params.put("VERSION", "20260201T000000Z-0f0f0f0f");
    harness.params.put("REASON", "recall fell to 0.4 after the firmware update; it's urgent");
  }

  @Test
  void anMlOwnerApprovesAndTheRollbackIsSignedUnderTheLock() throws Exception {
    answer(harness, Map.of("ml-owner", "bob"));
    harness.runJenkinsfile("rollback.Jenkinsfile");

    List<StepCall> inputs = harness.calls("input");
    assertEquals(1, inputs.size());
    assertEquals("alice,bob", inputs.get(0).arg("submitter"));
    assertEquals("approver", inputs.get(0).arg("submitterParameter"));
    assertTrue(inputs.get(0).arg("message").toString().contains("firmware update"));
    assertNotNull(inputs.get(0).innermost("timeout"));

    StepCall rollback = harness.sh("mlops:rollback").get(0);
    assertNotNull(rollback.innermost("withCredentials"));
    assertEquals("mlops-promote-pacemaker", rollback.innermost("lock").arg("resource").toString());
    Map<String, String> p = FakeMlopsGoals.properties(rollback.script());
    assertEquals("pacemaker", p.get("mlops.model"));
    assertEquals("20260201T000000Z-0f0f0f0f", p.get("mlops.version"));
    assertEquals(harness.params.get("REASON"), p.get("mlops.reason"));
    assertEquals("bob", p.get("mlops.user"));
    assertEquals("ml-owner", p.get("mlops.role"));
    assertEquals("erin", p.get("mlops.startedBy"));
    assertTrue(rollback.script().endsWith("-Dmlops.signingKey=\"$MLOPS_SIGNING_KEY\""));
    for (StepCall call : harness.calls) {
      if (call.name.equals("sh") && call.args.toString().contains("MLOPS_SIGNING_KEY")) {
        assertTrue(call.inside("withCredentials"), call.toString());
      }
    }
  }

  @Test
  void aRepositoryLoginIsBoundBesideTheKey() {
    answer(harness, Map.of("ml-owner", "bob"));
    harness.step(
        "mlopsRollback",
        Map.of(
            "model", "pacemaker",
            "version", "v1",
            "reason", "drill",
            "credentialsId", "mlops-signing-key",
            "gitCredentialsId", "models-read-write"));

    StepCall rollback = harness.sh("mlops:rollback").get(0);
    Map<?, ?> login =
        (Map<?, ?>) ((List<?>) rollback.innermost("withCredentials").args.get(0)).get(1);
    assertEquals("usernamePassword", login.get("$symbol"));
    assertEquals("models-read-write", login.get("credentialsId"));
    Map<String, String> p = FakeMlopsGoals.properties(rollback.script());
    assertEquals("MLOPS_GIT_PASSWORD", p.get("mlops.git.passwordVariable"));
    assertTrue(
        rollback.script().endsWith("-Dmlops.git.username=\"$MLOPS_GIT_USER\""), rollback.script());
    String password = PipelineHarness.secretPassword("models-read-write");
    for (StepCall call : harness.calls) {
      assertTrue(!call.toString().contains(password), "the password in a step call: " + call);
    }
  }

  @Test
  void aRollbackWithoutAReasonIsRefusedBeforeAnyoneIsAsked() {
    harness.params.put("REASON", "  ");
    AbortException e =
        assertThrows(AbortException.class, () -> harness.runJenkinsfile("rollback.Jenkinsfile"));
    assertTrue(e.getMessage().contains("missing required parameter(s) reason"), e.getMessage());
    assertTrue(harness.calls("input").isEmpty());
    assertTrue(harness.sh("mlops:").isEmpty());
  }

  @Test
  void anApprovalByANonMemberIsRejectedByTheGoal() {
    answer(harness, Map.of("ml-owner", "admin"));
    AbortException e =
        assertThrows(AbortException.class, () -> harness.runJenkinsfile("rollback.Jenkinsfile"));
    assertTrue(e.getMessage().contains("approved by admin as ml-owner"), e.getMessage());
    assertTrue(harness.calls("echo").stream().noneMatch(c -> c.args.toString().contains("rolled")));
  }

  @Test
  void aTimedOutApprovalAbortsTheRollback() {
    harness.on(
        "input",
        call -> {
          throw ApprovalTest.sneaky(new FlowInterruptedException("ABORTED", "ExceededTimeout"));
        });
    assertThrows(
        FlowInterruptedException.class, () -> harness.runJenkinsfile("rollback.Jenkinsfile"));
    assertTrue(harness.sh("mlops:rollback").isEmpty());
    assertTrue(harness.calls("withCredentials").isEmpty());
  }
}
