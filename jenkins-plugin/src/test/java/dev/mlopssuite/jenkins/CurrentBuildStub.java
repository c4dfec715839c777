package dev.mlopssuite.jenkins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stand-in for Jenkins' {@code currentBuild} (RunWrapper): getBuildCauses() returns the causes as
 * Jenkins serialises them, a list of maps with "_class", "shortDescription", "userId" and, for an
 * upstream build, "upstreamCauses".
 */
public final class CurrentBuildStub {
  private final List<Map<String, Object>> causes = new ArrayList<>();
  private String result;
  private String description;
  private String displayName = "#1";

  public CurrentBuildStub startedBy(String userId) {
    causes.clear();
    causes.add(
        Map.of(
            "_class",
            "hudson.model.Cause$UserIdCause",
            "shortDescription",
            "Started by user " + userId,
            "userId",
            userId,
            "userName",
            userId));
    return this;
  }

  public CurrentBuildStub causes(List<Map<String, Object>> list) {
    causes.clear();
    causes.addAll(list);
    return this;
  }

  public List<Map<String, Object>> getBuildCauses() {
    return new ArrayList<>(causes);
  }

  public List<Map<String, Object>> getBuildCauses(String className) {
    return causes.stream().filter(c -> className.equals(c.get("_class"))).toList();
  }

  public int getNumber() {
    return 1;
  }

  public String getResult() {
    return result;
  }

  public void setResult(String result) {
    this.result = result;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }
}
