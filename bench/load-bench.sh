#!/usr/bin/env bash
# Ferry image-load benchmark: `ferry load` (the image-load phase of `ferry deploy`) against the plain
# `docker load -i` of a `docker save` tar of the same images, plus updates (release 2: one image
# gets one new small top layer; loaded on a host holding release 1, and on one holding load-a only,
# for time against changed bytes) and the peak RSS of ferry load. Prints machine facts, per-run
# details and one table with ratios and targets. The target compares the load phase (from ferry's
# "to load:" line, printed once the plan is made, to the end of the command: what `ferry deploy`
# spends on the images after its start-up, head check and plan) with the whole `docker load -i`
# command; the whole `ferry load` command is shown next to it.
#
#   bench/load-bench.sh            (as root, from anywhere; about 5 minutes, 8 with BENCH_RUNS=5)
#
# Not a test: pass/FAIL in the table is information only, the script exits 0 unless a step crashed.
# Inputs are images of its own (never the acd-demo ones, which other people's tests use):
#   ferry-bench/load-a:1, ferry-bench/load-b:1   release 1.0.0 (FROM scratch: busybox-static + generated data,
#                                                half /dev/urandom, half log-like text; both images share
#                                                their two bottom layers)
#   ferry-bench/load-b:2                         release 1.0.1 = load-b:1 + one new top layer of BENCH_UPDATE_MB
# Their bottom layer holds a random id, so no other image of the engine can share any of their layers
# (checked before every load that starts "from empty").
# Environment knobs:
#   BENCH_RUNS=3            timed runs of every operation; the table shows the BEST (shortest) run
#   BENCH_RANDOM_MB=300     MiB of /dev/urandom data over both images (1/6 in the shared layer)
#   BENCH_TEXT_MB=300       MiB of generated log-like text over both images (1/6 in the shared layer)
#   BENCH_UPDATE_MB=4       MiB in release 2's new layer (half random, half text)
#   BENCH_REBUILD=1         regenerate the images even when they exist with the same inputs
#   BENCH_REMOVE=1          remove the three images at the end (default: keep them tagged for the next run)
#   BENCH_KEEP=1            keep the temp folder (tars, bundles, logs) instead of deleting it
#   FERRY_JAVA_OPTS         passed to java, as the launchers do
# Kept afterwards (unless BENCH_REMOVE=1): the three images, complete and tagged. If the script stops
# half-way, its exit handler removes them instead (the next run regenerates them): the engine never
# keeps a partial set. Everything else lives in a temp folder under /var/tmp that is removed on exit.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

RUNS=${BENCH_RUNS:-3}
RANDOM_MB=${BENCH_RANDOM_MB:-300}
TEXT_MB=${BENCH_TEXT_MB:-300}
UPDATE_MB=${BENCH_UPDATE_MB:-4}
A1=ferry-bench/load-a:1
B1=ferry-bench/load-b:1
B2=ferry-bench/load-b:2
OURS=("$A1" "$B1" "$B2")
R1_IMAGES=("$A1" "$B1")
R2_IMAGES=("$A1" "$B2")
LABEL=io.ferry.bench.inputs
INPUTS="load-v1-random${RANDOM_MB}M-text${TEXT_MB}M-update${UPDATE_MB}M"
export FERRY_KEY_PASSPHRASE=${FERRY_KEY_PASSPHRASE:-bench-passphrase-1}

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

TMP=$(mktemp -d /var/tmp/ferry-load-bench.XXXXXX)
FINISHED=0
present_ours() { local i; for i in "${OURS[@]}"; do docker image inspect "$i" >/dev/null 2>&1 && echo "$i"; done; return 0; }
cleanup() {
  local rc=$?
  if [ "$FINISHED" != 1 ] || [ "${BENCH_REMOVE:-0}" = 1 ]; then
    # stopped half-way (or asked to): leave no partial set of our images behind
    local p; p=$(present_ours | tr '\n' ' ')
    if [ -n "${p// /}" ]; then
      # shellcheck disable=SC2086
      docker rmi $p >/dev/null 2>&1 || true
      log "removed our images: $p"
    fi
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  return $rc
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
need_pkg sha256sum coreutils
need_pkg python3 python3
[ -x /usr/bin/time ] || need_pkg /usr/bin/time time
# The generated images are FROM scratch: their /bin/busybox must be the static build.
if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
  log "installing busybox-static"
  apt-get install -y -q busybox-static >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1; apt-get install -y -q busybox-static >/dev/null; }
  ! ldd /bin/busybox >/dev/null 2>&1 || die "/bin/busybox is not a static binary"
fi
command -v docker >/dev/null || die "docker not found: run scripts/testbed.sh first"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer: run scripts/testbed.sh first"
DOCKER_SOCK=${DOCKER_HOST:-unix:///var/run/docker.sock}; DOCKER_SOCK=${DOCKER_SOCK#unix://}
[ -S "$DOCKER_SOCK" ] || die "the engine's socket $DOCKER_SOCK is not a local unix socket"
# the real interpreter, not a pyenv shim (a shim costs 100 ms of bash per call)
PY=$(python3 -c 'import sys; print(sys.executable)')

# A wrapper around every measured command: merges its stdout and stderr into a log with the time
# of arrival of each line ("[+12.345] ..."), and before reaping it reads /proc/PID/io, whose wchar
# is every byte the command (and its reaped children) wrote: for `docker load -i` and `ferry load`
# that is the bytes sent to the engine (plus a few hundred bytes of console output).
cat >"$TMP/run.py" <<'EOF'
import os, sys, time
iofile, logfile, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.monotonic()
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r); os.dup2(w, 1); os.dup2(w, 2); os.close(w)
    os.execvp(cmd[0], cmd)
os.close(w)
with open(logfile, "w") as out, os.fdopen(r, "rb") as rd:
    for line in rd:
        out.write("[+%.3f] %s" % (time.monotonic() - t0, line.decode("utf-8", "replace")))
os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)   # a zombie still has its /proc/PID/io
try:
    io = open("/proc/%d/io" % pid).read()
except OSError:
    io = ""
_, status = os.waitpid(pid, 0)
with open(iofile, "w") as f:
    f.write(io)
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
EOF
# The engine alone: POST a docker-archive tar to /images/load over the unix socket, in HTTP chunks of
# a given size (4096 = what ferry's HTTP client sends, 32768 = what the docker CLI sends) or, with 0,
# as one Content-Length body (sendfile). Asks for progress (quiet=0): the engine's first progress line
# comes when it has received and unpacked the whole upload into its temp folder and starts registering
# layers, which splits its time into "receive" and "register". Prints "upload S first-progress S total S".
cat >"$TMP/engine-load.py" <<'EOF'
import os, socket, sys, time
sock, path, chunk = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = os.path.getsize(path)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sock)
t0 = time.monotonic()
head = "POST /v1.41/images/load?quiet=0 HTTP/1.1\r\nHost: docker\r\nContent-Type: application/x-tar\r\n"
head += ("Content-Length: %d\r\n" % size) if chunk == 0 else "Transfer-Encoding: chunked\r\n"
s.sendall((head + "\r\n").encode())
with open(path, "rb", buffering=0) as f:
    if chunk == 0:
        s.sendfile(f)
    else:
        while True:
            b = f.read(chunk)
            if not b:
                break
            os.writev(s.fileno(), [b"%x\r\n" % len(b), b, b"\r\n"])   # one write per chunk, counted in wchar
        s.sendall(b"0\r\n\r\n")
t1 = time.monotonic()
resp, first = b"", None
while not resp.endswith(b"0\r\n\r\n"):
    d = s.recv(65536)
    if not d:
        break
    if first is None and b"Loading layer" in resp[-64:] + d:
        first = time.monotonic()
    resp += d
t2 = time.monotonic()
if b"Loaded image" not in resp or b'"error' in resp:
    sys.exit("the engine did not load %s: %s" % (path, resp[-400:]))
print("upload %.3f first-progress %.3f total %.3f" % (t1 - t0, (first or t2) - t0, t2 - t0))
EOF

# --- inputs: images --------------------------------------------------------------------------
gen_text() { # seed bytes: log-like lines (compresses about 4x with zstd -3, like real text)
  local awk_bin; awk_bin=$(command -v mawk || command -v awk)
  "$awk_bin" -v seed="$1" -v target="$2" 'BEGIN {
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
  }'
}
MiB=$((1024 * 1024))
# Layers (bottom first):  L0 busybox + a random id (shared by a and b)
#                         L1 1/6 of the random and text data (shared by a and b)
#                         L2 5/12 of the random data, L3 5/12 of the text (each image its own)
#   load-b:2 = load-b:1 + L4 BENCH_UPDATE_MB (half random, half text)
labels_ok=1
for img in "${OURS[@]}"; do
  have=$(docker image inspect "$img" --format "{{ index .Config.Labels \"$LABEL\" }}" 2>/dev/null || true)
  [ "$have" = "$INPUTS" ] || labels_ok=0
done
if [ "$labels_ok" = 1 ] && [ "${BENCH_REBUILD:-0}" != 1 ]; then
  log "${OURS[*]} exist ($LABEL=$INPUTS): reused"
else
  p=$(present_ours | tr '\n' ' ')
  # shellcheck disable=SC2086
  [ -z "${p// /}" ] || { log "removing stale $p"; docker rmi $p >/dev/null; }
  ctx="$TMP/context"
  mkdir -p "$ctx/rootfs/bin" "$ctx/rootfs/etc" "$ctx/shared" "$ctx/a-random" "$ctx/a-text" "$ctx/b-random" "$ctx/b-text" "$ctx/update"
  cp /bin/busybox "$ctx/rootfs/bin/busybox"
  # the random id makes the bottom layer, and so every layer chain above it, unique to these images
  head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$ctx/rootfs/etc/ferry-bench-id"
  log "generating ${RANDOM_MB} MiB random + ${TEXT_MB} MiB log-like text + ${UPDATE_MB} MiB update in $ctx"
  head -c "$((RANDOM_MB * MiB / 6))" /dev/urandom >"$ctx/shared/random.bin"
  gen_text 1 "$((TEXT_MB * MiB / 6))" >"$ctx/shared/text.log"
  for img in a b; do
    for i in 1 2; do head -c "$((RANDOM_MB * MiB * 5 / 24))" /dev/urandom >"$ctx/$img-random/random-$i.bin"; done
    for i in 1 2; do gen_text "$img$i" "$((TEXT_MB * MiB * 5 / 24))" >"$ctx/$img-text/text-$i.log"; done
  done
  head -c "$((UPDATE_MB * MiB / 2))" /dev/urandom >"$ctx/update/random.bin"
  gen_text 99 "$((UPDATE_MB * MiB / 2))" >"$ctx/update/text.log"
  for img in a b; do
    cat >"$ctx/Dockerfile.$img" <<EOF
FROM scratch
COPY rootfs/ /
COPY shared/ /data/shared/
COPY $img-random/ /data/$img/
COPY $img-text/ /data/$img/
CMD ["/bin/busybox", "sleep", "3600"]
EOF
  done
  printf 'FROM %s\nCOPY update/ /data/update/\n' "$B1" >"$ctx/Dockerfile.b2"
  log "docker build ${OURS[*]} (context $(du -sh "$ctx" | cut -f1))"
  for spec in "$A1:a" "$B1:b" "$B2:b2"; do
    DOCKER_BUILDKIT=0 docker build -q --label "$LABEL=$INPUTS" -f "$ctx/Dockerfile.${spec##*:}" -t "${spec%:*}" "$ctx" \
      >>"$TMP/build.log" 2>&1 || { cat "$TMP/build.log" >&2; die "docker build of ${spec%:*} failed"; }
  done
  rm -rf "$ctx"
fi
layers() { docker image inspect "$1" --format '{{range .RootFS.Layers}}{{println .}}{{end}}' | grep .; }
mapfile -t LA < <(layers "$A1"); mapfile -t LB1 < <(layers "$B1"); mapfile -t LB2 < <(layers "$B2")
[ "${#LA[@]}" = 4 ] && [ "${#LB1[@]}" = 4 ] && [ "${#LB2[@]}" = 5 ] || die "unexpected layer counts ${#LA[@]}/${#LB1[@]}/${#LB2[@]}"
[ "${LA[0]}${LA[1]}" = "${LB1[0]}${LB1[1]}" ] || die "$A1 and $B1 do not share their bottom layers (BENCH_REBUILD=1?)"
[ "${LB1[*]}" = "${LB2[*]:0:4}" ] || die "$B2 is not $B1 plus one layer (BENCH_REBUILD=1?)"
printf '%s\n' "${LA[@]}" "${LB2[@]}" | sort -u >"$TMP/our-diffids"
# sizes of the layers (uncompressed), for "changed bytes"
UPDATE_LAYER_BYTES=$(( $(docker image inspect "$B2" --format '{{.Size}}') - $(docker image inspect "$B1" --format '{{.Size}}') ))

# --- the jars: build once, then run a private copy -------------------------------------------
# The launchers rebuild the jar when a source is newer. Run each once so no rebuild lands inside a
# measurement, then time a snapshot of the jar with the launcher's command line (java, the options of
# scripts/java-options.sh, $FERRY_JAVA_OPTS, -jar JAR, plus the class-data archive its first run
# writes): others may rebuild the repo's jars meanwhile.
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

# --- inputs: tars and bundles (while the engine holds the images) -----------------------------
"${BUNDLER[@]}" keygen --name bench --out "$TMP/keys" >"$TMP/keygen.log" 2>&1 || { cat "$TMP/keygen.log" >&2; die "keygen failed"; }
KEY="$TMP/keys/bench.sec.asc"
PUB="$TMP/keys/bench.pub.asc"
STACK="$TMP/loadbench"   # the stack's name is its folder's name
mkdir -p "$STACK"
bundle() { # out release image...: a stack whose services run the given images
  local out=$1 release=$2; shift 2
  {
    echo "# Ferry load benchmark stack (generated by bench/load-bench.sh)"
    echo "services:"
    for img in "$@"; do svc=${img%%:*}; svc=${svc##*/}; echo "  $svc:"; echo "    image: $img"; done
  } >"$STACK/compose.yaml"
  "${BUNDLER[@]}" build --stack "$STACK" --release "$release" --sign-key "$KEY" --out "$out" >"$TMP/bundle-$release.log" 2>&1 \
    || { cat "$TMP/bundle-$release.log" >&2; die "ferry-bundler build $release failed"; }
}
log "docker save and ferry-bundler build of release 1.0.0 (${R1_IMAGES[*]}) and 1.0.1 (${R2_IMAGES[*]})"
docker save -o "$TMP/r1.tar" "${R1_IMAGES[@]}"
docker save -o "$TMP/r2.tar" "${R2_IMAGES[@]}"
zstd -T0 -3 -q "$TMP/r1.tar" -o "$TMP/r1.tar.zst"
bundle "$TMP/r1.ferry" 1.0.0 "${R1_IMAGES[@]}"
bundle "$TMP/r2.ferry" 1.0.1 "${R2_IMAGES[@]}"
bundle "$TMP/a.ferry" a-only "$A1"   # half the input: is ferry load's memory flat in the input size?
sz() { stat -c %s "$1"; }
R1_TAR=$(sz "$TMP/r1.tar"); R2_TAR=$(sz "$TMP/r2.tar"); R1_ZST=$(sz "$TMP/r1.tar.zst")
R1_FERRY=$(sz "$TMP/r1.ferry"); R2_FERRY=$(sz "$TMP/r2.ferry"); A_FERRY=$(sz "$TMP/a.ferry")

# --- engine state helpers ----------------------------------------------------------------------
# Remove our images (whichever are present) and check that no image of the engine holds any of
# their layers, so that every "from empty" load really sends and registers every layer.
clean_engine() {
  local p; p=$(present_ours | tr '\n' ' ')
  # shellcheck disable=SC2086
  [ -z "${p// /}" ] || docker rmi $p >/dev/null
  local held
  held=$(docker image ls -aq --no-trunc | sort -u | xargs -r docker image inspect \
    --format '{{.Id}} {{range .RootFS.Layers}}{{.}} {{end}}' 2>/dev/null | tr ' ' '\n' | grep -Fxf "$TMP/our-diffids" || true)
  [ -z "$held" ] || die "after docker rmi the engine still holds layers of ours: $held"
}
expect_images() { # image...: exactly these of ours are present
  local want got
  want=$(printf '%s\n' "$@" | sort | tr '\n' ' '); got=$(present_ours | sort | tr '\n' ' ')
  [ "$want" = "$got" ] || die "expected our images [$want] in the engine, found [$got]"
}
# page cache warm, and no writeback of the previous run left to compete with the next one
warm() { cat "$@" >/dev/null; sync; }

# --- measurement helpers ---------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)
DOCKERD_PID=$(pgrep -xo dockerd || true)
dockerd_ticks() {
  if [ -n "$DOCKERD_PID" ] && [ -r "/proc/$DOCKERD_PID/stat" ]; then
    # utime + stime + cutime + cstime (fields 14-17): docker load unpacks in re-executed children
    # of dockerd (docker-untar, docker-applyLayer), whose CPU lands in the c-fields when reaped.
    # The process name has no spaces.
    awk '{print $14 + $15 + $16 + $17}' "/proc/$DOCKERD_PID/stat"
  else echo 0; fi
}
# busy CPU ticks of the whole machine (user nice system irq softirq steal)
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
declare -A WALL RSS RSSALL USR SYS ENG OTH BG SENT ALLRUNS BESTRUN
# measure NAME RUN CMD...: runs CMD under /usr/bin/time -v (and run.py); records wall (date +%s.%N),
# user, sys, peak RSS (largest single process of the command, MB), dockerd CPU seconds (with its
# reaped children) during the run, bytes the command wrote (wchar) and other people's CPU.
measure() {
  local name=$1 run=$2; shift 2
  local tv="$TMP/time-$name-$run.txt" out="$TMP/out-$name-$run.log" iof="$TMP/io-$name-$run.txt"
  local e0 e1 t0 t1 m0 m1 b0 bg
  sync
  # dockerd's CPU in the second before the run: other people's engine work (builds, loads, inspect
  # loops), which no "others CPU" figure can separate from ours during the run
  b0=$(dockerd_ticks); sleep 1; e0=$(dockerd_ticks); bg=$(awk -v a="$b0" -v b="$e0" -v h="$CLK_TCK" 'BEGIN{printf "%.2f", (b-a)/h}')
  m0=$(machine_ticks); t0=$(date +%s.%N)
  if ! /usr/bin/time -v -o "$tv" "$PY" "$TMP/run.py" "$iof" "$out" "$@"; then
    cat "$out" >&2; [ -f "$tv" ] && tail -n 30 "$tv" >&2
    die "$name (run $run) failed: $*"
  fi
  t1=$(date +%s.%N); e1=$(dockerd_ticks); m1=$(machine_ticks)
  local wall rss usr sys eng oth sent
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$tv")
  usr=$(awk -F': ' '/User time/{print $2}' "$tv")
  sys=$(awk -F': ' '/System time/{print $2}' "$tv")
  eng=$(awk -v a="$e0" -v b="$e1" -v h="$CLK_TCK" 'BEGIN{printf "%.1f", (b-a)/h}')
  sent=$(awk '/^wchar:/{print $2}' "$iof")
  # CPU that neither the command nor dockerd used during the run: other people's work (noise)
  oth=$(awk -v a="$m0" -v b="$m1" -v h="$CLK_TCK" -v u="$usr" -v s="$sys" -v e="$eng" \
    'BEGIN{o = (b-a)/h - u - s - e; printf "%.1f", (o < 0 ? 0 : o)}')
  printf '[bench]   %-17s run %d: wall %6.2f s  user %5.2f s  sys %5.2f s  peak RSS %4d MB  dockerd CPU %4.1f s (busy before: %4.2f)  wrote %6.1f MiB  others CPU %4.1f s\n' \
    "$name" "$run" "$wall" "$usr" "$sys" "$rss" "$eng" "$bg" "$(awk -v b="$sent" 'BEGIN{print b/1048576}')" "$oth" >&2
  ALLRUNS[$name]="${ALLRUNS[$name]:+${ALLRUNS[$name]} / }$wall"
  RSSALL[$name]="${RSSALL[$name]:+${RSSALL[$name]} / }$rss"
  # keep the best (shortest wall) run; RSS is the maximum over all runs
  if [ -z "${WALL[$name]:-}" ] || awk -v a="$wall" -v b="${WALL[$name]}" 'BEGIN{exit !(a<b)}'; then
    WALL[$name]=$wall; USR[$name]=$usr; SYS[$name]=$sys; ENG[$name]=$eng; OTH[$name]=$oth; BESTRUN[$name]=$run; SENT[$name]=$sent; BG[$name]=$bg
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
  echo "engine images:   $(docker image ls -aq | wc -l) (ferry load inspects every one to plan)"
  echo "java:            $("${JAVA[@]}" -version 2>&1 | head -n1)"
  echo "zstd:            $(zstd -V | head -n1)"
  echo "disk (temp):     $(df -h --output=source,fstype,size,avail "$TMP" | tail -n1 | awk '{print $1 " " $2 ", " $3 " size, " $4 " free"}')"
  echo "disk (docker):   $(df -h --output=source,fstype "$(docker info --format '{{.DockerRootDir}}' 2>/dev/null || echo /)" 2>/dev/null | tail -n1 | awk '{print $1 " " $2}')"
  echo "load at start:   $LOAD_START"
}
facts | tee "$TMP/facts.txt" >&2

# ferry load's own report: "loaded N of M images of S R (K layers, X; Y present)"
ferry_said() { sed -n 's/^\[+ *[0-9.]*\] \(loaded .*\|not read: .*\)/\1/p' "$TMP/out-$1-${2:-${BESTRUN[$1]}}.log" | tail -n2 | paste -sd';' | sed 's/;/; /'; }
# seconds from the start of the command to its "verifying bundle ..." line and the streaming time
# from ferry's "verifying bundle done: ... in N s" (the pass ends before the engine registers)
ferry_phases() { # name: "start-of-streaming streaming-seconds total-until-last-line"
  local f="$TMP/out-$1-${BESTRUN[$1]}.log"
  awk '/verifying bundle +\.\.\./ && !s {gsub(/[\[\]+]/, "", $1); s = $1}
       /verifying bundle +done:/ {for (i = 1; i <= NF; i++) if ($i == "in") d = $(i+1)}
       {gsub(/[\[\]+]/, "", $1); last = $1}
       END {printf "%s %s %s", s, d, last}' "$f"
}

# The image-load phase of a ferry run, as `ferry deploy` runs it after its start-up, head check and
# plan: from ferry's "to load: ..." line (printed once the plan is made, before the registry starts)
# to the command's end. One value per run, in run order (the wall includes the process exit).
load_phases() { # name -> "p1 p2 ..."
  local name=$1 run wall start out=()
  IFS='/' read -r -a walls <<<"${ALLRUNS[$name]// /}"
  for run in $(seq 1 "$RUNS"); do
    wall=${walls[$((run - 1))]}
    start=$(sed -n 's/^\[+ *\([0-9.]*\)\] to load: .*/\1/p' "$TMP/out-$name-$run.log" | head -n1)
    [ -n "$start" ] || die "no 'to load:' line in $TMP/out-$name-$run.log"
    out+=("$(calc "%.2f" "$wall-$start")")
  done
  echo "${out[*]}"
}
best_of() { printf '%s\n' "$@" | sort -g | head -n1; }

# --- the runs ----------------------------------------------------------------------------------
log "tars: r1 $(mb "$R1_TAR") MiB, r2 $(mb "$R2_TAR") MiB; bundles: r1 $(mb "$R1_FERRY") MiB, r2 $(mb "$R2_FERRY") MiB, a-only $(mb "$A_FERRY") MiB"
clean_engine
log "warm-up: docker load -i r1.tar (untimed)"
warm "$TMP/r1.tar"; docker load -q -i "$TMP/r1.tar" >/dev/null; clean_engine
# As the launcher does: the first real run writes a class-data-sharing archive, later runs map it.
log "warm-up: ferry load r1.ferry writing the class-data archive (untimed), as the launcher's first run does"
CDS_QUIET=(-Xlog:cds=off -Xlog:cds+dynamic=off)
"${JAVA[@]}" -XX:ArchiveClassesAtExit="$TMP/jars/ferry.jsa" "${CDS_QUIET[@]}" \
  -jar "$TMP/jars/ferry.jar" load "$TMP/r1.ferry" --trust "$PUB" >"$TMP/cds-training.log" 2>&1 \
  || { cat "$TMP/cds-training.log" >&2; die "the training run failed"; }
[ -s "$TMP/jars/ferry.jsa" ] || die "the training run wrote no class-data archive"
FERRY=("${JAVA[@]}" -XX:SharedArchiveFile="$TMP/jars/ferry.jsa" "${CDS_QUIET[@]}" -jar "$TMP/jars/ferry.jar")
clean_engine
log "$RUNS run(s); each: plain load, zstd|docker load, engine alone x3, ferry load (from empty), ferry update, ferry no-op,"
log "  docker load -i r2.tar on release 1, ferry load --verify-all r2 on release 1, ferry load r2 on load-a only,"
log "  ferry load r2 (from empty),"
log "  docker load -i r2.tar (from empty)"
for run in $(seq 1 "$RUNS"); do
  log "run $run of $RUNS (load average $(loadavg))"
  # 1. release 1 from empty: plain vs ferry (the target), and a decompress-on-the-fly plain pipe
  clean_engine; warm "$TMP/r1.tar"
  measure docker-load "$run" docker load -i "$TMP/r1.tar"
  expect_images "${R1_IMAGES[@]}"
  clean_engine; warm "$TMP/r1.tar.zst"
  measure zstd-docker-load "$run" bash -c 'set -o pipefail; zstd -dc -q "$1" | docker load' pipe "$TMP/r1.tar.zst"
  expect_images "${R1_IMAGES[@]}"
  #    the engine alone (no CLI), with the HTTP chunk size of ferry, of the docker CLI, and none
  for c in 4096 32768 0; do
    clean_engine; warm "$TMP/r1.tar"
    measure "engine-chunk$c" "$run" "$PY" "$TMP/engine-load.py" "$DOCKER_SOCK" "$TMP/r1.tar" "$c"
    expect_images "${R1_IMAGES[@]}"
  done
  clean_engine; warm "$TMP/r1.ferry"
  measure ferry-load "$run" "${FERRY[@]}" load "$TMP/r1.ferry" --trust "$PUB"
  expect_images "${R1_IMAGES[@]}"
  # 2. the update: release 2 on an engine holding release 1 (only load-b:2's new layer travels)
  warm "$TMP/r2.ferry"
  measure ferry-update "$run" "${FERRY[@]}" load "$TMP/r2.ferry" --trust "$PUB"
  expect_images "${OURS[@]}"
  #    nothing to do: signature, configs and headers; every layer is held, nothing read or sent (the floor of any update)
  measure ferry-noop "$run" "${FERRY[@]}" load "$TMP/r2.ferry" --trust "$PUB"
  #    the plain tool's update: the whole tar again, the engine skips the layers it holds
  docker rmi "$B2" >/dev/null; expect_images "${R1_IMAGES[@]}"; warm "$TMP/r2.tar"
  measure docker-update "$run" docker load -i "$TMP/r2.tar"
  expect_images "${OURS[@]}"
  #    the update with --verify-all: every entry read and hashed, as before 0.1's scope change (information)
  docker rmi "$B2" >/dev/null; expect_images "${R1_IMAGES[@]}"; warm "$TMP/r2.ferry"
  measure ferry-update-all "$run" "${FERRY[@]}" load "$TMP/r2.ferry" --trust "$PUB" --verify-all
  expect_images "${OURS[@]}"
  #    a bigger change: release 1.0.1 on a host that holds load-a only (load-b's own layers travel too),
  #    the second point of "time against changed bytes"
  docker rmi "$B2" "$B1" >/dev/null; expect_images "$A1"; warm "$TMP/r2.ferry"
  measure ferry-update-big "$run" "${FERRY[@]}" load "$TMP/r2.ferry" --trust "$PUB"
  expect_images "${R2_IMAGES[@]}"
  # 3. full loads of release 2 from empty (the reference for the update)
  clean_engine; warm "$TMP/r2.ferry"
  measure ferry-full-r2 "$run" "${FERRY[@]}" load "$TMP/r2.ferry" --trust "$PUB"
  expect_images "${R2_IMAGES[@]}"
  clean_engine; warm "$TMP/r2.tar"
  measure docker-full-r2 "$run" docker load -i "$TMP/r2.tar"
  expect_images "${R2_IMAGES[@]}"
done

# --- reference points (1 run each) -------------------------------------------------------------
log "reference points"
# half the input for ferry load's peak RSS
clean_engine; warm "$TMP/a.ferry"
measure ferry-load-half 1 "${FERRY[@]}" load "$TMP/a.ferry" --trust "$PUB"
expect_images "$A1"
# ferry's client-side work alone, without the engine: verify (hash every byte), and the same
# bytes decompressed by the zstd CLI (one thread, like ferry) into /dev/null
measure ferry-verify 1 "${FERRY[@]}" verify "$TMP/r1.ferry" --trust "$PUB"
measure zstd-d 1 zstd -dc -q -T1 "$TMP/r1.tar.zst" -o /dev/null
measure sha256sum-tar 1 sha256sum "$TMP/r1.tar"
measure jvm-start 1 "${FERRY[@]}" --version
# leave release 1 and 2 loaded (as the update leaves them) and tagged: reused by the next run
docker load -q -i "$TMP/r1.tar" >/dev/null; docker load -q -i "$TMP/r2.tar" >/dev/null
expect_images "${OURS[@]}"
if [ "${BENCH_REMOVE:-0}" = 1 ]; then clean_engine; fi
FINISHED=1

# --- the table -------------------------------------------------------------------------------
LOAD_END=$(loadavg)
ratio() { calc "%.2f" "$2/$1"; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN{print (r <= t) ? "pass" : "FAIL"}'; }
row() { printf '| %-38s | %-26s | %-26s | %-7s | %-12s | %-4s |\n' "$@"; }
read -r F_START F_STREAM F_LAST <<<"$(ferry_phases ferry-load)"
read -r U_START U_STREAM U_LAST <<<"$(ferry_phases ferry-update)"
read -r N_START N_STREAM N_LAST <<<"$(ferry_phases ferry-noop)"
read -r -a PH_LOAD <<<"$(load_phases ferry-load)"
read -r -a PH_UPDATE <<<"$(load_phases ferry-update)"
read -r -a PH_FULL2 <<<"$(load_phases ferry-full-r2)"
read -r -a PH_NOOP <<<"$(load_phases ferry-noop)"
read -r -a PH_UPDATE_ALL <<<"$(load_phases ferry-update-all)"
read -r -a PH_UPDATE_BIG <<<"$(load_phases ferry-update-big)"
P_LOAD=$(best_of "${PH_LOAD[@]}"); P_UPDATE=$(best_of "${PH_UPDATE[@]}"); P_FULL2=$(best_of "${PH_FULL2[@]}")
P_NOOP=$(best_of "${PH_NOOP[@]}"); P_UPDATE_ALL=$(best_of "${PH_UPDATE_ALL[@]}"); P_BIG=$(best_of "${PH_UPDATE_BIG[@]}")
table() {
  local p f r
  echo
  echo "== images: release 1.0.0 = ${R1_IMAGES[*]}, release 1.0.1 = ${R2_IMAGES[*]}"
  echo "layers: 4 per image, the 2 bottom ones shared; release 1.0.1 adds one layer of $(mb "$UPDATE_LAYER_BYTES") MiB to load-b"
  echo "best of $RUNS run(s) per timing; every input file in the page cache; engine emptied of our layers before each 'from empty' load"
  echo "load average: start $LOAD_START, end $LOAD_END (2 cores: above ~0.5 at start means someone else was busy)"
  echo
  row "operation" "plain tool" "ferry" "ratio" "target" "ok?"
  row "--------------------------------------" "--------------------------" "--------------------------" "-------" "------------" "----"
  p=${WALL[docker-load]}; f=${WALL[ferry-load]}; r=$(ratio "$p" "$P_LOAD")
  row "load phase, release 1 from empty" "$p s (docker load -i)" "$P_LOAD s (load phase)" "${r}x" "<= 1.05x" "$(verdict "$r" 1.05)"
  local each; each=$(printf '%s / ' "${PH_LOAD[@]}")
  row "  same, run by run" "${ALLRUNS[docker-load]}" "${each% / }" "" "" ""
  r=$(ratio "$p" "$f")
  row "  whole ferry load command" "$p s" "$f s (JVM, head, plan too)" "${r}x" "(info)" ""
  r=$(ratio "${WALL[zstd-docker-load]}" "$f")
  row "  same, plain from .tar.zst (pipe)" "${WALL[zstd-docker-load]} s (zstd -dc | docker load)" "$f s" "${r}x" "(info)" ""
  r=$(ratio "$R1_TAR" "$R1_FERRY")
  row "input size release 1" "$(mb "$R1_TAR") MiB (.tar)" "$(mb "$R1_FERRY") MiB (.ferry)" "${r}x" "(info)" ""
  row "  .tar.zst (zstd -3) for comparison" "$(mb "$R1_ZST") MiB" "" "" "(info)" ""
  row "bytes sent to the engine (release 1)" "$(mb "${SENT[docker-load]}") MiB" "$(mb "${SENT[ferry-load]}") MiB" "" "(info)" ""
  p=${WALL[ferry-full-r2]}; f=${WALL[ferry-update]}
  row "update 1.0.0 -> 1.0.1 (holds 1.0.0)" "${WALL[docker-update]} s, $(mb "${SENT[docker-update]}") MiB sent" "$f s, $(mb "${SENT[ferry-update]}") MiB sent" "" "" ""
  row "full load 1.0.1 (from empty)" "${WALL[docker-full-r2]} s, $(mb "${SENT[docker-full-r2]}") MiB sent" "$p s, $(mb "${SENT[ferry-full-r2]}") MiB sent" "$(ratio "${WALL[docker-full-r2]}" "$p")x" "(info)" ""
  local bf tf bb slope rate fixed
  bf=$(calc "%.3f" "$UPDATE_LAYER_BYTES/($R2_TAR)")
  tf=$(ratio "$p" "$f")
  row "update / full: whole command time" "$(ratio "${WALL[docker-full-r2]}" "${WALL[docker-update]}")" "$tf" "" "(info)" ""
  # "proportional to the changed bytes": time = fixed cost + changed bytes at the full load's rate.
  # Two updates (4 MiB, and load-b's own layers) give the cost per changed byte and the fixed cost;
  # at 0.7 % changed, the fixed cost of any engine pull is most of the time, so that ratio is shown
  # for information and the per-byte cost and the bigger change carry the verdict.
  tf=$(ratio "$P_FULL2" "$P_UPDATE")
  row "update / full: load phase time" "" "$P_UPDATE s / $P_FULL2 s = $tf" "" "(changed $bf)" "(info)"
  row "update / full: bytes sent" "$(calc "%.3f" "${SENT[docker-update]}/${SENT[docker-full-r2]}")" "$(calc "%.3f" "${SENT[ferry-update]}/${SENT[ferry-full-r2]}")" "" "(changed $bf)" ""
  bb=$(calc "%.3f" "${SENT[ferry-update-big]}/${SENT[ferry-full-r2]}")
  tf=$(ratio "$P_FULL2" "$P_BIG")
  row "bigger update (holds load-a only)" "" "$P_BIG s, $(mb "${SENT[ferry-update-big]}") MiB sent" "" "" ""
  row "  bigger / full: load phase time" "" "$P_BIG s / $P_FULL2 s = $tf" "" "~ $bb (2x)" "$(verdict "$tf" "$(calc "%.3f" "2*$bb")")"
  slope=$(calc "%.6f" "($P_BIG-$P_UPDATE)/((${SENT[ferry-update-big]}-${SENT[ferry-update]})/1048576)")
  rate=$(calc "%.6f" "$P_FULL2/(${SENT[ferry-full-r2]}/1048576)")
  row "  s per changed MiB: updates vs full" "" "$(calc "%.4f" "$slope") vs $(calc "%.4f" "$rate") s/MiB" "$(ratio "$rate" "$slope")x" "<= 2x" "$(verdict "$(ratio "$rate" "$slope")" 2)"
  fixed=$(calc "%.2f" "$P_UPDATE-$slope*${SENT[ferry-update]}/1048576")
  row "  fixed cost of an update (intercept)" "" "$fixed s" "" "(info)" ""
  row "  update, load phase run by run" "" "$(each=$(printf '%s / ' "${PH_UPDATE[@]}"); echo "${each% / }")" "" "" ""
  tf=$(ratio "$P_FULL2" "$P_UPDATE_ALL")
  row "  same with --verify-all (reads all)" "" "$P_UPDATE_ALL s / $P_FULL2 s = $tf" "" "(info)" ""
  row "ferry no-op (1.0.1 on 1.0.1)" "" "${WALL[ferry-noop]} s, $(mb "${SENT[ferry-noop]}") MiB sent" "" "(floor)" ""
  row "  its load phase (nothing read or sent)" "" "$P_NOOP s" "" "(floor)" ""
  r=$(calc "%.2f" "${WALL[ferry-update]}-${WALL[ferry-noop]}")
  row "  update minus no-op (changed bytes)" "" "$r s" "" "(info)" ""
  row "peak RSS ferry load, release 1" "${RSS[docker-load]} MB (docker CLI)" "${RSS[ferry-load]} MB" "" "<= 512 MB" "$(verdict "${RSS[ferry-load]}" 512)"
  row "peak RSS ferry load, a-only (half)" "" "${RSS[ferry-load-half]} MB" "" "flat" ""
  row "peak RSS ferry load, update" "" "${RSS[ferry-update]} MB" "" "<= 512 MB" "$(verdict "${RSS[ferry-update]}" 512)"
  row "peak RSS ferry load, release 2 full" "${RSS[docker-full-r2]} MB (docker CLI)" "${RSS[ferry-full-r2]} MB" "" "<= 512 MB" "$(verdict "${RSS[ferry-full-r2]}" 512)"
  row "CPU s user+sys, release 1 load" "$(calc "%.1f" "${USR[docker-load]}+${SYS[docker-load]}") + dockerd ${ENG[docker-load]}" "$(calc "%.1f" "${USR[ferry-load]}+${SYS[ferry-load]}") + dockerd ${ENG[ferry-load]}" "" "(info)" ""
  echo
  echo "all runs (wall s; peak RSS MB; others CPU s = other people's work during the best run; dockerd busy before = its CPU s/s in the second before):"
  for n in docker-load zstd-docker-load engine-chunk4096 engine-chunk32768 engine-chunk0 ferry-load ferry-update ferry-noop docker-update ferry-update-all ferry-update-big ferry-full-r2 docker-full-r2; do
    printf '  %-17s %-34s RSS %-18s (best run: others CPU %s s, dockerd busy before %s)\n' "$n" "${ALLRUNS[$n]}" "${RSSALL[$n]}" "${OTH[$n]}" "${BG[$n]}"
  done
  echo "ferry load said (best runs):"
  echo "  release 1 from empty: $(ferry_said ferry-load)"
  echo "  update:               $(ferry_said ferry-update)"
  echo "  no-op:                $(ferry_said ferry-noop)"
  echo "  bigger update:        $(ferry_said ferry-update-big)"
  echo "  a-only:               $(ferry_said ferry-load-half 1)"
  echo "reference points (engine alone: best of the runs; the others 1 run each):"
  local c u fp tt
  for c in 4096 32768 0; do
    read -r _ u _ fp _ tt < <(grep -o 'upload.*' "$TMP/out-engine-chunk$c-${BESTRUN[engine-chunk$c]}.log")
    printf '  engine alone, r1.tar POSTed by engine-load.py, %-22s %5.2f s: upload %.2f s, receive+unpack until first progress %.2f s, register %.2f s\n' \
      "$([ "$c" = 0 ] && echo "Content-Length body:" || echo "$c-byte chunks:")" "${WALL[engine-chunk$c]}" "$u" "$fp" "$(calc "%.2f" "$tt-$fp")"
  done
  echo "  ferry load release 1 (best run): JVM + open + plan ${F_START} s, verify+decompress+stream ${F_STREAM} s, then engine tail $(calc "%.2f" "$F_LAST-$F_START-$F_STREAM") s (until its last line at ${F_LAST} s)"
  echo "  ferry update (best run):         JVM + open + plan ${U_START} s, verify+stream ${U_STREAM} s, then engine tail $(calc "%.2f" "$U_LAST-$U_START-$U_STREAM") s"
  echo "  ferry no-op (best run):          JVM + open + plan ${N_START} s, verify ${N_STREAM} s"
  echo "  ferry verify r1.ferry (hash only, no engine): ${WALL[ferry-verify]} s, $(calc "%.0f" "$R1_FERRY/1048576/${WALL[ferry-verify]}") MB/s of bundle"
  echo "  zstd -dc -T1 of r1.tar.zst into /dev/null:    ${WALL[zstd-d]} s, $(calc "%.0f" "$R1_TAR/1048576/${WALL[zstd-d]}") MB/s of output"
  echo "  sha256sum of r1.tar:                          ${WALL[sha256sum-tar]} s"
  echo "  JVM start (java -jar ferry.jar --version):    ${WALL[jvm-start]} s"
  echo "  ferry load release 1, a-only bundle ($(mb "$A_FERRY") MiB): ${WALL[ferry-load-half]} s, peak RSS ${RSS[ferry-load-half]} MB"
  echo "pass/FAIL is information only (not a test). Images left in the engine: $([ "${BENCH_REMOVE:-0}" = 1 ] && echo none || echo "${OURS[*]} (tagged, reused next run)")."
}
table | tee "$TMP/table.txt"
