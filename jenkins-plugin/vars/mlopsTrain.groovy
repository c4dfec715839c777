import dev.mlopssuite.jenkins.GateTable
import dev.mlopssuite.jenkins.GoalResult
import dev.mlopssuite.jenkins.MavenCommand
import dev.mlopssuite.jenkins.StepArguments
import dev.mlopssuite.jenkins.WorkspacePath

/**
 * Backfills labels, trains a challenger and evaluates it (vars/mlopsTrain.txt). Reads the goals'
 * result files, archives the run and publishes its report; whether the gates passed is decided by
 * mlopsGate from the same evaluate.json, so this step does not fail on a failed gate.
 */
def call(Map args = [:]) {
  String problem = StepArguments.problem('mlopsTrain', args, ['dir', 'archive'], [])
  if (problem) {
    error(problem)
  }
  String directory = args.dir ?: '.'
  boolean archive = args.archive == null ? true : args.archive
  Map result
  dir(directory) {
    // a result file left by an earlier build must never be read as this build's
    sh 'rm -f ' + GoalResult.file('train') + ' ' + GoalResult.file('evaluate')
    // failOnGate=false: evaluate records the verdict and mlopsGate fails the build with the table
    sh MavenCommand.of(['mlops:backfill', 'mlops:train', 'mlops:evaluate'],
        ['mlops.training.failOnGate': 'false'])

    def train = readJSON(file: GoalResult.file('train'), returnPojo: true)
    problem = GoalResult.problem('train', train)
    if (problem) {
      error(problem)
    }
    def evaluate = readJSON(file: GoalResult.file('evaluate'), returnPojo: true)
    problem = GoalResult.problem('evaluate', evaluate)
    if (problem) {
      error(problem)
    }
    if (evaluate.challenger_manifest_sha256 != null
        && evaluate.challenger_manifest_sha256 != train.manifest_sha256) {
      error('evaluate.json is about manifest ' + evaluate.challenger_manifest_sha256 +
          ' but train.json trained ' + train.manifest_sha256 + '; the evaluated run is not the' +
          ' one just trained. Run mlops:evaluate with -Dmlops.run=' + train.run_directory)
    }

    String here = pwd()
    String run = WorkspacePath.relative(here, train.run_directory.toString())
    String report = WorkspacePath.relative(here, evaluate.report.toString())
    if (run == null || report == null) {
      error('the run directory ' + train.run_directory + ' or report ' + evaluate.report +
          ' is outside ' + here + '; archiveArtifacts only reaches the workspace. Keep' +
          ' mlops.yaml\'s work directory inside the project directory')
    }
    if (archive) {
      archiveArtifacts(artifacts: run + '/**', fingerprint: true, allowEmptyArchive: false)
    }
    publishHTML(target: [
      reportName           : 'mlops evaluation ' + train.version,
      reportDir            : WorkspacePath.parent(report),
      reportFiles          : WorkspacePath.name(report),
      keepAll              : true,
      alwaysLinkToLastBuild: false,
      allowMissing         : false,
    ])
    echo('mlops: trained ' + train.version + ' (manifest sha256 ' + train.manifest_sha256 + ')\n' +
        GateTable.render(evaluate))
    result = [
      version       : train.version.toString(),
      manifestSha256: train.manifest_sha256.toString(),
      runDirectory  : train.run_directory.toString(),
      passed        : GateTable.passed(evaluate),
      verdictFile   : evaluate.verdict_file.toString(),
      report        : evaluate.report.toString(),
      evaluate      : evaluate,
    ]
  }
  return result
}
