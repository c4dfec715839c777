import dev.mlopssuite.jenkins.ApprovalPolicy
import dev.mlopssuite.jenkins.BuildStarter
import dev.mlopssuite.jenkins.GitLogin
import dev.mlopssuite.jenkins.GoalResult
import dev.mlopssuite.jenkins.MavenCommand
import dev.mlopssuite.jenkins.StepArguments

/**
 * Points a model's CHAMPION back at an earlier signed version with mlops:rollback, after one
 * approval by the ml-owner role (vars/mlopsRollback.txt). The reason is required before anyone is
 * asked, and shown to the approver; mlops:rollback checks the approver against the policy.
 */
def call(Map args = [:]) {
  String problem = StepArguments.problem('mlopsRollback', args,
      ['dir', 'model', 'version', 'reason', 'credentialsId', 'role', 'policyGoal',
       'gitCredentialsId'],
      ['model', 'version', 'reason', 'credentialsId'])
  if (problem) {
    error(problem)
  }
  String role = args.role ?: 'ml-owner'
  String policyGoal = args.policyGoal ?: 'mlops:policy'
  String reason = args.reason.toString().trim()
  String starter = BuildStarter.fromCauses(currentBuild.getBuildCauses())
  def rollback = null
  dir(args.dir ?: '.') {
    sh 'rm -f ' + GoalResult.file('policy') + ' ' + GoalResult.file('rollback')
    sh MavenCommand.of([policyGoal], [:])
    def policy = readJSON(file: GoalResult.file('policy'), returnPojo: true)
    problem = GoalResult.problem('policy', policy)
    if (problem) {
      error(problem)
    }
    problem = ApprovalPolicy.problem(policy, [role])
    if (problem) {
      error(problem)
    }
    def answer = null
    timeout(time: policy.approval_timeout_minutes as int, unit: 'MINUTES') {
      answer = input(
          id: 'mlops-rollback-' + role,
          message: 'Roll ' + args.model + ' back to ' + args.version + '? Reason: ' + reason +
              ' (started by ' + starter + ')',
          ok: 'Approve rollback as ' + role,
          submitter: ApprovalPolicy.submitter(policy, role),
          submitterParameter: 'approver')
    }
    String user = ApprovalPolicy.answeredBy(answer, 'approver')
    if (!user) {
      error('mlops: the rollback input returned no approver id; the library needs' +
          ' submitterParameter support (pipeline-input-step 2.8 or later)')
    }
    int status = 0
    Map properties = [
        'mlops.model'    : args.model,
        'mlops.version'  : args.version,
        'mlops.reason'   : reason,
        'mlops.role'     : role,
        'mlops.user'     : user,
        'mlops.startedBy': starter,
    ]
    List bindings = [file(credentialsId: args.credentialsId, variable: 'MLOPS_SIGNING_KEY')]
    Map shellProperties = ['mlops.signingKey': '"$MLOPS_SIGNING_KEY"']
    if (args.gitCredentialsId) {
      bindings << usernamePassword(GitLogin.binding(args.gitCredentialsId.toString()))
      GitLogin.addTo(properties, shellProperties)
    }
    withCredentials(bindings) {
      status = sh(returnStatus: true,
          script: MavenCommand.of(['mlops:rollback'], properties, shellProperties))
    }
    if (status != 0) {
      error('mlops: rollback of ' + args.model + ' to ' + args.version + ' approved by ' + user +
          ' as ' + role + ' was rejected by mlops:rollback (exit status ' + status + '; its log' +
          ' above says why). The approver must be a member of ' + role + '.')
    }
    rollback = readJSON(file: GoalResult.file('rollback'), returnPojo: true)
  }
  problem = GoalResult.problem('rollback', rollback)
  if (problem) {
    error(problem)
  }
  echo('mlops: ' + args.model + ' rolled back to ' + args.version + ': commit ' + rollback.commit +
      ' on ' + rollback.branch + (rollback.served == true ? ' (served)' :
      '; served once merged: ' + (rollback.pull_request_url ?: '(no pull request URL)')))
  return [commit        : rollback.commit, branch: rollback.branch,
          pullRequestUrl: rollback.pull_request_url, served: rollback.served == true]
}
