import groovy.json.JsonSlurper

def snapshots = new File(basedir, 'target/mlops/snapshots').listFiles().findAll { it.name.startsWith('snap-') }
assert snapshots.size() == 1 : "exactly one snapshot expected, found ${snapshots*.name}"
def manifest = new JsonSlurper().parse(new File(snapshots[0], 'snapshot.json'))
assert manifest.row_counts.total == 6
assert manifest.inputs.find { it.role == 'telemetry' }.rows_rejected == 4
assert manifest.label_logic_version == 'label-v2'

def rejected = new File(snapshots[0], 'rejected-telemetry.csv').readLines()
assert rejected.size() == 5
['wrong_type', 'non_finite', 'duplicate_key', 'future_timestamp'].each { code ->
  assert rejected.any { it.contains(code + ':') } : "no ${code} row in ${rejected}"
}

def labels = new File(basedir, 'target/labels.csv').readLines()
assert labels[0] == 'entity,ts,label,label_status,label_resolved_at,label_source'
assert labels.contains('PM-2,2026-01-20T00:00:00Z,1,resolved,2026-01-21T18:00:00Z,observed_outcome')
assert labels.contains('PM-1,2026-01-01T00:00:00Z,0,resolved,2026-01-08T00:00:00Z,observed_outcome')
assert labels.contains('PM-3,2026-01-31T00:00:00Z,,unresolved,,')

def log = new File(basedir, 'build.log').text
assert log.contains('telemetry: 10 rows read, 6 accepted, 4 rejected')
assert log.contains('snapshot published')
return true
