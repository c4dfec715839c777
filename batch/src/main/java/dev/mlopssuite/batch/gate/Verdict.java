package dev.mlopssuite.batch.gate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code verdict.json}: every gate with its value, threshold and pass/fail, the champion it was
 * measured against (null when there is none) and whether the run was an explicit bootstrap.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Verdict(
    String challengerVersion,
    String challengerManifestSha256,
    ChampionRef champion,
    boolean bootstrap,
    boolean passed,
    List<GateResult> gates) {
  public Verdict {
    gates = List.copyOf(gates);
  }

  public List<GateResult> failures() {
    return gates.stream().filter(gate -> !gate.passed()).toList();
  }
}
