import groovy.json.JsonSlurper

def runs = new File(basedir, 'target/mlops/runs').listFiles().findAll { !it.name.startsWith('.') }
assert runs.size() == 1
def run = runs[0]
['model.tribuo', 'manifest.json', 'metrics.json', 'feature_importance.json', 'baseline_stats.json',
 'calibration.json', 'validation_predictions.parquet', 'effective-config.yaml',
 'evaluation.json', 'evaluation.md', 'verdict.json', 'roc.svg', 'pr.svg', 'calibration.svg',
 'reliability.svg', 'evaluation_predictions.parquet'].each {
  assert new File(run, it).isFile() : "missing ${it}"
}
def manifest = new JsonSlurper().parse(new File(run, 'manifest.json'))
assert manifest.snapshot_id.startsWith('snap-')
assert manifest.trainer == 'logistic_regression'
assert manifest.golden_examples.size() == 5
assert manifest.code_commit ==~ /[0-9a-f]{40}/ : 'the IT runs inside the project repository, so the commit is known'
assert manifest.bootstrap == true
// the model file is Tribuo protobuf, not a Java serialization stream (0xACED)
def head = new File(run, 'model.tribuo').bytes
assert !(head[0] == (byte) 0xAC && head[1] == (byte) 0xED)

def verdict = new JsonSlurper().parse(new File(run, 'verdict.json'))
assert verdict.passed == true
assert verdict.bootstrap == true
assert verdict.gates.size() == 11
assert verdict.probability == 'raw' : 'calibration: none'
assert manifest.format_version == 2
assert manifest.feature_definitions.definitions.size() > 0
assert new File(run, 'evaluation.md').text.contains('### Gates')
def log = new File(basedir, 'build.log').text
assert log.contains('verdict: PASSED')
assert log.contains('report: ')
// machine-readable result files, read by the Jenkins library instead of logs
def results = new File(basedir, 'target/mlops/results')
def trainResult = new JsonSlurper().parse(new File(results, 'train.json'))
assert trainResult.version == run.name
assert new File(trainResult.run_directory).canonicalPath == run.canonicalPath
def evaluateResult = new JsonSlurper().parse(new File(results, 'evaluate.json'))
assert evaluateResult.passed == true
assert evaluateResult.failed_gates == []
assert evaluateResult.challenger_manifest_sha256 == trainResult.manifest_sha256
assert new JsonSlurper().parse(new File(results, 'backfill.json')).snapshot_id == manifest.snapshot_id
return true
