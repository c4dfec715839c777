package dev.mlopssuite.modelrepo;

import java.util.List;

/**
 * The challenger failed its gates: it was pushed to {@code candidates/<model>/<version>} for audit
 * and is not promoted (docs/model-repository.md, "Failed candidates").
 */
public final class GateFailedException extends ModelRepositoryException {
  private static final long serialVersionUID = 1L;
  private final String candidateBranch;
  private final transient List<String> failedGates;

  public GateFailedException(String version, String candidateBranch, List<String> failedGates) {
    super(
        "the challenger "
            + version
            + " failed its gates "
            + failedGates
            + ": it was pushed to "
            + candidateBranch
            + " for audit and is not promoted; retrain or change the policy through review",
        version);
    this.candidateBranch = candidateBranch;
    this.failedGates = List.copyOf(failedGates);
  }

  public String candidateBranch() {
    return candidateBranch;
  }

  public List<String> failedGates() {
    return failedGates;
  }
}
