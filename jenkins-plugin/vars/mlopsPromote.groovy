import dev.mlopssuite.jenkins.BuildStarter
import dev.mlopssuite.jenkins.GitLogin
import dev.mlopssuite.jenkins.GoalResult
import dev.mlopssuite.jenkins.MavenCommand
import dev.mlopssuite.jenkins.StepArguments

/**
 * Signs and promotes the approved run with mlops:promote (vars/mlopsPromote.txt). The signing key
 * exists only inside withCredentials and only as a shell variable: the command is a single-quoted
 * Groovy string, so the key's path is expanded by the shell and never by Groovy, and Jenkins can
 * mask it.
 */
def call(Map args = [:]) {
  String problem = StepArguments.problem('mlopsPromote', args,
      ['dir', 'credentialsId', 'approvals', 'run', 'startedBy', 'keyId', 'gitCredentialsId'],
      ['credentialsId', 'approvals'])
  if (problem) {
    error(problem)
  }
  // Who started the run may not have approved it: mlops:promote checks that again.
  String starter = args.startedBy ?: BuildStarter.fromCauses(currentBuild.getBuildCauses())
  Map properties = ['mlops.approvals': args.approvals, 'mlops.run': args.run,
                    'mlops.startedBy': starter]
  if (args.keyId) {
    properties['mlops.signingKeyId'] = args.keyId
  }
  def promote = null
  dir(args.dir ?: '.') {
    sh 'rm -f ' + GoalResult.file('promote')
    List bindings = [file(credentialsId: args.credentialsId, variable: 'MLOPS_SIGNING_KEY')]
    Map shellProperties = ['mlops.signingKey': '"$MLOPS_SIGNING_KEY"']
    if (args.gitCredentialsId) {
      bindings << usernamePassword(GitLogin.binding(args.gitCredentialsId.toString()))
      GitLogin.addTo(properties, shellProperties)
    }
    withCredentials(bindings) {
      sh MavenCommand.of(['mlops:promote'], properties, shellProperties)
    }
    promote = readJSON(file: GoalResult.file('promote'), returnPojo: true)
  }
  problem = GoalResult.problem('promote', promote)
  if (problem) {
    error(problem)
  }
  if (promote.served == true) {
    echo('mlops: promoted and served: commit ' + promote.commit + ' on ' + promote.branch)
  } else {
    echo('mlops: promotion pushed as commit ' + promote.commit + ' on ' + promote.branch +
        '; it is served once merged: ' + (promote.pull_request_url ?: '(no pull request URL)'))
  }
  return [commit           : promote.commit, branch: promote.branch,
          pullRequestUrl   : promote.pull_request_url, served: promote.served == true]
}
