#!/usr/bin/env bash
# Ferry backup benchmark: one backup of a ~1 GiB stream into a backup repository on the test bed's
# Samba share, side by side with the plain tools on the same file, in the same run:
#
#   smbclient put FILE     the same bytes copied to the same share, uncompressed, no dedup
#   zstd -T0 -3 FILE       the same bytes compressed on this host (to a local file), no share
#   ferry backup           BackupBench: chunk (FastCDC), hash, zstd -3 and upload every chunk, write the
#                          snapshot document; into a fresh repository folder
#   ferry backup again     the same file once more into the same repository: what a nightly backup of
#                          unchanged data costs (time, and "new bytes" it stores)
#   ferry restore          the newest snapshot's stream read back, every chunk and the whole verified,
#                          against smbclient get of the plain file
#
# The input is "pg-like": BENCH_TEXT_MB of PostgreSQL-dump-shaped text (COPY rows, never repeating)
# followed by BENCH_RANDOM_MB of random bytes (like a volume of compressed files).
#
#   bench/backup-bench.sh            (as root, from anywhere; about 5 minutes)
#
# Not a test: nothing here passes or fails a build; the script exits 0 unless a step crashed. Each
# round runs every operation once, plain and ferry interleaved, so load from other processes hits both
# alike; the table shows each operation's best round. Java times are whole JVM processes (start,
# connect and log in, the work), as the native ones are whole commands; peak RSS from /usr/bin/time.
# Knobs:
#   BENCH_TEXT_MB=512 BENCH_RANDOM_MB=512   the input
#   BENCH_RUNS=3                            rounds
#   BENCH_JAVA_OPTS                         JVM options for the ferry runs, e.g. -Dferry.backup.threads=6
#   BENCH_KEEP=1                            keep the temp folder
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

TEXT_MB=${BENCH_TEXT_MB:-512}
RANDOM_MB=${BENCH_RANDOM_MB:-512}
RUNS=${BENCH_RUNS:-3}
TESTBED_DIR=${FERRY_TESTBED_DIR:-/var/lib/ferry-testbed}
export FERRY_TESTBED_DIR=$TESTBED_DIR

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (the test bed needs it)"
command -v zstd >/dev/null || apt-get install -y -q zstd >/dev/null
[ -x /usr/bin/time ] || apt-get install -y -q time >/dev/null

TMP=$(mktemp -d /var/tmp/ferry-backup-bench.XXXXXX)
RUN_ID=$(basename "$TMP" | tr -cd 'A-Za-z0-9')
cleanup() {
  if [ -n "${CP:-}" ]; then
    for ((r = 1; r <= RUNS; r++)); do java -cp "$CP" io.ferry.installer.backup.BackupBench smb rm "bench-$RUN_ID-$r" >/dev/null 2>&1 || true; done
  fi
  rm -f "${SMB_DIR:-/nonexistent}"/bench-"$RUN_ID"-* 2>/dev/null || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- server and the Java side ---------------------------------------------------------------------
scripts/testbed.sh smb
prop() { sed -n "s/^$2=//p" "$TESTBED_DIR/$1/testbed.properties"; }
SMB_PORT=$(prop smb smb.port); SMB_USER=$(prop smb smb.user); SMB_DIR=$(prop smb smb.dir)
SMB_PASS=$(cat "$(prop smb smb.passwordFile)")

log "compiling (mvn test-compile)"
# signing and installer together, so the reactor hands installer the fresh signing classes (no mvn install).
mvn -B -q -ntp -pl signing,installer test-compile dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$TMP/cp.txt" -Dmdep.includeScope=test >"$TMP/mvn.log" 2>&1 \
  || { tail -20 "$TMP/mvn.log" >&2; die "mvn test-compile failed"; }
CP="installer/target/test-classes:installer/target/classes:$(cat "$TMP/cp.txt")"

# --- input ----------------------------------------------------------------------------------------
SRC=$TMP/source.bin
log "making $TEXT_MB MiB of dump-like text + $RANDOM_MB MiB of random data"
python3 - "$SRC" "$TEXT_MB" <<'EOF'
import random, sys
random.seed(7)
out, mb = sys.argv[1], int(sys.argv[2])
words = ["queued", "answered", "abandoned", "transferred", "voicemail", "callback", "agent", "sales", "support", "billing"]
limit, n, row = mb << 20, 0, 0
with open(out, "wb") as f:
    f.write(b"COPY public.calls (id, started, state, queue, caller, duration) FROM stdin;\n")
    while n < limit:
        rows = []
        for _ in range(20000):
            row += 1
            rows.append("%d\t2026-11-%02d %02d:%02d:%02d\t%s\t%s\t+4930%08d\t%d\n" % (row, 1 + row // 400000 % 28,
                row // 3600 % 24, row // 60 % 60, row % 60, random.choice(words), random.choice(words),
                random.getrandbits(26), random.randint(0, 900)))
        b = "".join(rows).encode()[: limit - n]
        f.write(b)
        n += len(b)
EOF
head -c "$((RANDOM_MB * 1024 * 1024))" /dev/urandom >>"$SRC"
BYTES=$(stat -c %s "$SRC")
cat "$SRC" >/dev/null # in the page cache for every round

calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
lt() { awk "BEGIN { exit !($1 < $2) }"; }
now() { date +%s.%N; }
SMB=(smbclient "//127.0.0.1/share" -p "$SMB_PORT" -U "$SMB_USER%$SMB_PASS")

declare -A BEST BEST_RSS INFO
record() { # key seconds [rss-kb]
  local k=$1 s=$2 rss=${3:-}
  [ -n "$s" ] || die "no time for $k (see $TMP)"
  printf '[bench]   %-22s %8.3f s%s\n' "$k" "$s" "${rss:+  peak RSS $((rss / 1024)) MiB}" >&2
  if [ -z "${BEST[$k]:-}" ] || lt "$s" "${BEST[$k]}"; then BEST[$k]=$s; fi
  if [ -n "$rss" ] && { [ -z "${BEST_RSS[$k]:-}" ] || [ "$rss" -gt "${BEST_RSS[$k]}" ]; }; then BEST_RSS[$k]=$rss; fi
}
# Runs a command under /usr/bin/time; sets T (wall seconds), RSS (KB) and OUT (its stdout).
measure() {
  local t0 t1
  t0=$(now)
  /usr/bin/time -f '%M' -o "$TMP/time.txt" "$@" >"$TMP/out.txt" 2>>"$TMP/errors.log" || {
    [ "${SOFT:-0}" = 1 ] && { RSS=$(tail -1 "$TMP/time.txt" | tr -cd 0-9); return 1; }
    cat "$TMP/errors.log" >&2; die "failed: $*"; }
  t1=$(now)
  T=$(calc "$t1 - $t0"); RSS=$(tail -1 "$TMP/time.txt"); OUT=$(cat "$TMP/out.txt")
}
# The launchers' JVM options (scripts/java-options.sh) first, as `./ferry backup` runs with them.
# shellcheck source=../scripts/java-options.sh
. "$repo/scripts/java-options.sh"
# shellcheck disable=SC2086
ferry_bench() { measure java "${FERRY_JVM_DEFAULTS[@]}" ${BENCH_JAVA_OPTS:-} -cp "$CP" io.ferry.installer.backup.BackupBench smb "$@"; }

log "warm-up: one untimed backup of the first 64 MiB"
head -c $((64 << 20)) "$SRC" >"$TMP/warm.bin"
ferry_bench backup "bench-$RUN_ID-warm" "$TMP/warm.bin"
java -cp "$CP" io.ferry.installer.backup.BackupBench smb rm "bench-$RUN_ID-warm" >/dev/null

for ((r = 1; r <= RUNS; r++)); do
  log "round $r of $RUNS"
  measure "${SMB[@]}" -c "put $SRC bench-$RUN_ID-plain"; record "smbclient put" "$T"
  measure zstd -T0 -3 -q -f "$SRC" -o "$TMP/source.zst"; record "zstd -T0 -3" "$T" "$RSS"
  INFO[zstd_bytes]=$(stat -c %s "$TMP/source.zst"); rm -f "$TMP/source.zst"
  ferry_bench backup "bench-$RUN_ID-$r" "$SRC"; record "ferry backup" "$T" "$RSS"
  read -r _ _ INFO[plain] INFO[new1] INFO[chunks1] INFO[total1] _ <<<"$OUT"
  ferry_bench backup "bench-$RUN_ID-$r" "$SRC"; record "ferry backup again" "$T" "$RSS"
  read -r _ _ _ INFO[new2] INFO[chunks2] _ _ <<<"$OUT"
  measure "${SMB[@]}" -c "get bench-$RUN_ID-plain /dev/null"; record "smbclient get" "$T"
  ferry_bench restore "bench-$RUN_ID-$r"; record "ferry restore" "$T" "$RSS"
  "${SMB[@]}" -c "del bench-$RUN_ID-plain" >/dev/null 2>&1 || true
  java -cp "$CP" io.ferry.installer.backup.BackupBench smb rm "bench-$RUN_ID-$r" >/dev/null
done

log "memory: a backup of a quarter of the input, and one of all of it with the heap capped at 192 MiB"
head -c $((BYTES / 4)) "$SRC" >"$TMP/quarter.bin"
ferry_bench backup "bench-$RUN_ID-q" "$TMP/quarter.bin"; QUARTER_RSS=$RSS
java -cp "$CP" io.ferry.installer.backup.BackupBench smb rm "bench-$RUN_ID-q" >/dev/null
CAPPED=ok
SOFT=1 BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Xmx192m" ferry_bench backup "bench-$RUN_ID-c" "$SRC" || CAPPED=failed
CAPPED_RSS=$RSS
java -cp "$CP" io.ferry.installer.backup.BackupBench smb rm "bench-$RUN_ID-c" >/dev/null

# --- the table ------------------------------------------------------------------------------------
mib() { calc "$1 / 1048576"; }
mibs() { calc "$BYTES / 1048576 / $1"; }
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); $(smbd --version); $(zstd --version | head -1 | cut -d, -f1); $(java -version 2>&1 | head -1)"
printf 'Input: %.0f MiB (%s MiB dump-like text + %s MiB random); best of %s rounds; MiB/s = 2^20 bytes per second.\n' \
  "$(mib "$BYTES")" "$TEXT_MB" "$RANDOM_MB" "$RUNS"
echo
echo "| operation | seconds | MiB/s | peak RSS | ratio |"
echo "| --- | ---: | ---: | ---: | --- |"
rowt() { # label key ratio-text
  local rss=${BEST_RSS[$2]:-}
  printf '| %s | %.2f | %.0f | %s | %s |\n' "$1" "${BEST[$2]}" "$(mibs "${BEST[$2]}")" "${rss:+$((rss / 1024)) MiB}" "$3"
}
ratio() { calc "${BEST[$1]} / ${BEST[$2]}"; }
rowt "smbclient put (plain copy to the share)" "smbclient put" ""
rowt "zstd -T0 -3 (compress locally)" "zstd -T0 -3" ""
rowt "ferry backup, first" "ferry backup" "$(printf '%.2fx smbclient put, %.2fx zstd' "$(ratio "ferry backup" "smbclient put")" "$(ratio "ferry backup" "zstd -T0 -3")")"
rowt "ferry backup, same data again" "ferry backup again" "$(printf '%.2fx the first backup' "$(ratio "ferry backup again" "ferry backup")")"
rowt "smbclient get (plain copy from the share)" "smbclient get" ""
rowt "ferry restore (verified)" "ferry restore" "$(printf '%.2fx smbclient get' "$(ratio "ferry restore" "smbclient get")")"
echo
printf 'Stored by the first backup ("new bytes"): %.1f MiB in %s chunks (%.1f%% of the input; zstd -T0 -3 of the file: %.1f MiB, %.1f%%).\n' \
  "$(mib "${INFO[new1]}")" "${INFO[chunks1]}" "$(calc "100 * ${INFO[new1]} / $BYTES")" "$(mib "${INFO[zstd_bytes]}")" "$(calc "100 * ${INFO[zstd_bytes]} / $BYTES")"
printf 'Stored by the second backup ("new bytes"): %s bytes in %s new chunks (%s chunks referenced).\n' "${INFO[new2]}" "${INFO[chunks2]}" "${INFO[total1]}"
printf 'Peak RSS: %s MiB for a quarter of the input, %s MiB for all of it; all of it with -Xmx192m: %s (%s MiB).\n' \
  "$((QUARTER_RSS / 1024))" "$((${BEST_RSS[ferry backup]} / 1024))" "$CAPPED" "$((CAPPED_RSS / 1024))"
