package dev.mlopssuite.trust;

import java.util.List;

/**
 * What the champion chain verifier found (docs/trust-chain.md, "What is checked where").
 *
 * @param model the model
 * @param version the version checked (for a champion: what CHAMPION names; null when it names none)
 * @param promotion the promotion record as read, or null
 * @param problems every problem, each saying what is wrong and how to fix it; empty when valid
 * @param run the run verifier's result for the version folder (its loaded model and calibrator, so
 *     a caller need not load them again), or null when the chain stopped before it
 */
public record ChainVerification(
    String model,
    String version,
    PromotionRecord promotion,
    List<String> problems,
    dev.mlopssuite.runtime.run.RunVerification run) {
  public ChainVerification {
    problems = List.copyOf(problems);
  }

  /** A verification that stopped before the run was verified. */
  public ChainVerification(
      String model, String version, PromotionRecord promotion, List<String> problems) {
    this(model, version, promotion, problems, null);
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  /** The verification itself, or an error listing every problem. */
  public ChainVerification requireValid() throws ChainVerificationException {
    if (!valid()) {
      StringBuilder why = new StringBuilder();
      problems.forEach(p -> why.append("\n  - ").append(p));
      throw new ChainVerificationException(
          "the champion chain of "
              + model
              + " "
              + version
              + " does not verify:"
              + why
              + "\n  serve nothing from it; restore the model repository or promote again",
          model + " " + version,
          problems);
    }
    return this;
  }
}
