package dev.mlopssuite.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The result files the mlops goals write under target/mlops/results/ (vars/mlopsTrain.txt,
 * "Result files") and what this library needs from each. A file without a field the library reads
 * is refused with a message that says which goal wrote it and how to fix it, rather than read as
 * null and acted upon.
 */
class GoalResult implements Serializable {
  private static final long serialVersionUID = 1L

  static final String DIRECTORY = 'target/mlops/results'

  static final Map<String, List<String>> REQUIRED = [
    'train'   : ['run_directory', 'version', 'manifest_sha256'],
    'evaluate': ['verdict_file', 'passed', 'report', 'failed_gates'],
    'policy'  : ['required_roles', 'members', 'approval_timeout_minutes'],
    'promote' : ['commit', 'branch', 'pull_request_url', 'served'],
    'rollback': ['commit', 'branch', 'pull_request_url', 'served'],
  ]

  @NonCPS
  static String file(String goal) {
    return DIRECTORY + '/' + goal + '.json'
  }

  /** Null when the result has every field the library reads, else what is wrong and the fix. */
  @NonCPS
  static String problem(String goal, Object result) {
    if (!(result instanceof Map)) {
      return file(goal) + ' is not a JSON object; it is written by mlops:' + goal +
          ', rerun that goal'
    }
    List<String> missing = REQUIRED[goal].findAll { !((Map) result).containsKey(it) }
    if (!missing.isEmpty()) {
      return file(goal) + ' lacks ' + missing.join(', ') + ': the mlops:' + goal +
          ' goal that wrote it is older than this library; use the mlops-maven-plugin of the' +
          ' same release'
    }
    return null
  }
}
