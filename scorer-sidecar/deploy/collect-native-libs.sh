#!/usr/bin/env bash
# Copies the C libraries the jlink'd Java runtime needs into a directory laid out as the image's
# root, so that the runtime can run on the empty `scratch` base (Jib adds OUT as an extra
# directory at /). Run by `./mvnw -pl scorer-sidecar -Pimage package` (profile `image`).
#
#   collect-native-libs.sh RUNTIME JAR_DIR OUT
#
# RUNTIME  the jlink output (target/jlink-runtime)
# JAR_DIR  the sidecar's libraries (target/lib): Linux x86_64 native libraries inside the jars
#          (XGBoost, used when an XGBoost model is served) are checked too
# OUT      the directory to fill (target/image-rootfs); emptied first
#
# What it copies: every library `ldd` lists for bin/*, lib/**/*.so and lib/jspawnhelper of the
# runtime and for the jars' native libraries, at the path ldd printed (the symbolic links of the
# build machine followed, so /lib64/ld-linux-x86-64.so.2 is the loader itself), and nothing else.
# Skipped on purpose: the AWT/X11, sound, font and image libraries of java.desktop (the sidecar
# needs java.desktop only for java.beans; it runs headless and never loads them).
# It also writes a minimal /etc/passwd, /etc/group (user and group 65532 "nonroot"),
# /etc/nsswitch.conf (hosts: files dns) and an empty /tmp.
#
# Limits: the libraries are the build machine's (glibc 2.36 on Debian 12 at the time of writing);
# the image is exactly as current as that machine, and must be rebuilt when it is patched. A
# library loaded with dlopen (not listed by ldd) is not copied: glibc >= 2.34 has the `files` and
# `dns` name services built in, so host and user lookups work without libnss_*.so; anything else
# (iconv modules, NSS modules such as sss or ldap) is absent. The build machine must be
# x86_64 Linux with glibc.
set -euo pipefail

runtime=$1
jar_dir=$2
out=$3

[ -x "$runtime/bin/java" ] || { echo "no runtime at $runtime" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The ELF files whose dependencies the image needs.
skip='/(libawt_xawt|libjawt|libsplashscreen|libfontmanager|libjsound|libjavajpeg|liblcms)\.so$'
{
  find "$runtime/bin" -type f
  find "$runtime/lib" -type f -name '*.so'
  [ -f "$runtime/lib/jspawnhelper" ] && echo "$runtime/lib/jspawnhelper"
} | grep -Ev "$skip" > "$scratch/elf"

# Native libraries inside the jars, Linux x86_64 glibc builds only.
if [ -d "$jar_dir" ]; then
  for jar in "$jar_dir"/*.jar; do
    entries=$(unzip -Z1 "$jar" 2>/dev/null | grep -Ei '(^|/)linux[^/]*/(x86_64|amd64|x64)/[^/]+\.so$' | grep -vi musl || true)
    [ -n "$entries" ] || continue
    dir="$scratch/jars/$(basename "$jar")"
    mkdir -p "$dir"
    # shellcheck disable=SC2086
    unzip -q -o "$jar" $entries -d "$dir"
    find "$dir" -type f -name '*.so' >> "$scratch/elf"
  done
fi

: > "$scratch/libs"
while read -r elf; do
  file -L "$elf" | grep -q 'ELF 64-bit' || continue
  if ! deps=$(ldd "$elf" 2>&1); then
    # static executables and libraries with no dependency print "not a dynamic executable"
    continue
  fi
  # libjvm.so is found by the JVM itself (it is loaded first), never through the loader's path
  missing=$(printf '%s\n' "$deps" | grep 'not found' | grep -v 'libjvm.so' || true)
  if [ -n "$missing" ]; then
    echo "$elf: missing libraries on this machine:" >&2
    echo "$missing" >&2
    exit 1
  fi
  printf '%s\n' "$deps" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' >> "$scratch/libs"
done < "$scratch/elf"

sort -u "$scratch/libs" | while read -r lib; do
  case "$lib" in "$runtime"/*|"$scratch"/*) continue ;; esac
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
  echo "  $lib"
done

mkdir -p "$out/etc" "$out/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$out/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$out/etc/nsswitch.conf"
echo "C libraries and /etc files for the image in $out ($(du -sh "$out" | cut -f1))"
