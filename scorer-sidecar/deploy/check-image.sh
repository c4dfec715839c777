#!/usr/bin/env bash
# Checks the sidecar's container image tar without Docker (docs/scorer-sidecar.md, "Container image"):
#
#   scorer-sidecar/deploy/check-image.sh [scorer-sidecar/target/jib-image.tar]
#
# 1. the tar exists; its manifest and config name the entrypoint, port 8080 and user 65532;
# 2. the layers, extracted in order into a temporary root, hold an executable /opt/java/bin/java,
#    which runs (`java -version`, here with the build machine's C libraries);
# 3. as root, with chroot: inside that root alone (with /proc mounted, as in any container),
#    /opt/java/bin/java -version runs, which proves the image's C libraries are complete; the
#    runtime has jdk.crypto.ec and an Ed25519 signature; and the image's entrypoint, run as user
#    65532 without a configuration file, loads the sidecar from /app and stops with the
#    configuration error (exit 2), which proves the class path;
# 4. still in the chroot as 65532, with a configuration, an Ed25519 trusted key and writable
#    directories where the Kubernetes example mounts volumes: the sidecar starts, answers live
#    (200), not ready (503, no model) and its metrics, and stops on SIGTERM. Port: CHECK_IMAGE_PORT
#    (18089).
# 5. the same sidecar fetches an ssh:// model repository from OpenSSH's sshd on loopback (port + 1)
#    with a mounted key and known_hosts (skipped without openssh-server and git).
# Needs bash, tar, python3 (and openssl, curl for step 4); steps 3 and 4 are skipped (and said so)
# when not root or chroot, openssl or curl is missing.
set -euo pipefail

tar_file=${1:-$(dirname "$0")/../target/jib-image.tar}
[ -f "$tar_file" ] || { echo "FAIL: no image tar at $tar_file" >&2; exit 1; }
work=$(mktemp -d)
root="$work/root"
cleanup() {
  if mountpoint -q "$root/proc" 2>/dev/null; then umount "$root/proc"; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "image: $tar_file ($(du -h "$tar_file" | cut -f1), $(stat -c %s "$tar_file") bytes)"
mkdir -p "$work/oci" "$root"
tar -xf "$tar_file" -C "$work/oci"

# manifest.json (docker save format) -> config and layers, in order
python3 - "$work/oci" > "$work/layers" <<'PY'
import json, sys, os
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
assert len(m) == 1, "one image expected"
c = json.load(open(os.path.join(d, m[0]["Config"])))["config"]
want = ["/opt/java/bin/java", "-cp", "/app/classes:/app/resources:/app/libs/*",
        "dev.mlopssuite.sidecar.Sidecar", "--config", "/etc/mlops/sidecar.yaml"]
assert c.get("Entrypoint") == want, "entrypoint is %r" % c.get("Entrypoint")
assert "8080/tcp" in c.get("ExposedPorts", {}), "port 8080 not exposed: %r" % c.get("ExposedPorts")
assert c.get("User", "").split(":")[0] == "65532", "user is %r" % c.get("User")
print("tags: %s" % m[0].get("RepoTags"), file=sys.stderr)
print("entrypoint: %s" % " ".join(c["Entrypoint"]), file=sys.stderr)
print("user: %s, ports: %s" % (c["User"], " ".join(c["ExposedPorts"])), file=sys.stderr)
for layer in m[0]["Layers"]:
    print(layer)
PY
echo "OK: manifest and config"

while read -r layer; do
  tar --warning=no-unknown-keyword -xzf "$work/oci/$layer" -C "$root"
done < "$work/layers"
echo "layers: $(wc -l < "$work/layers"), extracted: $(du -sh "$root" | cut -f1)"
[ -x "$root/opt/java/bin/java" ] || fail "/opt/java/bin/java is missing or not executable"
for d in /app/classes /app/libs /lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/libc.so.6; do
  [ -e "$root$d" ] || fail "$d is missing"
done
"$root/opt/java/bin/java" -version 2>&1 | sed 's/^/  /'
echo "OK: /opt/java/bin/java -version (build machine's C libraries)"

if [ "$(id -u)" != 0 ] || ! command -v chroot > /dev/null; then
  echo "SKIPPED: the chroot check needs root and chroot"
  exit 0
fi
mkdir -p "$root/proc"
mount -t proc proc "$root/proc" || { echo "SKIPPED: cannot mount /proc for the chroot check"; exit 0; }
chroot "$root" /opt/java/bin/java -version 2>&1 | sed 's/^/  /'
echo "OK: chroot: /opt/java/bin/java -version with the image's libraries only"
chroot "$root" /opt/java/bin/java --list-modules | grep -q '^jdk.crypto.ec@' || fail "jdk.crypto.ec missing"
chroot "$root" /opt/java/bin/java -XshowSettings:security:providers -version 2>&1 \
  | grep -q 'Signature.Ed25519' || fail "no Ed25519 signature provider"
echo "OK: chroot: jdk.crypto.ec, Signature.Ed25519"
set +e
out=$(cd / && chroot --userspec=65532:65532 "$root" \
  /opt/java/bin/java -cp '/app/classes:/app/resources:/app/libs/*' dev.mlopssuite.sidecar.Sidecar \
  --config /etc/mlops/sidecar.yaml 2>&1)
rc=$?
set -e
echo "$out" | sed 's/^/  /' | head -5
[ "$rc" = 2 ] || fail "the entrypoint without a configuration exited $rc, expected 2 (configuration error)"
echo "$out" | grep -q 'sidecar.yaml' || fail "the entrypoint did not report the missing configuration"
echo "OK: chroot as 65532: the entrypoint loads the sidecar and refuses the missing configuration"

# 4. A start: a configuration, a trusted Ed25519 public key and writable directories in the
#    places the Kubernetes example mounts volumes, a repository that does not exist yet. The
#    sidecar must answer live (200), not ready (503: no verified model) and serve its metrics.
if ! command -v openssl > /dev/null || ! command -v curl > /dev/null; then
  echo "SKIPPED: the start check needs openssl and curl"
  exit 0
fi
port=${CHECK_IMAGE_PORT:-18089}
mkdir -p "$root/etc/mlops/keys" "$root/var/lib/mlops"
chmod 777 "$root/var/lib/mlops"
openssl genpkey -algorithm ed25519 -out "$work/key.pem" 2> /dev/null
openssl pkey -in "$work/key.pem" -pubout -out "$root/etc/mlops/keys/promotion-public.pem"
cat > "$root/etc/mlops/sidecar.yaml" <<YAML
repository:
  url: file:///var/lib/mlops/models.git
  branch: main
  cacheDirectory: /var/lib/mlops/cache
models: [check-image]
refreshWebhook:
  tokenEnv: MLOPS_REFRESH_TOKEN
trustedKeys:
  files: [keys/promotion-public.pem]
server:
  port: $port
predictionLog:
  directory: /var/lib/mlops/predictions
YAML
(cd / && exec env MLOPS_REFRESH_TOKEN=check chroot --userspec=65532:65532 "$root" \
  /opt/java/bin/java -cp '/app/classes:/app/resources:/app/libs/*' dev.mlopssuite.sidecar.Sidecar \
  --config /etc/mlops/sidecar.yaml > "$work/sidecar.log" 2>&1) &
sidecar=$!
stop_sidecar() {
  if kill -0 "$sidecar" 2> /dev/null; then kill "$sidecar"; wait "$sidecar" || true; fi
}
trap 'stop_sidecar; cleanup' EXIT
live=
for _ in $(seq 60); do
  live=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/health/live" || true)
  [ "$live" = 200 ] && break
  kill -0 "$sidecar" 2> /dev/null || break
  sleep 0.5
done
if [ "$live" != 200 ]; then
  sed 's/^/  /' "$work/sidecar.log" >&2
  fail "the sidecar did not answer /v2/health/live (last: ${live:-none})"
fi
ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/health/ready")
[ "$ready" = 503 ] || fail "/v2/health/ready answered $ready without a model, expected 503"
curl -s "http://127.0.0.1:$port/metrics" | grep -q '^mlops_sidecar_' || fail "no mlops_sidecar_ metrics"
grep 'live on port' "$work/sidecar.log" | sed 's/^/  /'
stop_sidecar
echo "OK: chroot as 65532: the sidecar starts (live 200, ready 503 without a model, metrics) and stops"

# 5. The image's runtime reaches an ssh:// model repository: OpenSSH's sshd on the host's loopback
#    serves a repository whose main branch has no model yet; the sidecar in the chroot logs in
#    with a key and known_hosts mounted as the Kubernetes example mounts them. The fetch must
#    succeed (not ready for want of a CHAMPION, not for "cannot fetch"): proof that the jlink'd
#    runtime has what the SSH client needs.
if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-keygen > /dev/null || ! command -v git > /dev/null; then
  echo "SKIPPED: the ssh:// check needs openssh-server and git"
  exit 0
fi
ssh_port=$((port + 1))
mkdir -p "$work/sshd" "$root/etc/mlops/ssh" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$work/sshd/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$root/etc/mlops/ssh/id_ed25519"
cp "$root/etc/mlops/ssh/id_ed25519.pub" "$work/sshd/authorized_keys"
echo "[127.0.0.1]:$ssh_port $(cut -d' ' -f1,2 "$work/sshd/host_key.pub")" > "$root/etc/mlops/ssh/known_hosts"
chown -R 65532:65532 "$root/etc/mlops/ssh"
git init -q --bare -b main "$work/models.git"
git clone -q "$work/models.git" "$work/models-work" 2> /dev/null
(cd "$work/models-work" && echo "# models" > README.md && git add README.md \
  && git -c user.name=check -c user.email=check@example.org commit -q -m init && git push -q origin main)
cat > "$work/sshd/sshd_config" <<SSHD
Port $ssh_port
ListenAddress 127.0.0.1
HostKey $work/sshd/host_key
AuthorizedKeysFile $work/sshd/authorized_keys
PidFile $work/sshd/sshd.pid
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
SSHD
/usr/sbin/sshd -D -e -f "$work/sshd/sshd_config" > "$work/sshd.log" 2>&1 &
sshd_pid=$!
sed -i -e "s#url: file:///var/lib/mlops/models.git#url: ssh://$(id -un)@127.0.0.1:$ssh_port$work/models.git\n  sshDirectory: /etc/mlops/ssh#" \
  "$root/etc/mlops/sidecar.yaml"
(cd / && exec env MLOPS_REFRESH_TOKEN=check chroot --userspec=65532:65532 "$root" \
  /opt/java/bin/java -cp '/app/classes:/app/resources:/app/libs/*' dev.mlopssuite.sidecar.Sidecar \
  --config /etc/mlops/sidecar.yaml > "$work/sidecar-ssh.log" 2>&1) &
sidecar=$!
trap 'stop_sidecar; kill $sshd_pid 2> /dev/null || true; cleanup' EXIT
reason=
for _ in $(seq 60); do
  reason=$(curl -s "http://127.0.0.1:$port/v2/health/ready" || true)
  case "$reason" in *"waiting for the first fetch"* | "") sleep 0.5 ;; *) break ;; esac
done
case "$reason" in
  *"cannot fetch"* | *"waiting for the first fetch"* | "")
    sed 's/^/  /' "$work/sidecar-ssh.log" "$work/sshd.log" >&2
    fail "the sidecar in the image did not fetch over ssh://: ${reason:-no answer}" ;;
esac
echo "  ready: $reason"
stop_sidecar
echo "OK: chroot as 65532: the sidecar fetched the model repository over ssh:// (OpenSSH sshd on loopback)"
