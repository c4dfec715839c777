package dev.mlopssuite.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Quotes one value for a POSIX shell command line, so that a user id, a role or a rollback reason
 * typed by a person reaches Maven as one argument and is never run as shell syntax. The library
 * builds `sh` scripts from such values; every one of them goes through here.
 */
class ShellArgument implements Serializable {
  private static final long serialVersionUID = 1L

  /** 'value' with each ' written as '\'' (the only character a single-quoted word cannot hold). */
  @NonCPS
  static String quote(Object value) {
    String text = value == null ? '' : value.toString()
    return "'" + text.replace("'", "'\\''") + "'"
  }

  /** -Dname='value' */
  @NonCPS
  static String property(String name, Object value) {
    return '-D' + name + '=' + quote(value)
  }
}
