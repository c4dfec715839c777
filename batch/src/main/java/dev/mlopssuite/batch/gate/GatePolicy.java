package dev.mlopssuite.batch.gate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.runtime.ConfigValueException;
import java.util.List;

/**
 * The promotion gates of a model, read from the model repository's {@code .mlops/policy.yaml}
 * (docs/gates.md). Every bound is inclusive.
 *
 * @param minRecall floor on challenger recall at the threshold
 * @param minF1 floor on challenger F1
 * @param maxRecallDrop champion recall − challenger recall must be ≤ this
 * @param maxPrecisionDrop champion precision − challenger precision must be ≤ this
 * @param maxFalseAlarmDaysIncrease challenger − champion false-alarm days per 1,000 entity-days ≤
 *     this: (entity, UTC day) pairs with at least one false positive, per 1,000 pairs, so at most
 *     1,000 (docs/metrics.md)
 * @param relativeMode how the two relative limits compare: {@code absolute} difference, or {@code
 *     relative} difference (divided by the champion's value)
 * @param maxEce ceiling on challenger expected calibration error
 * @param minResolvedRows floor on resolved rows used (training + validation)
 * @param minPositives floor on positives in the training and in the validation set
 * @param requiredApprovals roles that must approve a promotion (used by the Jenkins library)
 * @param bootstrapNeedsExtraApproval a bootstrap run (no champion) needs one more approval
 * @param bootstrapApprovalRole the extra role a bootstrap (first model) must be approved by when
 *     {@code bootstrapNeedsExtraApproval} holds; it needs members under {@code approvers}
 * @param approvers members of each approval role (role → people); promotion refuses an approver who
 *     is not listed for the role, whoever they are elsewhere (docs/trust.md)
 * @param maxApprovalAge approvals older than this are refused at promotion (default P7D)
 * @param minEceImprovement the calibrated probability is used only when it lowers the validation
 *     ECE by at least this fraction of the raw ECE (default 0.05); docs/calibration.md
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatePolicy(
    Double minRecall,
    Double minF1,
    Double maxRecallDrop,
    Double maxPrecisionDrop,
    Double maxFalseAlarmDaysIncrease,
    String relativeMode,
    Double maxEce,
    Long minResolvedRows,
    Long minPositives,
    List<String> requiredApprovals,
    Boolean bootstrapNeedsExtraApproval,
    String bootstrapApprovalRole,
    java.util.Map<String, List<String>> approvers,
    java.time.Duration maxApprovalAge,
    Double minEceImprovement) {

  public GatePolicy {
    check("minRecall", minRecall, 0, 1);
    check("minF1", minF1, 0, 1);
    check("maxRecallDrop", maxRecallDrop, 0, Double.MAX_VALUE);
    check("maxPrecisionDrop", maxPrecisionDrop, 0, Double.MAX_VALUE);
    // An increase of a rate bounded by 1,000 (see above) cannot exceed 1,000.
    check("maxFalseAlarmDaysIncrease", maxFalseAlarmDaysIncrease, 0, 1000);
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
    approvers = approvers == null ? java.util.Map.of() : copyApprovers(approvers);
    for (String role : requiredApprovals) {
      if (!approvers.isEmpty() && approvers.getOrDefault(role, List.of()).isEmpty()) {
        throw new ConfigValueException(
            "approvers." + role,
            null,
            "role '"
                + role
                + "' is in requiredApprovals but nobody may approve for it: list its"
                + " members under approvers");
      }
    }
    if (bootstrapApprovalRole != null
        && !approvers.isEmpty()
        && approvers.getOrDefault(bootstrapApprovalRole, List.of()).isEmpty()) {
      throw new ConfigValueException(
          "approvers." + bootstrapApprovalRole,
          null,
          "bootstrapApprovalRole names it but nobody may approve for it: list its members under"
              + " approvers");
    }
    maxApprovalAge = maxApprovalAge == null ? java.time.Duration.ofDays(7) : maxApprovalAge;
    if (maxApprovalAge.isNegative() || maxApprovalAge.isZero()) {
      throw new ConfigValueException(
          "maxApprovalAge", maxApprovalAge, "use a positive ISO-8601 duration, e.g. P7D");
    }
    minEceImprovement = minEceImprovement == null ? 0.05 : minEceImprovement;
    check("minEceImprovement", minEceImprovement, 0, 1);
  }

  /** The key {@code maxFalseAlarmDaysIncrease} had until its unit changed from rows to days. */
  static final String RENAMED_FP_BURDEN = "maxFpBurdenIncrease";

  /**
   * How policy.yaml is read: the record's keys, plus each key that was renamed, so that an old file
   * fails naming the new key and what it means instead of as an unknown key (or, worse, passing
   * with a number in the old unit).
   */
  @JsonCreator
  static GatePolicy read(
      @JsonProperty("minRecall") Double minRecall,
      @JsonProperty("minF1") Double minF1,
      @JsonProperty("maxRecallDrop") Double maxRecallDrop,
      @JsonProperty("maxPrecisionDrop") Double maxPrecisionDrop,
      @JsonProperty("maxFalseAlarmDaysIncrease") Double maxFalseAlarmDaysIncrease,
      @JsonProperty("relativeMode") String relativeMode,
      @JsonProperty("maxEce") Double maxEce,
      @JsonProperty("minResolvedRows") Long minResolvedRows,
      @JsonProperty("minPositives") Long minPositives,
      @JsonProperty("requiredApprovals") List<String> requiredApprovals,
      @JsonProperty("bootstrapNeedsExtraApproval") Boolean bootstrapNeedsExtraApproval,
      @JsonProperty("bootstrapApprovalRole") String bootstrapApprovalRole,
      @JsonProperty("approvers") java.util.Map<String, List<String>> approvers,
      @JsonProperty("maxApprovalAge") java.time.Duration maxApprovalAge,
      @JsonProperty("minEceImprovement") Double minEceImprovement,
      @JsonProperty(RENAMED_FP_BURDEN) JsonNode maxFpBurdenIncrease) {
    if (maxFpBurdenIncrease != null) {
      throw new ConfigValueException(
          RENAMED_FP_BURDEN,
          maxFpBurdenIncrease.asText(),
          "was renamed to maxFalseAlarmDaysIncrease and its unit changed: it counted false-positive"
              + " rows per 1,000 entity-days (unbounded, 6,692 on the hourly example); it now"
              + " limits challenger − champion false-alarm days per 1,000 entity-days, the"
              + " device-days with at least one false positive (at most 1,000). The old number"
              + " does not carry over: remove the key and restate the limit, e.g."
              + " 'maxFalseAlarmDaysIncrease: 25.0' (25 more device-days in 1,000 with a needless"
              + " call)");
    }
    return new GatePolicy(
        minRecall,
        minF1,
        maxRecallDrop,
        maxPrecisionDrop,
        maxFalseAlarmDaysIncrease,
        relativeMode,
        maxEce,
        minResolvedRows,
        minPositives,
        requiredApprovals,
        bootstrapNeedsExtraApproval,
        bootstrapApprovalRole,
        approvers,
        maxApprovalAge,
        minEceImprovement);
  }

  private static java.util.Map<String, List<String>> copyApprovers(
      java.util.Map<String, List<String>> approvers) {
    java.util.Map<String, List<String>> copy = new java.util.TreeMap<>();
    approvers.forEach(
        (role, people) -> copy.put(role, people == null ? List.of() : List.copyOf(people)));
    return java.util.Collections.unmodifiableMap(copy);
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
