package dev.mlopssuite.trust;

import dev.mlopssuite.runtime.MlopsException;
import java.util.List;

/**
 * An approval set that does not satisfy the policy. Carries every violation found; {@link #rule()}
 * and {@link #user()} are the first one's, so a caller can show "who broke which rule".
 */
public final class ApprovalRejectedException extends MlopsException {
  private static final long serialVersionUID = 1L;
  private final transient List<Violation> violations;

  /**
   * One broken rule.
   *
   * @param rule the rule
   * @param user the person concerned (for a missing role: null)
   * @param message what is wrong, the value, how to fix it
   */
  public record Violation(ApprovalRule rule, String user, String message) {}

  public ApprovalRejectedException(List<Violation> violations) {
    super(describe(violations));
    this.violations = List.copyOf(violations);
  }

  private static String describe(List<Violation> violations) {
    StringBuilder text = new StringBuilder("the approvals do not satisfy the policy:");
    for (Violation v : violations) {
      text.append("\n  - [").append(v.rule()).append("] ").append(v.message());
    }
    return text.toString();
  }

  public List<Violation> violations() {
    return violations;
  }

  public ApprovalRule rule() {
    return violations.get(0).rule();
  }

  public String user() {
    return violations.get(0).user();
  }

  /** Whether some violation broke this rule. */
  public boolean broke(ApprovalRule rule) {
    return violations.stream().anyMatch(v -> v.rule() == rule);
  }
}
