import groovy.json.JsonSlurper

def data = new File(basedir, 'target/data')
assert new File(data, 'telemetry.parquet').isFile()
assert !new File(data, 'telemetry.parquet.csv.partial').exists()
def lineage = new JsonSlurper().parse(new File(data, 'simulation.json'))
assert lineage.telemetry.rows == 40 * 24 * 24
assert new File(data, 'simulation-effective-config.yaml').text.contains('devices: 40')

def snapshots = new File(basedir, 'target/mlops/snapshots').listFiles().findAll { it.name.startsWith('snap-') }
assert snapshots.size() == 2 : "a full and a partial snapshot expected (the rerun reuses the first): ${snapshots*.name}"
def manifests = snapshots.collect { new JsonSlurper().parse(new File(it, 'snapshot.json')) }
def full = manifests.find { it.parent_ids.isEmpty() }
def partial = manifests.find { !it.parent_ids.isEmpty() }
assert partial.parent_ids == [full.id]
assert full.row_counts.total == 40 * 24 * 24
assert full.watermark == '2026-01-20T00:00:00Z'

def log = new File(basedir, 'build.log').text
assert log.contains('snapshot already existed, unchanged')

// the partial backfill relabels only PM-00003; every other row keeps its label
def fullRows = new File(basedir, 'target/labels-full.csv').readLines()
def partialRows = new File(basedir, 'target/labels-partial.csv').readLines()
assert fullRows[0] == 'entity,ts,label,label_status,label_resolved_at,label_source'
assert fullRows.size() == partialRows.size()
int changed = 0
fullRows.eachWithIndex { row, i ->
  if (!row.startsWith('PM-00003,')) {
    assert row == partialRows[i] : "row outside the cohort changed: ${row} -> ${partialRows[i]}"
  } else if (row != partialRows[i]) {
    changed++
  }
}
assert changed > 0 : 'the cohort rows should move with the later as-of time'
return true
