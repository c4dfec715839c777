#!/usr/bin/env bash
# Runs the sidecar's container image under Docker as deploy/kubernetes.yaml runs it, on a model
# repository a signed promotion has filled (docs/scorer-sidecar.md, "Container image"):
#
#   scorer-sidecar/deploy/check-image-docker.sh [image.tar] [model-repo.git] [public-key.pem]
#
# Defaults: scorer-sidecar/target/jib-image.tar and the Quick-start demo's repository and public key
# (examples/pacemaker/target/mlops/; run ./mvnw -B -Pdemo install -DskipTests first).
#
# The container: read-only root file system, user 65532 (the image's), 384 MiB memory limit, /tmp
# a tmpfs, the configuration, trusted key and refresh token mounted read-only, the prediction log on
# a mounted directory, the repository mounted read-only and fetched over file://. Checked:
#   1. start to live and start to ready (a verified model loaded), printed in milliseconds;
#   2. the model's metadata, /v1/score and OIP infer answer 200 with the served commit's lineage
#      (X-Model-Commit equals the branch's commit in the repository); the refresh webhook answers
#      401 without the token and 202 with it; /metrics has model_info for that commit;
#   3. under wrk (when installed) 10 s of single-row infer: no non-2xx; the container's memory;
#   4. 200 more acknowledged scoring requests, then `docker stop` (SIGTERM): the container exits
#      (0, or 143: the JVM's status after its shutdown hooks) and exactly 200 more records are in
#      the prediction log.
# Needs docker (with a running daemon), curl (7.76 or later), git and python3; wrk is optional. Port: CHECK_IMAGE_PORT
# (18090).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tar_file=${1:-$top/scorer-sidecar/target/jib-image.tar}
repo=${2:-$top/examples/pacemaker/target/mlops/model-repo.git}
key=${3:-$top/examples/pacemaker/target/mlops/keys/signing-key.pub.pem}
port=${CHECK_IMAGE_PORT:-18090}
model=pacemaker-failure-7d
name=mlops-sidecar-check-$$

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -f "$tar_file" ] || fail "no image tar at $tar_file (./mvnw -B -pl scorer-sidecar -am -Pimage package -DskipTests)"
[ -d "$repo" ] || fail "no model repository at $repo (./mvnw -B -Pdemo install -DskipTests)"
[ -f "$key" ] || fail "no public key at $key"
docker info > /dev/null 2>&1 || fail "no Docker daemon answers (docker info)"

work=$(mktemp -d)
cleanup() {
  docker rm -f "$name" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

image=$(docker load -i "$tar_file" | sed -n 's/^Loaded image: //p' | tail -1)
[ -n "$image" ] || fail "docker load named no image"
echo "image: $image ($(docker image inspect -f '{{.Size}}' "$image") bytes unpacked)"

# What a Kubernetes volume would hold: public key only, token file, a writable log directory.
mkdir -p "$work/keys" "$work/refresh" "$work/predictions"
cp "$key" "$work/keys/"
cp -r "$repo" "$work/models.git"
printf 'check-token' > "$work/refresh/token"
chmod -R a+rX "$work"
chmod 777 "$work/predictions"
cat > "$work/sidecar.yaml" <<YAML
repository:
  url: file:///var/lib/mlops/models.git
  branch: main
  pollInterval: PT30S
  cacheDirectory: /tmp/mlops-cache
models: [$model]
refreshWebhook:
  tokenFile: /etc/mlops/refresh/token
trustedKeys:
  directory: /etc/mlops/keys
server:
  port: 8080
predictionLog:
  directory: /var/lib/mlops/predictions
  flushInterval: PT0.2S
YAML
commit=$(git --git-dir "$work/models.git" rev-parse main)
url="http://127.0.0.1:$port"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
code() { curl -s -o /dev/null -w '%{http_code}' "$@" || true; }

t0=$(now_ms)
docker run -d --name "$name" --read-only --memory 384m --security-opt no-new-privileges \
  --tmpfs /tmp:uid=65532,gid=65532 -p "127.0.0.1:$port:8080" \
  -v "$work/sidecar.yaml:/etc/mlops/sidecar.yaml:ro" -v "$work/keys:/etc/mlops/keys:ro" \
  -v "$work/refresh:/etc/mlops/refresh:ro" -v "$work/predictions:/var/lib/mlops/predictions" \
  -v "$work/models.git:/var/lib/mlops/models.git:ro" "$image" > /dev/null
live=
ready=
deadline=$((t0 + 30000))
while [ "$(now_ms)" -lt "$deadline" ]; do
  if [ -z "$live" ] && [ "$(code "$url/v2/health/live")" = 200 ]; then live=$(now_ms); fi
  if [ "$(code "$url/v2/health/ready")" = 200 ]; then ready=$(now_ms); break; fi
  [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || break
  sleep 0.05
done
if [ -z "$ready" ]; then
  docker logs "$name" 2>&1 | tail -20 | sed 's/^/  /' >&2
  fail "the container did not get ready within 30 s"
fi
[ -n "$live" ] || live=$ready
echo "OK: start to live $((live - t0)) ms, start to ready $((ready - t0)) ms (docker run included)"

# 2. Scoring with the promoted version's lineage
metadata=$(curl -sf "$url/v2/models/$model") || fail "the model's metadata did not answer 2xx"
features=$(echo "$metadata" \
  | python3 -c 'import json,sys; print(" ".join(i["name"] for i in json.load(sys.stdin)["inputs"]))') \
  || fail "the model's metadata names no inputs: $metadata"
python3 - "$work/infer.json" $features <<'PY'
import json, sys
names = sys.argv[2:]
body = {"id": "check-1", "inputs": [
    {"name": n, "datatype": "FP64", "shape": [1], "data": [0.5 + k / 10]} for k, n in enumerate(names)]}
open(sys.argv[1], "w").write(json.dumps(body))
PY
score='{"entity": "PM-00001", "ts": "2026-03-01T00:00:00Z", "readings": {"battery_voltage": 2.7,
  "lead_impedance": 600, "pacing_threshold": 1.0, "sensing_amplitude": 7.5, "heart_rate": 70,
  "device_temp": 37}}'
headers=$(curl -s --fail-with-body -D - -o "$work/score.out" -X POST "$url/v1/score" -d "$score") \
  || fail "/v1/score did not answer 2xx: $(cat "$work/score.out" 2> /dev/null)"
echo "$headers" | tr -d '\r' | grep -qi "^x-model-commit: $commit$" \
  || fail "/v1/score's X-Model-Commit is not the served branch's commit $commit: $headers"
echo "  /v1/score: $(cat "$work/score.out" | head -c 160)..."
infer=$(code -X POST -H 'Content-Type: application/json' --data-binary "@$work/infer.json" \
  "$url/v2/models/$model/infer")
[ "$infer" = 200 ] || fail "infer answered $infer"
[ "$(code -X POST "$url/admin/refresh")" = 401 ] || fail "refresh without the token was not 401"
[ "$(code -X POST -H 'Authorization: Bearer check-token' "$url/admin/refresh")" = 202 ] \
  || fail "refresh with the token was not 202"
metrics=$(curl -sf "$url/metrics") || fail "/metrics did not answer 2xx"
echo "$metrics" | grep -q "^mlops_sidecar_model_info{commit=\"$commit\"" \
  || fail "/metrics has no model_info for commit $commit"
echo "OK: metadata, /v1/score and infer 200 with commit $commit; refresh 401/202; model_info"

count_records() {
  cat "$work"/predictions/predictions-*.jsonl 2> /dev/null \
    | python3 -c 'import json,sys; print(sum(len(json.loads(l)["request_id"]) for l in sys.stdin if l.strip()))'
}

# 3. Load and memory
if command -v wrk > /dev/null; then
  python3 - "$work/infer.json" "$work/infer.lua" <<'PY'
import json, sys
body = open(sys.argv[1]).read()
open(sys.argv[2], "w").write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                             'wrk.body = %s\n' % json.dumps(body))
PY
  # To the container's own address when it answers there: Docker's port forwarding (docker-proxy)
  # would be what is measured, at a sixth of the rate.
  load_url=$url
  ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$name")
  if [ -n "$ip" ] && [ "$(code "http://$ip:8080/v2/health/live")" = 200 ]; then load_url="http://$ip:8080"; fi
  out=$(wrk -t1 -c8 -d10s -s "$work/infer.lua" "$load_url/v2/models/$model/infer")
  echo "$out" | grep -E 'Requests/sec|Non-2xx|Socket errors' | sed 's/^/  /'
  echo "$out" | grep -q 'Non-2xx' && fail "non-2xx answers under load"
  mem=$(docker stats --no-stream --format '{{.MemUsage}}' "$name")
  echo "OK: 10 s of single-row infer under wrk, no non-2xx; container memory after it: $mem"
else
  echo "SKIPPED: load and memory (wrk is not installed)"
fi

# 4. Acknowledged requests survive SIGTERM
sleep 1 # the flusher writes every 0.2 s: what was logged so far is on disk
before=$(count_records) || fail "the prediction log could not be read"
for i in $(seq 100); do
  # one entity's readings in time order (a reading older than the entity's last is refused)
  reading=$(printf '{"entity": "PM-00002", "ts": "2026-03-02T%02d:%02d:00Z", "readings":
    {"battery_voltage": 2.7, "lead_impedance": 600, "pacing_threshold": 1.0,
    "sensing_amplitude": 7.5, "heart_rate": 70, "device_temp": 37}}' $((i / 60)) $((i % 60)))
  [ "$(code -X POST "$url/v1/score" -d "$reading")" = 200 ] || fail "/v1/score request $i was not 200"
  [ "$(code -X POST -H 'Content-Type: application/json' --data-binary "@$work/infer.json" \
    "$url/v2/models/$model/infer")" = 200 ] || fail "infer request $i was not 200"
done
docker stop -t 30 "$name" > /dev/null
exit_code=$(docker inspect -f '{{.State.ExitCode}}' "$name")
after=$(count_records) || fail "the prediction log could not be read"
echo "  records before $before, after $after; exit code $exit_code"
[ $((after - before)) = 200 ] || fail "200 acknowledged requests, $((after - before)) records on disk"
# 143 (128 + SIGTERM) is the JVM's own status once its shutdown hooks have run.
[ "$exit_code" = 0 ] || [ "$exit_code" = 143 ] || fail "the container exited $exit_code on SIGTERM"
echo "OK: 200 acknowledged requests, then SIGTERM: exit $exit_code and exactly 200 more records on disk"
