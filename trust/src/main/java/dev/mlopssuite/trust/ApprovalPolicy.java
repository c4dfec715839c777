package dev.mlopssuite.trust;

import dev.mlopssuite.runtime.ConfigValueException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who must approve a promotion (docs/trust-chain.md, "Approvals"): the model repository's {@code
 * .mlops/policy.yaml} as a value. Reading YAML is the caller's job; this record validates itself,
 * so an invalid policy cannot exist (STYLE.md habit 11).
 *
 * @param requiredRoles roles that must each approve, e.g. {@code [ml-owner, business-stakeholder]}
 * @param members the people allowed to approve in each role
 * @param maxApprovalAge how old an approval may be when the promotion is made
 * @param bootstrapExtraRole the role that must also approve a bootstrap (a first model, judged
 *     without a champion), or null when a bootstrap needs no more
 */
public record ApprovalPolicy(
    List<String> requiredRoles,
    Map<String, List<String>> members,
    Duration maxApprovalAge,
    String bootstrapExtraRole) {

  /** The role a rollback needs one approval from (docs/model-repository.md, "Rollback"). */
  public static final String ROLLBACK_ROLE = "ml-owner";

  public ApprovalPolicy {
    if (requiredRoles == null || requiredRoles.isEmpty()) {
      throw new ConfigValueException(
          "requiredApprovals",
          requiredRoles,
          "list at least one role (for example [ml-owner, business-stakeholder]): there is no"
              + " promotion without approval");
    }
    if (requiredRoles.stream().distinct().count() != requiredRoles.size()) {
      throw new ConfigValueException(
          "requiredApprovals", requiredRoles, "name each role once; one approval fills one role");
    }
    requiredRoles = List.copyOf(requiredRoles);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    if (members != null) {
      members.forEach(
          (role, users) -> copy.put(role, users == null ? List.of() : List.copyOf(users)));
    }
    members = Map.copyOf(copy);
    for (String role : requiredRoles) {
      requireMembers(role, members);
    }
    if (bootstrapExtraRole != null) {
      if (requiredRoles.contains(bootstrapExtraRole)) {
        throw new ConfigValueException(
            "bootstrapExtraRole",
            bootstrapExtraRole,
            "name a role that is not already required, or the bootstrap needs nothing extra");
      }
      requireMembers(bootstrapExtraRole, members);
    }
    if (maxApprovalAge == null || maxApprovalAge.isNegative() || maxApprovalAge.isZero()) {
      throw new ConfigValueException(
          "maxApprovalAge", maxApprovalAge, "give a positive ISO-8601 duration such as P7D");
    }
  }

  private static void requireMembers(String role, Map<String, List<String>> members) {
    if (members.getOrDefault(role, List.of()).isEmpty()) {
      throw new ConfigValueException(
          "members." + role,
          members.get(role),
          "list the people who may approve as " + role + "; nobody could fill the role");
    }
  }

  /** What {@code maxApprovalAge} is when the policy file does not say. */
  public static final Duration DEFAULT_MAX_APPROVAL_AGE = Duration.ofDays(7);

  /**
   * The approval part of a parsed {@code .mlops/policy.yaml} (the caller parses the YAML; the gate
   * keys in the same file are the evaluation's and ignored here): {@code requiredApprovals}, {@code
   * approvers} (role → people), {@code maxApprovalAge} (default P7D), {@code
   * bootstrapNeedsExtraApproval} (default true) and {@code bootstrapApprovalRole}. The one reading
   * of the file's approval keys, for promotion and for the scoring service alike.
   */
  public static ApprovalPolicy fromPolicyFile(com.fasterxml.jackson.databind.JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw new ConfigValueException("policy", tree, "write the policy as a YAML map");
    }
    Map<String, List<String>> members = new LinkedHashMap<>();
    tree.path("approvers")
        .fields()
        .forEachRemaining(e -> members.put(e.getKey(), strings(e.getValue())));
    com.fasterxml.jackson.databind.JsonNode age = tree.path("maxApprovalAge");
    Duration maxAge;
    try {
      maxAge =
          age.isMissingNode() || age.isNull()
              ? DEFAULT_MAX_APPROVAL_AGE
              : Duration.parse(age.asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new ConfigValueException(
          "maxApprovalAge", age.asText(), "give an ISO-8601 duration such as P7D");
    }
    boolean bootstrapNeedsMore = tree.path("bootstrapNeedsExtraApproval").asBoolean(true);
    String bootstrapRole = tree.path("bootstrapApprovalRole").asText(null);
    List<String> required = strings(tree.path("requiredApprovals"));
    if (bootstrapNeedsMore && bootstrapRole == null) {
      new ApprovalPolicy(required, members, maxAge, null); // the roles' own problems come first
      throw new ConfigValueException(
          "bootstrapApprovalRole",
          null,
          "bootstrapNeedsExtraApproval is set (it is by default) but no role is named: name the"
              + " role a first model must also be approved by, or set"
              + " bootstrapNeedsExtraApproval: false");
    }
    return new ApprovalPolicy(required, members, maxAge, bootstrapNeedsMore ? bootstrapRole : null);
  }

  private static List<String> strings(com.fasterxml.jackson.databind.JsonNode node) {
    List<String> out = new java.util.ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }

  /** The roles that must approve: the required ones, and the extra one for a bootstrap. */
  public List<String> rolesFor(boolean bootstrap) {
    if (bootstrap && bootstrapExtraRole != null) {
      return java.util.stream.Stream.concat(
              requiredRoles.stream(), java.util.stream.Stream.of(bootstrapExtraRole))
          .toList();
    }
    return requiredRoles;
  }

  public boolean isMember(String role, String user) {
    return members.getOrDefault(role, List.of()).contains(user);
  }
}
