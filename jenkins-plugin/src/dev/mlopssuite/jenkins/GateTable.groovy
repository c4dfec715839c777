package dev.mlopssuite.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * The gate verdict of evaluate.json as a table a person reads in the build log, and the one
 * decision the library takes from it: the candidate may go on only when "passed" is literally true
 * and no gate is listed as failed. Anything else (false, a string, a missing list, a contradiction)
 * stops the build; the gates themselves are computed by mlops:evaluate (docs/gates.md).
 */
class GateTable implements Serializable {
  private static final long serialVersionUID = 1L

  @NonCPS
  static boolean passed(Map evaluate) {
    Object gates = evaluate['failed_gates']
    return evaluate['passed'] == Boolean.TRUE && gates instanceof List && ((List) gates).isEmpty()
  }

  @NonCPS
  static String render(Map evaluate) {
    List gates = evaluate['failed_gates'] instanceof List ? (List) evaluate['failed_gates'] : []
    List<String> lines = []
    lines << ('Gate verdict: ' + (passed(evaluate) ? 'PASSED' : 'FAILED') +
        ' (passed=' + evaluate['passed'] + ', ' + gates.size() + ' failed gate(s))')
    if (!gates.isEmpty()) {
      int width = 'gate'.length()
      gates.each { width = Math.max(width, String.valueOf(it instanceof Map ? it['name'] : it).length()) }
      lines << ('  ' + 'gate'.padRight(width) + ' | message')
      lines << ('  ' + '-' * width + '-+-' + '-' * 7)
      gates.each { gate ->
        String name = String.valueOf(gate instanceof Map ? gate['name'] : gate)
        String message = gate instanceof Map ? String.valueOf(gate['message']) : ''
        lines << ('  ' + name.padRight(width) + ' | ' + message)
      }
    } else if (!passed(evaluate)) {
      lines << '  (evaluate.json names no failed gate but does not say passed: true; treated as failed)'
    }
    lines << ('Verdict file: ' + evaluate['verdict_file'])
    lines << ('Report: ' + evaluate['report'])
    return lines.join('\n')
  }
}
