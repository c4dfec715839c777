import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('FAIL relative.max_recall_drop: no champion to compare with')
assert log.contains('failed 3 gate(s)')
assert log.contains('The champion is untouched')
assert log.contains('BUILD FAILURE')
// a failed run keeps every artifact for audit
def run = new File(basedir, 'target/mlops/runs').listFiles().find { !it.name.startsWith('.') }
assert new File(run, 'model.tribuo').isFile()
def verdict = new JsonSlurper().parse(new File(run, 'verdict.json'))
assert verdict.passed == false
assert verdict.champion == null
def evaluateResult = new JsonSlurper().parse(new File(basedir, 'target/mlops/results/evaluate.json'))
assert evaluateResult.passed == false
assert evaluateResult.failed_gates*.name.contains('relative.max_recall_drop')
return true
