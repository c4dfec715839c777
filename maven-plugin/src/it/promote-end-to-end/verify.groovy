import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
// the starter may not approve, whatever Jenkins lets them answer
assert log.contains('jenkins started this run and may not approve it')
// a bootstrap without its extra role is refused before anything is pushed
assert log.contains('clinical-safety')
assert log.contains('verified: every champion chain on main holds')
assert log.contains('approved by alice (ml-owner), bob (business-stakeholder), carol (clinical-safety)')

def promote = new JsonSlurper().parse(new File(basedir, 'target/mlops/results/promote.json'))
assert promote.served == true
assert promote.branch == "promote/it-pacemaker/${promote.version}"

// ordinary git shows one commit with the version folder and the CHAMPION change
def repo = new File(basedir, 'target/mlops/model-repo.git')
def git = { String... args ->
  def p = (['git', '--git-dir', repo.path] + args.toList()).execute()
  def out = p.text
  assert p.waitFor() == 0 : "git ${args} failed"
  out
}
assert git('rev-list', '--count', 'main').trim() == '2'
def files = git('show', '--name-only', '--format=', 'main').readLines().findAll { it }
assert files.contains('models/it-pacemaker/CHAMPION')
assert files.contains("models/it-pacemaker/versions/${promote.version}/promotion.json".toString())
assert files.contains("models/it-pacemaker/versions/${promote.version}/model.tribuo".toString())
assert files.every { it.startsWith('models/it-pacemaker/') }
assert git('show', 'main:models/it-pacemaker/CHAMPION').trim() == promote.version
def record = new JsonSlurper().parseText(git('show', "main:models/it-pacemaker/versions/${promote.version}/promotion.json"))
assert record.signature
assert record.approvals*.user.sort() == ['alice', 'bob', 'carol']
// the private key is readable by its owner only
def mode = java.nio.file.Files.getPosixFilePermissions(new File(basedir, 'target/mlops/keys/signing-key.pem').toPath())
assert mode == java.nio.file.attribute.PosixFilePermissions.fromString('rw-------')
// the refused rollback left CHAMPION where it was
assert log.contains('never-promoted')
assert git('show', 'main:models/it-pacemaker/CHAMPION').trim() == promote.version
// the login parameters reach the goal, and a user name for a local repository is refused
assert log.contains('mlops.git.username is set but the model repository')
assert log.contains('is not reached over HTTP(S)')
// a token in the repository URL is refused and never printed
assert log.contains('https://***@git.example.org/ml/models.git carries a user or password')
assert !log.contains('ghp_itSecret123')
return true
