package dev.mlopssuite.batch.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mlopssuite.runtime.ConfigValueException;
import java.util.List;

/**
 * The promotion gates of a model, read from the model repository's {@code .mlops/policy.yaml}
 * (ARCHITECTURE.md, "Training, evaluation, gates"). Every bound is inclusive.
 *
 * @param minRecall floor on challenger recall at the threshold
 * @param minF1 floor on challenger F1
 * @param maxRecallDrop champion recall − challenger recall must be ≤ this
 * @param maxPrecisionDrop champion precision − challenger precision must be ≤ this
 * @param maxFpBurdenIncrease challenger − champion false positives per 1,000 entity-days ≤ this
 * @param relativeMode how the two relative limits compare: {@code absolute} difference, or {@code
 *     relative} difference (divided by the champion's value)
 * @param maxEce ceiling on challenger expected calibration error
 * @param minResolvedRows floor on resolved rows used (training + validation)
 * @param minPositives floor on positives in the training and in the validation set
 * @param requiredApprovals roles that must approve a promotion (used by the Jenkins library)
 * @param bootstrapNeedsExtraApproval a bootstrap run (no champion) needs one more approval
 * @param minEceImprovement the calibrated probability is used only when it lowers the validation
 *     ECE by at least this fraction of the raw ECE (default 0.05); docs/calibration.md
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatePolicy(
    Double minRecall,
    Double minF1,
    Double maxRecallDrop,
    Double maxPrecisionDrop,
    Double maxFpBurdenIncrease,
    String relativeMode,
    Double maxEce,
    Long minResolvedRows,
    Long minPositives,
    List<String> requiredApprovals,
    Boolean bootstrapNeedsExtraApproval,
    Double minEceImprovement) {

  public GatePolicy {
    check("minRecall", minRecall, 0, 1);
    check("minF1", minF1, 0, 1);
    check("maxRecallDrop", maxRecallDrop, 0, Double.MAX_VALUE);
    check("maxPrecisionDrop", maxPrecisionDrop, 0, Double.MAX_VALUE);
    check("maxFpBurdenIncrease", maxFpBurdenIncrease, 0, Double.MAX_VALUE);
    check("maxEce", maxEce, 0, 1);
    relativeMode = relativeMode == null ? "absolute" : relativeMode;
    if (!relativeMode.equals("absolute") && !relativeMode.equals("relative")) {
      throw new ConfigValueException("relativeMode", relativeMode, "use 'absolute' or 'relative'");
    }
    if (minResolvedRows == null || minResolvedRows < 0) {
      throw new ConfigValueException(
          "minResolvedRows", minResolvedRows, "is required: a count ≥ 0, e.g. 1000");
    }
    if (minPositives == null || minPositives < 0) {
      throw new ConfigValueException(
          "minPositives", minPositives, "is required: a count ≥ 0, e.g. 30");
    }
    requiredApprovals =
        requiredApprovals == null
            ? List.of("ml-owner", "business-stakeholder")
            : List.copyOf(requiredApprovals);
    bootstrapNeedsExtraApproval =
        bootstrapNeedsExtraApproval == null || bootstrapNeedsExtraApproval;
    minEceImprovement = minEceImprovement == null ? 0.05 : minEceImprovement;
    check("minEceImprovement", minEceImprovement, 0, 1);
  }

  private static void check(String field, Double value, double min, double max) {
    // A gate with no bound would pass everything: fail closed and make the policy say it.
    if (value == null || value.isNaN() || value < min || value > max) {
      throw new ConfigValueException(
          field,
          value,
          "is required: a number in [" + min + ", " + (max == Double.MAX_VALUE ? "∞" : max) + "]");
    }
  }
}
