#!/usr/bin/env bash
# Ferry bundle benchmark: ferry-bundler build / ferry verify against the plain tools, on one set of
# images (the acd-demo sample images + one generated image of about 1.1 GiB, half random, half
# log-like text). Prints machine facts, per-run details and one table with ratios and targets.
#
#   bench/bundle-bench.sh            (as root, from anywhere; takes a few minutes)
#
# Not a test: pass/FAIL in the table is information only, the script exits 0 unless a step crashed.
# Environment knobs:
#   BENCH_RUNS=3            timed runs of every operation; the table shows the BEST (shortest) run
#   BENCH_RANDOM_MB=560     MiB of /dev/urandom data in the generated image (4 files)
#   BENCH_TEXT_MB=560       MiB of generated log-like text in the generated image (4 files)
#   BENCH_REBUILD=1         rebuild ferry-bench/big:1 even when it exists with the same inputs
#   BENCH_KEEP=1            keep the temp folder (bundle, tar.zst, logs) instead of deleting it
#   FERRY_JAVA_OPTS         passed to java, as the launchers do
# Kept afterwards: the images (acd-demo/*:1.0.0, ferry-bench/big:1). Everything else lives in a temp
# folder under /var/tmp that is removed on exit.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

RUNS=${BENCH_RUNS:-3}
RANDOM_MB=${BENCH_RANDOM_MB:-560}
TEXT_MB=${BENCH_TEXT_MB:-560}
BIG=ferry-bench/big:1
BIG_LABEL=io.ferry.bench.inputs
BIG_INPUTS="big-v1-random${RANDOM_MB}M-text${TEXT_MB}M"
SAMPLE_IMAGES=(acd-demo/db:1.0.0 acd-demo/web:1.0.0 acd-demo/worker:1.0.0 acd-demo/reports:1.0.0)
IMAGES=("${SAMPLE_IMAGES[@]}" "$BIG")
export FERRY_KEY_PASSPHRASE=${FERRY_KEY_PASSPHRASE:-bench-passphrase-1}

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

TMP=$(mktemp -d /var/tmp/ferry-bench.XXXXXX)
cleanup() {
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites ---------------------------------------------------------------------------
need_pkg() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null || die "$1 is missing (install package $2)"
  log "installing $2"
  apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1; apt-get install -y -q "$2" >/dev/null; }
}
need_pkg zstd zstd
need_pkg openssl openssl
need_pkg sha256sum coreutils
[ -x /usr/bin/time ] || need_pkg /usr/bin/time time
# The generated image is FROM scratch: its /bin/busybox must be the static build.
if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
  log "installing busybox-static"
  apt-get install -y -q busybox-static >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1; apt-get install -y -q busybox-static >/dev/null; }
  ! ldd /bin/busybox >/dev/null 2>&1 || die "/bin/busybox is not a static binary"
fi
command -v docker >/dev/null || die "docker not found: run scripts/testbed.sh first"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer: run scripts/testbed.sh first"

# --- inputs: images --------------------------------------------------------------------------
log "sample images: samples/acd-demo/build-images.sh 1.0.0"
samples/acd-demo/build-images.sh 1.0.0 >"$TMP/build-images.log" 2>&1 || { cat "$TMP/build-images.log" >&2; die "build-images.sh failed"; }

have_big=$(docker image inspect "$BIG" --format "{{ index .Config.Labels \"$BIG_LABEL\" }}" 2>/dev/null || true)
if [ "$have_big" = "$BIG_INPUTS" ] && [ "${BENCH_REBUILD:-0}" != 1 ]; then
  log "$BIG exists ($BIG_LABEL=$BIG_INPUTS): reused"
else
  ctx="$TMP/big-context"
  mkdir -p "$ctx/data"
  cp /bin/busybox "$ctx/busybox"
  log "generating $BIG: ${RANDOM_MB} MiB random + ${TEXT_MB} MiB log-like text"
  for i in 1 2 3 4; do
    head -c "$((RANDOM_MB * 1024 * 1024 / 4))" /dev/urandom >"$ctx/data/random-$i.bin"
  done
  for i in 1 2 3 4; do
    # Log-like lines with varying timestamps, ids, paths, statuses and durations: compresses like
    # real text (roughly 3-6x with zstd -3), unlike a repeated byte.
    mawk_or_awk=$(command -v mawk || command -v awk)
    "$mawk_or_awk" -v seed="$i" -v target="$((TEXT_MB * 1024 * 1024 / 4))" 'BEGIN {
      srand(seed)
      split("INFO INFO INFO INFO DEBUG DEBUG WARN ERROR", lvl, " ")
      split("http worker scheduler db-pool cache auth reports mailer", comp, " ")
      split("GET GET GET POST POST PUT DELETE", meth, " ")
      split("/api/v1/calls /api/v1/agents /api/v1/queues /api/v1/reports /login /static/app.js /health /api/v1/tickets", path, " ")
      split("200 200 200 200 201 204 301 304 400 401 403 404 409 500 503", st, " ")
      split("request completed|cache miss, loading from db|slow query detected|retrying after timeout|session refreshed|queue depth changed|user logged in|job finished", msg, "|")
      t = 1714521600; n = 0
      while (n < target) {
        t += int(rand() * 3)
        line = sprintf("ts=%d.%03d %-5s [%s-%d] %s %s/%d status=%s bytes=%d dur_ms=%d req=%08x user=u%05d msg=\"%s\"",
          t, int(rand()*1000), lvl[int(rand()*8)+1], comp[int(rand()*8)+1], int(rand()*16),
          meth[int(rand()*7)+1], path[int(rand()*8)+1], int(rand()*100000), st[int(rand()*15)+1],
          int(rand()*65536), int(rand()*rand()*5000), int(rand()*4294967295), int(rand()*20000), msg[int(rand()*8)+1])
        print line
        n += length(line) + 1
      }
    }' >"$ctx/data/text-$i.log"
  done
  {
    echo "FROM scratch"
    echo "COPY busybox /bin/busybox"
    for i in 1 2 3 4; do echo "COPY data/random-$i.bin /data/random-$i.bin"; done
    for i in 1 2 3 4; do echo "COPY data/text-$i.log /data/text-$i.log"; done
    echo 'CMD ["/bin/busybox", "sh"]'
  } >"$ctx/Dockerfile"
  log "docker build $BIG (context $(du -sh "$ctx" | cut -f1))"
  DOCKER_BUILDKIT=0 docker build -q --label "$BIG_LABEL=$BIG_INPUTS" -t "$BIG" "$ctx" >"$TMP/big-build.log" 2>&1 \
    || { cat "$TMP/big-build.log" >&2; die "docker build of $BIG failed"; }
  rm -rf "$ctx"
fi
for img in "${IMAGES[@]}"; do docker image inspect "$img" >/dev/null 2>&1 || die "image $img is missing"; done

# --- the jars: build once, then run a private copy -------------------------------------------
# The launchers rebuild the jar when a source is newer. Run each once so no rebuild lands inside a
# measurement, then time a snapshot of the jar with exactly the launcher's command line
# (java <scripts/java-options.sh> $FERRY_JAVA_OPTS -jar JAR): other people may rebuild the repo's jars while this runs.
mkdir -p "$TMP/jars"
snapshot_jar() { # launcher jar: build through the launcher, copy the jar, check the copy runs
  local launcher=$1 jar=$2 copy="$TMP/jars/${2##*/}"
  "./$launcher" --version >"$TMP/version-$launcher.log" 2>&1 || return 1
  cp "$jar" "$copy" 2>/dev/null || return 1
  java -jar "$copy" --version >"$TMP/version-$launcher.log" 2>&1
}
for pair in "ferry-bundler:bundler/target/ferry-bundler.jar" "ferry:tui/target/ferry.jar"; do
  launcher=${pair%%:*}; jar=${pair#*:}
  # Others may be running 'mvn clean' or editing sources right now: retry a few times.
  for attempt in 1 2 3 4 5 6; do
    snapshot_jar "$launcher" "$jar" && break
    [ "$attempt" = 6 ] && { cat "$TMP/version-$launcher.log" >&2; die "./$launcher --version keeps failing (see above)"; }
    log "./$launcher --version failed (a concurrent build or a source mid-edit?); retrying in 20 s"
    sleep 20
  done
done
# The launcher's JVM options (scripts/java-options.sh), then FERRY_JAVA_OPTS, as the launcher has them.
# shellcheck source=../scripts/java-options.sh
. "$repo/scripts/java-options.sh"
JAVA=(java "${FERRY_JVM_OPTIONS[@]}")
BUNDLER=("${JAVA[@]}" -jar "$TMP/jars/ferry-bundler.jar")
FERRY=("${JAVA[@]}" -jar "$TMP/jars/ferry.jar")
log "ferry-bundler $(head -n1 "$TMP/version-ferry-bundler.log"), ferry $(head -n1 "$TMP/version-ferry.log")"

# --- stack folder and signing key ------------------------------------------------------------
mkdir -p "$TMP/stack"
{
  echo "# Ferry benchmark stack: the acd-demo sample images + one large generated image."
  echo "services:"
  for img in "${IMAGES[@]}"; do
    svc=${img%%:*}; svc=${svc##*/}
    echo "  $svc:"
    echo "    image: $img"
  done
  echo '    command: ["/bin/busybox", "sleep", "3600"]'
} >"$TMP/stack/compose.yaml"
"${BUNDLER[@]}" keygen --name bench --out "$TMP/keys" >"$TMP/keygen.log" 2>&1 || { cat "$TMP/keygen.log" >&2; die "keygen failed"; }
KEY="$TMP/keys/bench.sec.asc"
PUB="$TMP/keys/bench.pub.asc"

# --- measurement helpers ---------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
DOCKERD_PID=$(pgrep -xo dockerd || true)
dockerd_ticks() {
  if [ -n "$DOCKERD_PID" ] && [ -r "/proc/$DOCKERD_PID/stat" ]; then
    # utime + stime (fields 14, 15); the process name has no spaces
    awk '{print $14 + $15}' "/proc/$DOCKERD_PID/stat"
  else echo 0; fi
}
# busy CPU ticks of the whole machine (user nice system irq softirq steal)
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
declare -A WALL RSS USR SYS ENG OTH ALLRUNS BESTRUN
# measure NAME RUN CMD...: runs CMD under /usr/bin/time -v; records wall (date +%s.%N), user, sys,
# peak RSS (largest single process of the command, MB) and dockerd CPU seconds during the run.
measure() {
  local name=$1 run=$2; shift 2
  local tv="$TMP/time-$name-$run.txt" out="$TMP/out-$name-$run.log"
  local e0 e1 t0 t1
  local m0 m1
  e0=$(dockerd_ticks); m0=$(machine_ticks); t0=$(date +%s.%N)
  if ! /usr/bin/time -v -o "$tv" "$@" >"$out" 2>&1; then
    cat "$out" >&2; [ -f "$tv" ] && tail -n 30 "$tv" >&2
    die "$name (run $run) failed: $*"
  fi
  t1=$(date +%s.%N); e1=$(dockerd_ticks); m1=$(machine_ticks)
  local wall rss usr sys eng oth
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$tv")
  usr=$(awk -F': ' '/User time/{print $2}' "$tv")
  sys=$(awk -F': ' '/System time/{print $2}' "$tv")
  eng=$(awk -v a="$e0" -v b="$e1" -v h="$CLK_TCK" 'BEGIN{printf "%.1f", (b-a)/h}')
  # CPU that neither the command nor dockerd used during the run: other people's work (noise)
  oth=$(awk -v a="$m0" -v b="$m1" -v h="$CLK_TCK" -v u="$usr" -v s="$sys" -v e="$eng" \
    'BEGIN{o = (b-a)/h - u - s - e; printf "%.1f", (o < 0 ? 0 : o)}')
  printf '[bench]   %-22s run %d: wall %7.2f s  user %6.2f s  sys %6.2f s  peak RSS %5d MB  dockerd CPU %5.1f s  others CPU %5.1f s\n' \
    "$name" "$run" "$wall" "$usr" "$sys" "$rss" "$eng" "$oth" >&2
  ALLRUNS[$name]="${ALLRUNS[$name]:+${ALLRUNS[$name]} / }$wall"
  # keep the best (shortest wall) run; RSS is the maximum over all runs
  if [ -z "${WALL[$name]:-}" ] || awk -v a="$wall" -v b="${WALL[$name]}" 'BEGIN{exit !(a<b)}'; then
    WALL[$name]=$wall; USR[$name]=$usr; SYS[$name]=$sys; ENG[$name]=$eng; OTH[$name]=$oth; BESTRUN[$name]=$run
  fi
  if [ -z "${RSS[$name]:-}" ] || [ "$rss" -gt "${RSS[$name]}" ]; then RSS[$name]=$rss; fi
}
calc() { awk "BEGIN{printf \"$1\", $2}"; }
mb() { calc "%.1f" "$1/1048576"; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_START=$(loadavg)

# --- machine facts ---------------------------------------------------------------------------
facts() {
  echo "== machine"
  echo "cores (nproc):   $(nproc)"
  echo "memory:          $(free -g | awk '/^Mem:/{print $2 " GiB total, " $7 " GiB available"}')"
  echo "cpu:             $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')$(grep -qw sha_ni /proc/cpuinfo && echo ' (sha_ni)')"
  echo "kernel:          $(uname -r)"
  echo "docker engine:   $(docker version --format '{{.Server.Version}}' 2>/dev/null) ($(docker info --format '{{.Driver}}' 2>/dev/null)), CLI $(docker version --format '{{.Client.Version}}' 2>/dev/null)"
  echo "java:            $("${JAVA[@]}" -version 2>&1 | head -n1)"
  echo "zstd:            $(zstd -V | head -n1)"
  echo "openssl:         $(openssl version)"
  echo "disk (temp):     $(df -h --output=source,fstype,size,avail "$TMP" | tail -n1 | awk '{print $1 " " $2 ", " $3 " size, " $4 " free"}')"
  echo "disk (docker):   $(df -h --output=source,fstype "$(docker info --format '{{.DockerRootDir}}' 2>/dev/null || echo /)" 2>/dev/null | tail -n1 | awk '{print $1 " " $2}')"
  echo "load at start:   $LOAD_START"
}
facts | tee "$TMP/facts.txt" >&2

# --- warm-up and reference sizes -------------------------------------------------------------
log "images: ${IMAGES[*]}"
log "warm-up: docker save (untimed) | wc -c"
SAVE_BYTES=$(docker save "${IMAGES[@]}" | wc -c)
log "docker save stream: $SAVE_BYTES bytes ($(mb "$SAVE_BYTES") MiB)"
# As the launchers do: the first real run writes a class-data-sharing archive, later runs map it.
log "warm-up: one build and one verify writing their class-data archives (untimed), as the launchers' first runs do"
CDS_QUIET=(-Xlog:cds=off -Xlog:cds+dynamic=off)
"${JAVA[@]}" -XX:ArchiveClassesAtExit="$TMP/jars/ferry-bundler.jsa" "${CDS_QUIET[@]}" -jar "$TMP/jars/ferry-bundler.jar" \
  build --stack "$TMP/stack" --release 1 --sign-key "$KEY" --out "$TMP/training.ferry" >"$TMP/cds-training.log" 2>&1 \
  || { cat "$TMP/cds-training.log" >&2; die "the training build failed"; }
"${JAVA[@]}" -XX:ArchiveClassesAtExit="$TMP/jars/ferry.jsa" "${CDS_QUIET[@]}" -jar "$TMP/jars/ferry.jar" \
  verify "$TMP/training.ferry" --trust "$PUB" >>"$TMP/cds-training.log" 2>&1 \
  || { cat "$TMP/cds-training.log" >&2; die "the training verify failed"; }
rm -f "$TMP/training.ferry"
BUNDLER=("${JAVA[@]}" -XX:SharedArchiveFile="$TMP/jars/ferry-bundler.jsa" "${CDS_QUIET[@]}" -jar "$TMP/jars/ferry-bundler.jar")
FERRY=("${JAVA[@]}" -XX:SharedArchiveFile="$TMP/jars/ferry.jsa" "${CDS_QUIET[@]}" -jar "$TMP/jars/ferry.jar")

PLAIN_OUT="$TMP/X.tar.zst"
BUNDLE="$TMP/B.ferry"
export OUT="$PLAIN_OUT"

# --- 3a/3b/3d: build ---------------------------------------------------------------------------
log "build: plain pipeline vs ferry-bundler build, $RUNS run(s) each, alternating"
for run in $(seq 1 "$RUNS"); do
  rm -f "$PLAIN_OUT"; sync
  measure plain-save-zstd "$run" bash -c 'set -o pipefail; docker save "$@" | zstd -T0 -3 -q -o "$OUT"' plain "${IMAGES[@]}"
  rm -f "$BUNDLE"; sync
  measure ferry-build "$run" "${BUNDLER[@]}" build --stack "$TMP/stack" --release 1 --sign-key "$KEY" --out "$BUNDLE"
done
PLAIN_BYTES=$(stat -c %s "$PLAIN_OUT")
BUNDLE_BYTES=$(stat -c %s "$BUNDLE")
# ferry-bundler fsyncs the bundle before renaming it into place; the plain pipeline does not. What
# that costs the plain pipeline (the file is still dirty in the page cache only if written last):
rm -f "$PLAIN_OUT"; sync
bash -c 'set -o pipefail; docker save "$@" | zstd -T0 -3 -q -o "$OUT"' plain "${IMAGES[@]}"
t1=$(date +%s.%N); sync "$PLAIN_OUT"; t2=$(date +%s.%N)
FSYNC_PLAIN=$(calc "%.2f" "$t2-$t1")
PLAIN_WITH_FSYNC=$(calc "%.2f" "${WALL[plain-save-zstd]}+$FSYNC_PLAIN")
log "  fsync of the plain pipeline's freshly written output: $FSYNC_PLAIN s"

# Where the plain pipeline's time goes: the engine alone, and zstd alone on the same bytes.
log "reference points: docker save > /dev/null, zstd -T0 -3 of the saved tar (from page cache)"
measure save-only 1 bash -c 'docker save "$@" >/dev/null' plain "${IMAGES[@]}"
# docker save on this engine first exports everything to a temp folder, then streams it: the wait
# for the first byte is time no client can use.
t0=$(date +%s.%N)
FIRST_BYTE=$(docker save "${IMAGES[@]}" | { head -c1 >/dev/null; t1=$(date +%s.%N); cat >/dev/null; awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}'; })
log "  docker save: first byte after $FIRST_BYTE s"
docker save "${IMAGES[@]}" >"$TMP/save.tar"
cat "$TMP/save.tar" >/dev/null
measure zstd-only 1 zstd -T0 -3 -q -f "$TMP/save.tar" -o "$TMP/zstd-only.zst"
measure sha256-of-save 1 sha256sum "$TMP/save.tar"
rm -f "$TMP/save.tar" "$TMP/zstd-only.zst"
measure jvm-start 1 "${BUNDLER[@]}" --version
# ferry-bundler's own phase timings, from its progress lines ("<phase> done: <size> in <N> s ...")
phase() { tr '\r' '\n' <"$TMP/out-ferry-build-${BESTRUN[ferry-build]}.log" | sed -n "s/^$1 *done: .* in \([0-9.]*\) s.*/\1/p" | tail -n1; }
PH_EXPORT=$(phase 'exporting images'); PH_WRITE=$(phase 'writing bundle')

# --- 3c/3d: verify -----------------------------------------------------------------------------
log "verify: sha256sum, openssl dgst -sha256, ferry verify, $RUNS run(s) each (bundle in page cache)"
cat "$BUNDLE" >/dev/null
for run in $(seq 1 "$RUNS"); do
  measure sha256sum "$run" sha256sum "$BUNDLE"
  measure openssl-sha256 "$run" openssl dgst -sha256 "$BUNDLE"
  measure ferry-verify "$run" "${FERRY[@]}" verify "$BUNDLE" --trust "$PUB"
done
log "ferry verify said: $(tr '\n' ' ' <"$TMP/out-ferry-verify-1.log" | cut -c1-300)"
log "ferry-bundler build said: $(grep -v '^\s*$' "$TMP/out-ferry-build-1.log" | tail -n 3 | tr '\n' ' ' | cut -c1-300)"

# --- the table -------------------------------------------------------------------------------
LOAD_END=$(loadavg)
ratio() { calc "%.2f" "$2/$1"; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN{print (r <= t) ? "pass" : "FAIL"}'; }
row() { printf '| %-34s | %-24s | %-24s | %-6s | %-10s | %-4s |\n' "$@"; }
table() {
  local p f r
  echo
  echo "== images: ${IMAGES[*]}"
  echo "docker save stream: $(mb "$SAVE_BYTES") MiB uncompressed; best of $RUNS run(s) per timing, page cache warm"
  echo "load average: start $LOAD_START, end $LOAD_END (2 cores: above ~0.5 at start means someone else was busy)"
  echo
  row "operation" "plain tool" "ferry" "ratio" "target" "ok?"
  row "----------------------------------" "------------------------" "------------------------" "------" "----------" "----"
  p=${WALL[plain-save-zstd]}; f=${WALL[ferry-build]}; r=$(ratio "$p" "$f")
  row "build time (save|zstd vs bundler)" "$p s" "$f s" "${r}x" "<= 1.10x" "$(verdict "$r" 1.10)"
  r=$(ratio "$PLAIN_WITH_FSYNC" "$f")
  row "  same, plain + fsync of output" "$PLAIN_WITH_FSYNC s" "$f s" "${r}x" "(info)" ""
  r=$(ratio "$(calc "%.2f" "${WALL[plain-save-zstd]}-$FIRST_BYTE")" "$(calc "%.2f" "$f-$FIRST_BYTE")")
  row "  same, minus engine's first-byte" "$(calc "%.2f" "${WALL[plain-save-zstd]}-$FIRST_BYTE") s" "$(calc "%.2f" "$f-$FIRST_BYTE") s" "${r}x" "(info)" ""
  r=$(ratio "$PLAIN_BYTES" "$BUNDLE_BYTES")
  row "output size (X.tar.zst vs bundle)" "$(mb "$PLAIN_BYTES") MiB" "$(mb "$BUNDLE_BYTES") MiB" "${r}x" "<= 1.00x" "$(verdict "$r" 1.00)"
  p=${WALL[sha256sum]}; f=${WALL[ferry-verify]}; r=$(ratio "$p" "$f")
  row "verify time vs sha256sum" "$p s" "$f s" "${r}x" "<= 1.20x" "$(verdict "$r" 1.20)"
  p=${WALL[openssl-sha256]}; r=$(ratio "$p" "$f")
  row "verify time vs openssl dgst" "$p s" "$f s" "${r}x" "(info)" ""
  row "peak RSS build" "${RSS[plain-save-zstd]} MB (largest proc)" "${RSS[ferry-build]} MB" "" "<= 512 MB" "$(verdict "${RSS[ferry-build]}" 512)"
  row "peak RSS verify" "${RSS[sha256sum]} MB (sha256sum)" "${RSS[ferry-verify]} MB" "" "<= 512 MB" "$(verdict "${RSS[ferry-verify]}" 512)"
  row "compressed / docker save size" "$(calc "%.1f%%" "100*$PLAIN_BYTES/$SAVE_BYTES")" "$(calc "%.1f%%" "100*$BUNDLE_BYTES/$SAVE_BYTES")" "" "(info)" ""
  row "build MB/s (of docker save bytes)" "$(calc "%.0f" "$SAVE_BYTES/1048576/${WALL[plain-save-zstd]}") MB/s" "$(calc "%.0f" "$SAVE_BYTES/1048576/${WALL[ferry-build]}") MB/s" "" "(info)" ""
  row "verify MB/s (of bundle bytes)" "$(calc "%.0f" "$BUNDLE_BYTES/1048576/${WALL[sha256sum]}") sha256sum" "$(calc "%.0f" "$BUNDLE_BYTES/1048576/${WALL[ferry-verify]}") MB/s" "" "(info)" ""
  row "  openssl dgst MB/s" "$(calc "%.0f" "$BUNDLE_BYTES/1048576/${WALL[openssl-sha256]}") MB/s" "" "" "(info)" ""
  row "CPU s user+sys (build)" "$(calc "%.1f" "${USR[plain-save-zstd]}+${SYS[plain-save-zstd]}") + dockerd ${ENG[plain-save-zstd]}" "$(calc "%.1f" "${USR[ferry-build]}+${SYS[ferry-build]}") + dockerd ${ENG[ferry-build]}" "" "(info)" ""
  row "CPU s user+sys (verify)" "$(calc "%.1f" "${USR[sha256sum]}+${SYS[sha256sum]}") (sha256sum)" "$(calc "%.1f" "${USR[ferry-verify]}+${SYS[ferry-verify]}")" "" "(info)" ""
  echo
  echo "all runs (wall s; others CPU s = other people's work during the best run):"
  for n in plain-save-zstd ferry-build sha256sum openssl-sha256 ferry-verify; do
    printf '  %-16s %s   (best run: others CPU %s s)\n' "$n" "${ALLRUNS[$n]}" "${OTH[$n]}"
  done
  echo "reference points (1 run each):"
  echo "  docker save, first byte (engine exports to a temp folder first): $FIRST_BYTE s"
  echo "  fsync of the plain pipeline's fresh output: $FSYNC_PLAIN s (ferry-bundler fsyncs its bundle; plain zstd does not)"
  echo "  ferry-bundler build phases (best run): exporting images ${PH_EXPORT:-n/a} s (includes the engine's first-byte wait),"
  echo "    writing bundle ${PH_WRITE:-n/a} s (copies every staged blob into the bundle), rest $(calc "%.2f" "${WALL[ferry-build]}-${PH_EXPORT:-0}-${PH_WRITE:-0}") s (JVM start, key, signing, cleanup)"
  echo "  JVM start (java -jar ferry-bundler.jar --version): ${WALL[jvm-start]} s"
  echo "  docker save > /dev/null (engine alone):  ${WALL[save-only]} s, $(calc "%.0f" "$SAVE_BYTES/1048576/${WALL[save-only]}") MB/s, dockerd CPU ${ENG[save-only]} s"
  echo "  zstd -T0 -3 of the saved tar (cached):   ${WALL[zstd-only]} s, $(calc "%.0f" "$SAVE_BYTES/1048576/${WALL[zstd-only]}") MB/s, CPU $(calc "%.1f" "${USR[zstd-only]}+${SYS[zstd-only]}") s"
  echo "  sha256sum of the saved tar (cached):      ${WALL[sha256-of-save]} s, $(calc "%.0f" "$SAVE_BYTES/1048576/${WALL[sha256-of-save]}") MB/s"
  echo "pass/FAIL is information only (not a test)."
}
table | tee "$TMP/table.txt"
