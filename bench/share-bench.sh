#!/usr/bin/env bash
# Ferry share benchmark: write (put) and read (get) one file of about 512 MiB through each Share
# implementation, side by side with the native way of moving the same bytes:
#
#   smb    jcifs-ng (SmbShare)  vs  smbclient put/get, against the test bed's Samba on 127.0.0.1:4450;
#          twice: as smbclient runs by default (no signing, since the server does not require it) and
#          with --client-protection=sign, like jcifs-ng, which always signs SMB 3
#   nfs    nfs-client (NfsShare) vs  cp of the same file on the exported folder directly on disk, with
#          an fsync (sync FILE) since NfsShare COMMITs. There is no kernel NFS client in this sandbox,
#          so this compares a network protocol with no network at all: a ceiling, not a peer. libnfs's
#          nfs-cp (a userspace NFSv3 client in C) is shown as a second, like-for-like reference.
#   local  LocalShare           vs  cp + sync FILE into the same folder
#
#   bench/share-bench.sh            (as root, from anywhere; a few minutes)
#
# Not a test: pass/FAIL in the table is information only; the script exits 0 unless a step crashed.
# Each round runs every operation once, native and Java interleaved, so load from other processes
# hits both alike; the table shows each operation's best (shortest) round and the ratio of the bests.
# The Java times include opening the share (connect, log in) and a 64 MiB warm-up in the same JVM
# beforehand (not timed); the native times are whole commands. Environment knobs:
#   BENCH_MB=512          size of the file
#   BENCH_RUNS=3          rounds
#   BENCH_ONLY="smb nfs local"  which implementations
#   BENCH_JAVA_OPTS       extra JVM options, e.g. -Dferry.share.smb.lanes=4 -Dferry.share.nfs.readAhead=4
#   BENCH_KEEP=1          keep the temp folder
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

MB=${BENCH_MB:-512}
RUNS=${BENCH_RUNS:-3}
ONLY=${BENCH_ONLY:-smb nfs local}
TESTBED_DIR=${FERRY_TESTBED_DIR:-/var/lib/ferry-testbed}
export FERRY_TESTBED_DIR=$TESTBED_DIR

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (the test bed and the on-disk comparisons need it)"

TMP=$(mktemp -d /var/tmp/ferry-share-bench.XXXXXX)
cleanup() {
  rm -f "${SMB_DIR:-/nonexistent}"/bench-* "${NFS_DIR:-/nonexistent}"/bench-* 2>/dev/null || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- servers and tools -------------------------------------------------------------------------
scripts/testbed.sh smb nfs
command -v nfs-cp >/dev/null || { log "installing libnfs-utils (nfs-cp)"; apt-get install -y -q libnfs-utils >/dev/null 2>&1 || log "no nfs-cp: that reference is left out"; }
prop() { sed -n "s/^$2=//p" "$TESTBED_DIR/$1/testbed.properties"; }
SMB_PORT=$(prop smb smb.port); SMB_USER=$(prop smb smb.user); SMB_DIR=$(prop smb smb.dir)
SMB_PASS=$(cat "$(prop smb smb.passwordFile)")
NFS_DIR=$(prop nfs nfs.dir); NFS_EXPORT=$(prop nfs nfs.export); NFS_UID=$(prop nfs nfs.uid); NFS_GID=$(prop nfs nfs.gid)
LOCAL_DIR=$TMP/local; mkdir -p "$LOCAL_DIR"

# --- the Java side: compiled test classes + the module's dependencies -----------------------------
log "compiling (mvn test-compile)"
mvn -B -q -ntp -pl installer -am test-compile -DskipTests >"$TMP/mvn.log" 2>&1 || { tail -20 "$TMP/mvn.log" >&2; die "mvn test-compile failed"; }
mvn -B -q -ntp -pl installer dependency:build-classpath -Dmdep.outputFile="$TMP/cp.txt" -Dmdep.includeScope=test >>"$TMP/mvn.log" 2>&1 \
  || { tail -20 "$TMP/mvn.log" >&2; die "mvn dependency:build-classpath failed"; }
CP="installer/target/test-classes:installer/target/classes:$(cat "$TMP/cp.txt")"
# shellcheck disable=SC2086
java_bench() { java ${BENCH_JAVA_OPTS:-} -cp "$CP" io.ferry.installer.share.ShareBench "$@" | sed -n 's/^RESULT .* \([0-9.]*\)$/\1/p'; }

# --- input ----------------------------------------------------------------------------------------
SRC=$TMP/source.bin
log "making $MB MiB of random data"
head -c "$((MB * 1024 * 1024))" /dev/urandom >"$SRC"
BYTES=$(stat -c %s "$SRC")
cat "$SRC" >/dev/null # in the page cache for every round

now() { date +%s.%N; }
# Times a command; prints seconds.
timed() { local t0 t1; t0=$(now); "$@" >/dev/null 2>>"$TMP/native.log" || return 1; t1=$(now); calc "$t1 - $t0"; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
lt() { awk "BEGIN { exit !($1 < $2) }"; }

declare -A BEST
record() { # key seconds
  local k=$1 s=$2
  [ -n "$s" ] || die "no time for $k (see $TMP/native.log)"
  printf '[bench]   %-22s %8.3f s  %8.1f MiB/s\n' "$k" "$s" "$(calc "$BYTES / 1048576 / $s")" >&2
  if [ -z "${BEST[$k]:-}" ] || lt "$s" "${BEST[$k]}"; then BEST[$k]=$s; fi
}

smbc() { local cmd=$1; shift; smbclient "//127.0.0.1/share" -p "$SMB_PORT" -U "$SMB_USER%$SMB_PASS" "$@" -c "$cmd"; }
nfs_url() { echo "nfs://127.0.0.1$NFS_EXPORT/$1?uid=$NFS_UID&gid=$NFS_GID&version=3"; }
cp_sync() { cp "$1" "$2" && sync "$2"; }

for ((r = 1; r <= RUNS; r++)); do
  log "round $r of $RUNS"
  for impl in $ONLY; do
    case $impl in
      smb)
        record "smb put smbclient" "$(timed smbc "put $SRC bench-native-$r")"
        record "smb put jcifs-ng" "$(java_bench smb put "bench-java-$r" "$SRC")"
        record "smb get smbclient" "$(timed smbc "get bench-native-$r /dev/null")"
        record "smb get jcifs-ng" "$(java_bench smb get "bench-java-$r")"
        # smbclient signs nothing unless the server requires it; jcifs-ng always signs SMB 3.
        record "smb put smbclient-sign" "$(timed smbc "put $SRC bench-signed-$r" --client-protection=sign)"
        record "smb get smbclient-sign" "$(timed smbc "get bench-signed-$r /dev/null" --client-protection=sign)"
        smbc "del bench-native-$r; del bench-java-$r; del bench-signed-$r" >/dev/null 2>&1 || true
        ;;
      nfs)
        record "nfs put cp+sync disk" "$(timed cp_sync "$SRC" "$NFS_DIR/bench-native-$r")"
        if command -v nfs-cp >/dev/null; then
          record "nfs put nfs-cp" "$(timed nfs-cp "$SRC" "$(nfs_url "bench-libnfs-$r")")"
        fi
        record "nfs put nfs-client" "$(java_bench nfs put "bench-java-$r" "$SRC")"
        record "nfs get cp disk" "$(timed cp "$NFS_DIR/bench-native-$r" /dev/null)"
        if command -v nfs-cp >/dev/null; then
          record "nfs get nfs-cp" "$(timed nfs-cp "$(nfs_url "bench-libnfs-$r")" "$TMP/libnfs.out")"
          rm -f "$TMP/libnfs.out"
        fi
        record "nfs get nfs-client" "$(java_bench nfs get "bench-java-$r")"
        # Objects written over NFS are removed over NFS: NFS-Ganesha caches the names it has seen.
        java -cp "$CP" io.ferry.installer.share.ShareBench nfs rm "bench-java-$r" "bench-libnfs-$r" >/dev/null 2>&1 || true
        rm -f "$NFS_DIR/bench-native-$r"
        ;;
      local)
        record "local put cp+sync" "$(timed cp_sync "$SRC" "$LOCAL_DIR/native-$r")"
        record "local put LocalShare" "$(java_bench local put "java-$r" "$SRC" "$LOCAL_DIR")"
        record "local get cp" "$(timed cp "$LOCAL_DIR/native-$r" /dev/null)"
        record "local get LocalShare" "$(java_bench local get "java-$r" "$LOCAL_DIR")"
        rm -f "$LOCAL_DIR"/*
        ;;
      *) die "unknown implementation '$impl' in BENCH_ONLY" ;;
    esac
  done
done

# --- the table ------------------------------------------------------------------------------------
mibs() { calc "$BYTES / 1048576 / $1"; }
row() { # label native-key java-key
  local n=${BEST[$2]:-} j=${BEST[$3]:-}
  [ -n "$n" ] && [ -n "$j" ] || return 0
  local nm jm ratio verdict
  nm=$(mibs "$n"); jm=$(mibs "$j"); ratio=$(calc "$jm / $nm")
  verdict=pass; lt "$ratio" 0.8 && verdict=FAIL
  printf '| %-34s | %9.1f | %9.1f | %5.2fx | %-4s |\n' "$1" "$nm" "$jm" "$ratio" "$verdict"
}
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); $(smbd --version); NFS-Ganesha $(dpkg-query -W -f='${Version}' nfs-ganesha); $(java -version 2>&1 | head -1)"
echo "File: $MB MiB random; best of $RUNS rounds; MiB/s = 2^20 bytes per second. Target: Java >= 0.8x native."
echo
echo "| operation (native vs Java)         | native MiB/s | Java MiB/s | ratio | 0.8x |"
echo "| ---------------------------------- | ------------ | ---------- | ----- | ---- |"
row "SMB write: smbclient put / jcifs-ng" "smb put smbclient" "smb put jcifs-ng"
row "SMB read: smbclient get / jcifs-ng" "smb get smbclient" "smb get jcifs-ng"
row "SMB write: smbclient signed / jcifs-ng" "smb put smbclient-sign" "smb put jcifs-ng"
row "SMB read: smbclient signed / jcifs-ng" "smb get smbclient-sign" "smb get jcifs-ng"
row "NFS write: cp+sync on disk / nfs-client" "nfs put cp+sync disk" "nfs put nfs-client"
row "NFS read: cp on disk / nfs-client" "nfs get cp disk" "nfs get nfs-client"
row "NFS write: nfs-cp (libnfs) / nfs-client" "nfs put nfs-cp" "nfs put nfs-client"
row "NFS read: nfs-cp (libnfs) / nfs-client" "nfs get nfs-cp" "nfs get nfs-client"
row "local write: cp+sync / LocalShare" "local put cp+sync" "local put LocalShare"
row "local read: cp / LocalShare" "local get cp" "local get LocalShare"
