package dev.mlopssuite.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** mlopsApprove inside train-and-promote.Jenkinsfile: who is asked, and what the core refuses. */
class ApprovalTest {
  private final PipelineHarness harness = new PipelineHarness();
  private final FakeMlopsGoals goals = new FakeMlopsGoals(harness);

  /** Each role's input is answered by the given user (the input step's submitterParameter). */
  static void answer(PipelineHarness harness, Map<String, String> byRole) {
    harness.on(
        "input",
        call -> {
          String role = call.arg("id").toString().replaceFirst("^mlops-(approve|rollback)-", "");
          String user = byRole.get(role);
          if (user == null) {
            throw new IllegalStateException("nobody answers " + call);
          }
          return user;
        });
  }

  @Test
  void eachRequiredRoleIsAskedOfItsMembersInsideATimeoutAndEveryAnswerIsChecked() {
    answer(harness, Map.of("ml-owner", "bob", "risk-officer", "carol"));
    harness.step(
        "mlopsApprove", Map.of("dir", "examples/pacemaker", "version", "v1", "run", "runs/v1"));

    List<StepCall> inputs = harness.calls("input");
    assertEquals(2, inputs.size());
    assertEquals("alice,bob", inputs.get(0).arg("submitter"));
    assertEquals("carol,dave,alice", inputs.get(1).arg("submitter"));
    for (StepCall input : inputs) {
      assertEquals("approver", input.arg("submitterParameter"));
      StepCall timeout = input.innermost("timeout");
      assertEquals(60, timeout.arg("time"));
      assertEquals("MINUTES", timeout.arg("unit"));
    }
    List<StepCall> checks = harness.sh("mlops:approve");
    assertEquals(2, checks.size());
    assertEquals(
        "./mvnw -B mlops:approve -Dmlops.role='ml-owner' -Dmlops.user='bob'"
            + " -Dmlops.startedBy='erin' -Dmlops.approvals='target/mlops/approvals.json'"
            + " -Dmlops.run='runs/v1'",
        checks.get(0).script());
    assertEquals(true, checks.get(0).arg("returnStatus"));
    assertTrue(inputs.get(0).index < checks.get(0).index);
    assertTrue(checks.get(0).index < inputs.get(1).index, "each answer checked as it comes");
    assertEquals(List.of("ml-owner:bob", "risk-officer:carol"), List.copyOf(goals.accepted));
  }

  static Stream<Arguments> rejectedApprovals() {
    return Stream.of(
        // alice is in both roles; one person may approve once
        Arguments.of("double approval", "erin", "bob", "bob", "risk-officer", "bob"),
        Arguments.of("double approval", "erin", "alice", "alice", "risk-officer", "alice"),
        // the starter may not approve their own build
        Arguments.of("starter", "alice", "alice", "carol", "ml-owner", "alice"),
        // a Jenkins administrator can answer any input; the core still refuses a non-member
        Arguments.of("non-member", "erin", "admin", "carol", "ml-owner", "admin"));
  }

  @ParameterizedTest(name = "{0}: {4} by {5}")
  @MethodSource("rejectedApprovals")
  void aRejectedApprovalFailsTheBuildNamingRoleAndUserAndNothingIsPromoted(
      String why, String starter, String mlOwner, String riskOfficer, String role, String user)
      throws Exception {
    harness.currentBuild.startedBy(starter);
    answer(harness, Map.of("ml-owner", mlOwner, "risk-officer", riskOfficer));

    AbortException e =
        assertThrows(
            AbortException.class, () -> harness.runJenkinsfile("train-and-promote.Jenkinsfile"));

    assertTrue(
        e.getMessage().contains("approval of role " + role + " by " + user + " was rejected"),
        e.getMessage());
    assertNothingPromoted(harness);
  }

  @Test
  void aTimedOutApprovalAbortsWithoutPromoting() {
    harness.on(
        "input",
        call -> {
          assertTrue(call.inside("timeout"), "the input waits inside a timeout");
          throw sneaky(new FlowInterruptedException("ABORTED", "ExceededTimeout"));
        });
    assertThrows(
        FlowInterruptedException.class,
        () -> harness.runJenkinsfile("train-and-promote.Jenkinsfile"));
    assertEquals(1, harness.calls("input").size(), "nobody else is asked after a timeout");
    assertTrue(harness.sh("mlops:approve").isEmpty());
    assertNothingPromoted(harness);
  }

  @Test
  void theStarterIsTheUserBehindTheBuildsCauses() {
    answer(harness, Map.of("ml-owner", "bob", "risk-officer", "carol"));
    harness.currentBuild.causes(
        List.of(
            Map.of(
                "_class",
                "hudson.model.Cause$UpstreamCause",
                "upstreamProject",
                "nightly",
                "upstreamCauses",
                List.of(Map.of("_class", "hudson.model.Cause$UserIdCause", "userId", "frank")))));
    harness.step("mlopsApprove", Map.of());
    assertEquals(
        "frank",
        FakeMlopsGoals.properties(harness.sh("mlops:approve").get(0).script())
            .get("mlops.startedBy"));

    PipelineHarness timer = new PipelineHarness();
    new FakeMlopsGoals(timer);
    answer(timer, Map.of("ml-owner", "bob", "risk-officer", "carol"));
    timer.currentBuild.causes(
        List.of(Map.of("_class", "hudson.triggers.TimerTrigger$TimerTriggerCause")));
    timer.step("mlopsApprove", Map.of());
    assertEquals(
        "automation:TimerTriggerCause",
        FakeMlopsGoals.properties(timer.sh("mlops:approve").get(0).script())
            .get("mlops.startedBy"));
  }

  @Test
  void anApproverIdReachesMavenAsOneArgumentAndIsNeverRunAsShell() throws Exception {
    String odd = "o'brien; touch /tmp/owned $(id) `id`";
    goals.members.put("ml-owner", List.of(odd));
    answer(harness, Map.of("ml-owner", odd, "risk-officer", "carol"));
    harness.step("mlopsApprove", Map.of());
    assertTrue(goals.accepted.contains("ml-owner:" + odd), goals.accepted.toString());

    // and a real POSIX shell reads the quoted word back unchanged
    Class<?> shellArgument = harness.libraryClass("dev.mlopssuite.jenkins.ShellArgument");
    String quoted = (String) shellArgument.getMethod("quote", Object.class).invoke(null, odd);
    Process sh = new ProcessBuilder("/bin/sh", "-c", "printf %s " + quoted).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sh.getInputStream().transferTo(out);
    assertEquals(0, sh.waitFor());
    assertEquals(odd, out.toString());
  }

  @Test
  void aPolicyWithoutMembersForARoleIsRefusedBeforeAnyoneIsAsked() {
    goals.members.put("risk-officer", List.of());
    AbortException e =
        assertThrows(AbortException.class, () -> harness.step("mlopsApprove", Map.of()));
    assertTrue(e.getMessage().contains("no members for role risk-officer"), e.getMessage());
    assertTrue(harness.calls("input").isEmpty());
  }

  static void assertNothingPromoted(PipelineHarness harness) {
    assertTrue(harness.sh("mlops:promote").isEmpty(), "mlops:promote ran");
    assertTrue(harness.calls("withCredentials").isEmpty(), "the signing key was bound");
    assertTrue(harness.calls("mlopsPromote").isEmpty(), "mlopsPromote was called");
  }

  @SuppressWarnings("unchecked")
  static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
