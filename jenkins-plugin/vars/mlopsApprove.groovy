import dev.mlopssuite.jenkins.ApprovalPolicy
import dev.mlopssuite.jenkins.BuildStarter
import dev.mlopssuite.jenkins.GoalResult
import dev.mlopssuite.jenkins.MavenCommand
import dev.mlopssuite.jenkins.ShellArgument
import dev.mlopssuite.jenkins.StepArguments

/**
 * Asks each role the policy requires, one input per role offered to that role's members, and has
 * mlops:approve accept or refuse every answer (vars/mlopsApprove.txt). The input's submitter list
 * is a courtesy: a Jenkins administrator can answer any input, so the rules (member of the role,
 * distinct people, not the starter, bound to the manifest) are checked by the goal, not here.
 */
def call(Map args = [:]) {
  String problem = StepArguments.problem('mlopsApprove', args,
      ['dir', 'run', 'version', 'manifestSha256', 'approvals', 'policyGoal'], [])
  if (problem) {
    error(problem)
  }
  String approvals = args.approvals ?: 'target/mlops/approvals.json'
  String policyGoal = args.policyGoal ?: 'mlops:policy'
  String what = (args.version ?: 'the candidate') +
      (args.manifestSha256 ? ' (manifest sha256 ' + args.manifestSha256 + ')' : '')
  String starter = BuildStarter.fromCauses(currentBuild.getBuildCauses())
  List accepted = []
  dir(args.dir ?: '.') {
    // approvals are this build's alone; the policy is read fresh from the model repository
    sh 'rm -f ' + ShellArgument.quote(approvals) + ' ' + GoalResult.file('policy')
    sh MavenCommand.of([policyGoal], [:])
    def policy = readJSON(file: GoalResult.file('policy'), returnPojo: true)
    problem = GoalResult.problem('policy', policy)
    if (problem) {
      error(problem)
    }
    List<String> roles = ApprovalPolicy.roles(policy)
    problem = ApprovalPolicy.problem(policy, roles)
    if (problem) {
      error(problem)
    }
    int minutes = policy.approval_timeout_minutes as int
    for (String role : roles) {
      def answer = null
      timeout(time: minutes, unit: 'MINUTES') {
        answer = input(
            id: 'mlops-approve-' + role,
            message: 'Approve ' + what + ' as ' + role + '? (started by ' + starter + ')',
            ok: 'Approve as ' + role,
            submitter: ApprovalPolicy.submitter(policy, role),
            submitterParameter: 'approver')
      }
      String user = ApprovalPolicy.answeredBy(answer, 'approver')
      if (!user) {
        error('mlops: the input for role ' + role + ' returned no approver id; the library needs' +
            ' submitterParameter support (pipeline-input-step 2.8 or later)')
      }
      int status = sh(returnStatus: true, script: MavenCommand.of(['mlops:approve'], [
        'mlops.role'     : role,
        'mlops.user'     : user,
        'mlops.startedBy': starter,
        'mlops.approvals': approvals,
        'mlops.run'      : args.run,
      ]))
      if (status != 0) {
        error('mlops: approval of role ' + role + ' by ' + user + ' was rejected by mlops:approve' +
            ' (exit status ' + status + '; its log above says why). An approver must be a member' +
            ' of the role, may approve once, and may not be the build\'s starter (' + starter + ').')
      }
      echo('mlops: ' + user + ' approved ' + what + ' as ' + role)
      accepted << [role: role, user: user]
    }
  }
  return [approvals: approvals, startedBy: starter, accepted: accepted]
}
