package dev.mlopssuite.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Named parameters of a library step checked the way Jenkins checks a plugin step's: an unknown
 * name (a typo such as "credentialId") or a missing required one stops the build before anything
 * runs, instead of being silently ignored.
 */
class StepArguments implements Serializable {
  private static final long serialVersionUID = 1L

  /** Null when args are acceptable, else what is wrong and the fix. */
  @NonCPS
  static String problem(String step, Map args, List<String> known, List<String> required) {
    List unknown = args.keySet().findAll { !known.contains(it.toString()) } as List
    if (!unknown.isEmpty()) {
      return step + ': unknown parameter(s) ' + unknown.join(', ') + '; known: ' + known.join(', ') +
          ' (see vars/' + step + '.txt)'
    }
    List missing = required.findAll { args[it] == null || args[it].toString().trim().isEmpty() }
    if (!missing.isEmpty()) {
      return step + ': missing required parameter(s) ' + missing.join(', ') + ' (see vars/' + step +
          '.txt)'
    }
    return null
  }
}
