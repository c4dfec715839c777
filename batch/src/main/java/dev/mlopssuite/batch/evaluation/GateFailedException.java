package dev.mlopssuite.batch.evaluation;

import dev.mlopssuite.batch.gate.Verdict;
import dev.mlopssuite.runtime.MlopsException;
import java.util.stream.Collectors;

/** The challenger failed at least one gate and the run asked to fail (training.failOnGate). */
public final class GateFailedException extends MlopsException {
  private static final long serialVersionUID = 1L;
  private final Verdict verdict;

  public GateFailedException(Verdict verdict, java.nio.file.Path verdictFile) {
    super(
        "challenger "
            + verdict.challengerVersion()
            + " failed "
            + verdict.failures().size()
            + " gate(s): "
            + verdict.failures().stream()
                .map(g -> g.name() + " (" + g.message() + ")")
                .collect(Collectors.joining("; "))
            + ". The champion is untouched; every artifact of this run is kept for audit. Verdict: "
            + verdictFile);
    this.verdict = verdict;
  }

  public Verdict verdict() {
    return verdict;
  }
}
