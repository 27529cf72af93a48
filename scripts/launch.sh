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
exec java ${FERRY_JAVA_OPTS:-} -jar "$jar" "$@"
