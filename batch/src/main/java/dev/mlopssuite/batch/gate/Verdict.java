package dev.mlopssuite.batch.gate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code verdict.json}: every gate with its value, threshold and pass/fail, the champion it was
 * measured against (null when there is none), whether the run was an explicit bootstrap, and which
 * probability the gates judged ({@code raw} or {@code calibrated}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Verdict(
    String challengerVersion,
    String challengerManifestSha256,
    ChampionRef champion,
    boolean bootstrap,
    boolean passed,
    List<GateResult> gates,
    String probability) {
  public Verdict {
    gates = List.copyOf(gates);
  }

  /** Records which probability (raw or calibrated) the gates judged (docs/calibration.md). */
  public Verdict withProbability(String used) {
    return new Verdict(
        challengerVersion, challengerManifestSha256, champion, bootstrap, passed, gates, used);
  }

  public List<GateResult> failures() {
    return gates.stream().filter(gate -> !gate.passed()).toList();
  }
}
