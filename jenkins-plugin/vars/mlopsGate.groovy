import dev.mlopssuite.jenkins.GateTable
import dev.mlopssuite.jenkins.GoalResult
import dev.mlopssuite.jenkins.StepArguments

/**
 * Fails the build, with the gate table, unless evaluate.json says every gate passed
 * (vars/mlopsGate.txt). The gates are computed by mlops:evaluate; this step only refuses to go on.
 */
def call(Map args = [:]) {
  String problem = StepArguments.problem('mlopsGate', args, ['dir', 'evaluate'], [])
  if (problem) {
    error(problem)
  }
  def evaluate = args.evaluate
  if (evaluate == null) {
    dir(args.dir ?: '.') {
      evaluate = readJSON(file: GoalResult.file('evaluate'), returnPojo: true)
    }
  }
  problem = GoalResult.problem('evaluate', evaluate)
  if (problem) {
    error(problem)
  }
  if (!GateTable.passed(evaluate)) {
    error('mlops: the challenger failed its gates; it will not be approved or promoted.\n' +
        GateTable.render(evaluate))
  }
  echo('mlops: every gate passed (' + evaluate.verdict_file + ')')
  return true
}
