package dev.mlopssuite.sidecar.scoring;

import dev.mlopssuite.runtime.MlopsException;

/**
 * Finite inputs for which the model's raw score is not a number: values so large (1e308, say) that
 * the model's own arithmetic overflows (docs/scorer-sidecar.md, "Endpoints and metrics"). Nothing
 * is scored, logged or answered for such a request but a 400.
 */
public final class NonFiniteScoreException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final int row;

  NonFiniteScoreException(int row, double raw) {
    super(
        "row "
            + row
            + ": the model's score is "
            + raw
            + " for these values, which are beyond what it can score (its arithmetic"
            + " overflows); check the inputs: a value this large is not a plausible measurement");
    this.row = row;
  }

  /** The first row (0-based) whose score is not finite. */
  public int row() {
    return row;
  }
}
