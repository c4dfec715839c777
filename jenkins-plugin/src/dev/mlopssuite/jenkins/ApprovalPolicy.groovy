package dev.mlopssuite.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Reads policy.json (written by the mlops goals from the model repository's .mlops/policy.yaml)
 * into what an input step needs: the roles to ask, in order, and who may answer each. This only
 * narrows who Jenkins offers the input to; whether an answer counts (member of the role, distinct
 * people, not the starter, bound to the manifest) is decided by mlops:approve, because a Jenkins
 * administrator can answer any input whatever its submitter list.
 */
class ApprovalPolicy implements Serializable {
  private static final long serialVersionUID = 1L

  @NonCPS
  static List<String> roles(Map policy) {
    return (policy['required_roles'] instanceof List ? policy['required_roles'] : []).collect {
      it.toString()
    }
  }

  @NonCPS
  static List<String> members(Map policy, String role) {
    Object members = policy['members'] instanceof Map ? ((Map) policy['members'])[role] : null
    return (members instanceof List ? members : []).collect { it.toString().trim() }.findAll {
      it
    }
  }

  /** The input step's submitter: user ids separated by ','. */
  @NonCPS
  static String submitter(Map policy, String role) {
    return members(policy, role).join(',')
  }

  /** Null when the policy can be asked, else what is wrong and the fix. */
  @NonCPS
  static String problem(Map policy, List<String> roles) {
    if (roles.isEmpty()) {
      return 'policy.json requires no approval role; a promotion needs at least one. Set' +
          ' required approval roles in the model repository\'s .mlops/policy.yaml'
    }
    Object minutes = policy['approval_timeout_minutes']
    if (!(minutes instanceof Number) || ((Number) minutes).intValue() <= 0) {
      return 'policy.json approval_timeout_minutes is ' + minutes + '; it must be a positive' +
          ' number of minutes (.mlops/policy.yaml)'
    }
    for (String role : roles) {
      if (members(policy, role).isEmpty()) {
        return 'policy.json lists no members for role ' + role + ', so nobody could approve;' +
            ' add members to that role in .mlops/policy.yaml'
      }
      if (members(policy, role).any { it.contains(',') }) {
        return 'policy.json role ' + role + ' has a member id containing \',\', which the input' +
            ' step would read as two ids; fix the member list in .mlops/policy.yaml'
      }
    }
    return null
  }

  /** What an input step returns with submitterParameter: the id alone, or a map with it. */
  @NonCPS
  static String answeredBy(Object answer, String submitterParameter) {
    Object who = answer instanceof Map ? ((Map) answer)[submitterParameter] : answer
    return who == null ? null : who.toString()
  }
}
