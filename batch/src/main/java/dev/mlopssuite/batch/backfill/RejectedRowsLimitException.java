package dev.mlopssuite.batch.backfill;

import dev.mlopssuite.runtime.MlopsException;

/** More input rows were rejected than validation.maxRejectedFraction / maxRejectedRows allow. */
public final class RejectedRowsLimitException extends MlopsException {
  private static final long serialVersionUID = 1L;
  private final InputSummary summary;

  public RejectedRowsLimitException(InputSummary summary, String limit) {
    super(
        "too many rejected rows in the "
            + summary.role()
            + " input: "
            + summary.describe()
            + ". Limit: "
            + limit
            + ". No snapshot was written. Fix the rows listed in "
            + summary.rejectedFile()
            + ", or raise validation.maxRejectedFraction / validation.maxRejectedRows in mlops.yaml");
    this.summary = summary;
  }

  public InputSummary summary() {
    return summary;
  }
}
