package dev.mlopssuite.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The model repository's login over HTTPS for the goals that push (mlopsPromote, mlopsRollback): a
 * "Username with password" credential bound as two shell variables. The goal is told the password's
 * variable by name and reads it itself; the user name is expanded by the shell. Neither value passes
 * through a Groovy string or the command line (docs/model-repository.md, "Logging in to the
 * repository").
 */
class GitLogin implements Serializable {
  private static final long serialVersionUID = 1L
  static final String USER_VARIABLE = 'MLOPS_GIT_USER'
  static final String PASSWORD_VARIABLE = 'MLOPS_GIT_PASSWORD'

  /** The arguments of the usernamePassword binding of {@code credentialsId}. */
  @NonCPS
  static Map binding(String credentialsId) {
    return [credentialsId   : credentialsId, usernameVariable: USER_VARIABLE,
            passwordVariable: PASSWORD_VARIABLE]
  }

  /** Adds the goal's login: the password's variable by name, the user name for the shell. */
  @NonCPS
  static void addTo(Map properties, Map<String, String> shellExpanded) {
    properties['mlops.git.passwordVariable'] = PASSWORD_VARIABLE
    shellExpanded['mlops.git.username'] = '"$' + USER_VARIABLE + '"'
  }
}
