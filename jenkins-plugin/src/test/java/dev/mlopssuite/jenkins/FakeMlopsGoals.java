package dev.mlopssuite.jenkins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Maven goals as the library sees them: a stub for {@code sh} that writes the result files
 * (vars/mlopsTrain.txt) and plays the core's approval rules, so that a test can show the library
 * acts on what the goals decide. The rules here are the contract's (member of the role, one
 * approval per person, not the starter), judged only from what the command line says; the real
 * checks live in the Java core.
 */
public final class FakeMlopsGoals {
  private static final Pattern PROPERTY = Pattern.compile("-D([\\w.]+)='((?:[^']|'\\\\'')*)'");

  public final PipelineHarness harness;
  public String dir = "examples/pacemaker";
  public String version = "20260301T000000Z-1a2b3c4d";
  public String manifestSha256 = "ab".repeat(32);
  public boolean passed = true;
  public List<Map<String, String>> failedGates = new ArrayList<>();
  public Map<String, List<String>> members = new LinkedHashMap<>();
  public List<String> requiredRoles = new ArrayList<>(List.of("ml-owner", "risk-officer"));
  public int approvalTimeoutMinutes = 60;
  public boolean served = false;

  /** Whether each goal writes its result file (false: it "forgot", leaving any stale one). */
  public boolean writeResults = true;

  /** Approvals the fake core accepted: "role:user". */
  public final Set<String> accepted = new LinkedHashSet<>();

  public final List<String> users = new ArrayList<>();

  public FakeMlopsGoals(PipelineHarness harness) {
    this.harness = harness;
    members.put("ml-owner", List.of("alice", "bob"));
    members.put("risk-officer", List.of("carol", "dave", "alice"));
    harness.on("sh", this::sh);
  }

  /** The -D properties of a command line, unquoted. */
  public static Map<String, String> properties(String command) {
    Map<String, String> properties = new LinkedHashMap<>();
    Matcher m = PROPERTY.matcher(command);
    while (m.find()) {
      properties.put(m.group(1), m.group(2).replace("'\\''", "'"));
    }
    return properties;
  }

  private String results(StepCall call, String goal) {
    return harness.resolve(call.cwd, "target/mlops/results/" + goal + ".json");
  }

  private Object sh(StepCall call) {
    String script = call.script();
    if (script.startsWith("rm -f ")) {
      for (String path : script.substring(6).split(" ")) {
        harness.files.remove(harness.resolve(call.cwd, path.replace("'", "")));
      }
      return 0;
    }
    Map<String, String> p = properties(script);
    if (script.contains("mlops:evaluate")) {
      if (writeResults) {
        String run = PipelineHarness.WORKSPACE + "/" + dir + "/target/mlops/runs/" + version;
        harness.files.put(
            results(call, "train"),
            json(
                Map.of(
                    "run_directory", run, "version", version, "manifest_sha256", manifestSha256)));
        Map<String, Object> evaluate = new LinkedHashMap<>();
        evaluate.put("run_directory", run);
        evaluate.put("verdict_file", run + "/verdict.json");
        evaluate.put("report", run + "/evaluation.md");
        evaluate.put("passed", passed);
        evaluate.put("challenger_manifest_sha256", manifestSha256);
        evaluate.put("failed_gates", failedGates);
        harness.files.put(results(call, "evaluate"), json(evaluate));
      }
      return 0;
    }
    if (script.contains("mlops:policy")) {
      if (writeResults) {
        harness.files.put(
            results(call, "policy"),
            json(
                Map.of(
                    "required_roles", requiredRoles,
                    "members", members,
                    "approval_timeout_minutes", approvalTimeoutMinutes)));
      }
      return 0;
    }
    if (script.contains("mlops:approve")) {
      String role = p.get("mlops.role");
      String user = p.get("mlops.user");
      users.add(user);
      boolean member = members.getOrDefault(role, List.of()).contains(user);
      boolean again = accepted.stream().anyMatch(a -> a.endsWith(":" + user));
      boolean starter = user.equals(p.get("mlops.startedBy"));
      if (!member || again || starter || p.get("mlops.approvals") == null) {
        return 1;
      }
      accepted.add(role + ":" + user);
      return 0;
    }
    if (script.contains("mlops:promote") || script.contains("mlops:rollback")) {
      String goal = script.contains("mlops:promote") ? "promote" : "rollback";
      if (goal.equals("rollback")) {
        String user = p.get("mlops.user");
        if (!members.getOrDefault("ml-owner", List.of()).contains(user)) {
          return 1;
        }
      }
      if (writeResults) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("commit", "c0ffee");
        result.put("branch", goal + "/pacemaker/" + version);
        result.put("pull_request_url", served ? null : "https://git.example/pr/7");
        result.put("served", served);
        harness.files.put(results(call, goal), json(result));
      }
      return 0;
    }
    return 0;
  }

  static String json(Object value) {
    return groovy.json.JsonOutput.toJson(value);
  }
}
