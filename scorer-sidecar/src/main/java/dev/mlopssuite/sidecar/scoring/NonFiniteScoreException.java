package dev.mlopssuite.sidecar.scoring;

import dev.mlopssuite.runtime.MlopsException;

/**
 * Finite inputs for which the model's raw score is not a number: values so large (1e308, say) that
 * the model's own arithmetic overflows (docs/scorer-sidecar.md, "Endpoints and metrics"). Nothing
 * is scored, logged or answered for such a request but a 400.
 */
public final class NonFiniteScoreException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /**
   * @param subject what was scored, as the message names it: "for row 3", "for this reading"
   */
  NonFiniteScoreException(String subject, double raw) {
    super(
        "the model's score "
            + subject
            + " is "
            + raw
            + ": the values are beyond what it can score (its arithmetic overflows at magnitudes"
            + " like 1e308); check the inputs, values this large are not plausible measurements");
  }
}
