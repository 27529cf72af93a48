#!/usr/bin/env bash
# Shared by ./ferry and ./ferry-bundler: runs the shaded jar, building it first when it is missing or
# older than any source file (so a fresh clone and a changed checkout both just work).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$repo/$1"; shift
stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$repo/pom.xml" "$repo"/signing "$repo"/bundler "$repo"/installer "$repo"/tui \
      \( -path '*/target' -prune \) -o \( -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
      -newer "$jar" -print \) 2>/dev/null | head -n 1)" ]
}
if stale; then
  echo "ferry: building (first use or sources changed) ..." >&2
  log="$(mktemp)"
  if ! (cd "$repo" && mvn -q -B -DskipTests package >"$log" 2>&1); then
    cat "$log" >&2; rm -f "$log"
    echo "ferry: the build failed (see above); is Maven installed and Java 17 the default java?" >&2
    exit 1
  fi
  rm -f "$log"
fi
# Class data sharing: the JVM maps the classes a run loaded (docker-java, Bouncy Castle, Jackson, ...)
# from an archive instead of loading and verifying them from the jar again, which saves about half a
# second of every command's start. The first run after a build writes the archive when it exits;
# later runs use it while it is newer than the jar. FERRY_CDS=0 turns this off.
jsa="${jar%.jar}.jsa"
quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)
# shellcheck source=java-options.sh
. "$repo/scripts/java-options.sh"
if [ "${FERRY_CDS:-1}" = 0 ]; then
  exec java "${FERRY_JVM_OPTIONS[@]}" -jar "$jar" "$@"
elif [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
  exec java -XX:SharedArchiveFile="$jsa" "${quiet[@]}" "${FERRY_JVM_OPTIONS[@]}" -jar "$jar" "$@"
fi
case "${1:-}" in
  # too small a run to teach the archive anything: leave it to the next real command
  --version|-V|--help|-h) exec java "${FERRY_JVM_OPTIONS[@]}" -jar "$jar" "$@" ;;
esac
# Written under a name of its own and renamed when complete: concurrent first runs never share a file.
tmp="$jsa.$$"
rc=0
java -XX:ArchiveClassesAtExit="$tmp" "${quiet[@]}" "${FERRY_JVM_OPTIONS[@]}" -jar "$jar" "$@" || rc=$?
if [ -s "$tmp" ]; then mv -f "$tmp" "$jsa" 2>/dev/null || rm -f "$tmp"; else rm -f "$tmp"; fi
exit "$rc"
