package dev.mlopssuite.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Who started the build, from currentBuild.getBuildCauses(): the user id of the first user cause,
 * looking through upstream causes, so that a person who starts a job that triggers the promotion
 * is still "the starter" and may not approve it. A build no person started (timer, SCM push) is
 * named by its cause, for example "automation:TimerTriggerCause", which no approver's id can equal.
 * The rule "an approver is not the starter" is checked by mlops:approve, not here.
 */
class BuildStarter implements Serializable {
  private static final long serialVersionUID = 1L

  @NonCPS
  static String fromCauses(Object causes) {
    String user = firstUser(causes)
    if (user != null) {
      return user
    }
    List names = (causes instanceof List ? causes : []).collect { cause ->
      String type = cause instanceof Map ? String.valueOf(cause['_class']) : String.valueOf(cause)
      type.substring(Math.max(type.lastIndexOf('$'), type.lastIndexOf('.')) + 1)
    }
    return 'automation:' + (names.isEmpty() ? 'unknown' : names.join('+'))
  }

  @NonCPS
  private static String firstUser(Object causes) {
    if (!(causes instanceof List)) {
      return null
    }
    for (Object cause : (List) causes) {
      if (cause instanceof Map) {
        Map c = (Map) cause
        if (c['userId']) {
          return c['userId'].toString()
        }
        String upstream = firstUser(c['upstreamCauses'])
        if (upstream != null) {
          return upstream
        }
      }
    }
    return null
  }
}
