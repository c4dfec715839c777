package dev.mlopssuite.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The one shape of every Maven call the library makes: the wrapper in batch mode, the goals, then
 * -D properties in the order given, each value quoted (ShellArgument). Properties whose value must
 * be expanded by the shell (a credential's file path) are passed verbatim in {@code shellExpanded},
 * so that the secret never passes through a Groovy string.
 */
class MavenCommand implements Serializable {
  private static final long serialVersionUID = 1L

  @NonCPS
  static String of(List<String> goals, Map properties, Map<String, String> shellExpanded = [:]) {
    List<String> words = ['./mvnw', '-B']
    words.addAll(goals)
    properties.each { name, value ->
      if (value != null) {
        words << ShellArgument.property(name.toString(), value)
      }
    }
    shellExpanded.each { name, expression -> words << ('-D' + name + '=' + expression) }
    return words.join(' ')
  }
}
