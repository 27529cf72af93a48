#!/bin/bash
# Sets up this machine as a Ferry test bed: the tools the build and the tests use, and a
# running Docker engine. For a fresh Debian 12 machine (run as root) and for CI (CI=true,
# no stdin); idempotent: on a machine that is already set up it only checks (about 1 s).
#
#   scripts/testbed.sh [COMPONENT...]     COMPONENT: docker (default), smb, nfs, scheduler
#
#   smb: Samba (smbd) on 127.0.0.1:4450 with the share //127.0.0.1/share for the Unix account
#        ferry-share (password in $FERRY_TESTBED_DIR/smb/password), and //127.0.0.1/full on a
#        16 MiB file system (for the "share full" tests; left out where mount does not work).
#   nfs: rpcbind (portmapper, port 111) and NFS-Ganesha serving NFSv3 over TCP on 127.0.0.1:2049
#        (mount daemon 20048): exports /export and /full (the same small file system), AUTH_UNIX,
#        owned by ferry-share's uid/gid.
#   Both write $FERRY_TESTBED_DIR/{smb,nfs}/testbed.properties, which the share ITs read
#   (FERRY_TESTBED_DIR defaults to /var/lib/ferry-testbed). Logs live next to them.
#   scheduler: cron (BackupScheduleCronIT installs a real /etc/cron.d entry and runs the daemon
#        itself for the test) and systemd's tools (systemd-analyze checks the generated units).
#        Nothing is started: systemd is not PID 1 here, and a cron daemon left running would run
#        the machine's own cron jobs.
#
# Adding a component (e.g. smb, nfs): write need_<name> (print missing packages),
# start_<name> (start it when not running) and summary_<name> (one line), and add <name>
# to KNOWN_COMPONENTS.
set -euo pipefail

KNOWN_COMPONENTS=(docker smb nfs scheduler)
DEFAULT_COMPONENTS=(docker)

# Packages every component needs (build tools, test helpers).
BASE_PACKAGES=(openjdk-17-jdk-headless maven gnupg zstd curl tmux time hyperfine openssl ca-certificates)

DOCKERD_LOG=${DOCKERD_LOG:-/var/log/dockerd.log}
TESTBED_DIR=${FERRY_TESTBED_DIR:-/var/lib/ferry-testbed}
DOCKER_START_TIMEOUT=${DOCKER_START_TIMEOUT:-60}

log() { printf '[testbed] %s\n' "$*" >&2; }
die() { printf '[testbed] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<EOF
usage: scripts/testbed.sh [COMPONENT...]
  Installs what is missing and starts what is not running. Components: ${KNOWN_COMPONENTS[*]}
  (default: ${DEFAULT_COMPONENTS[*]}). Safe to run again at any time.
EOF
}

# --- package helpers ---------------------------------------------------------------------

# Prints the packages of "$@" that are not installed.
missing_packages() {
  local p status
  for p in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || echo "$p"
  done
}

APT_UPDATED=0
install_packages() {
  [ $# -gt 0 ] || return 0
  [ "$(id -u)" = 0 ] || die "missing packages ($*): run this script as root"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    apt-get update -q >/dev/null || die "apt-get update failed: check the Debian mirror in /etc/apt/sources.list.d/"
    APT_UPDATED=1
  fi
  log "installing: $*"
  apt-get install -y -q "$@" </dev/null >/dev/null || die "apt-get install $* failed"
}

# --- component: docker -------------------------------------------------------------------

need_docker() {
  missing_packages docker.io docker-compose busybox-static debootstrap
  # docker.io brings both the engine and a CLI; an existing newer CLI (e.g. /usr/local/bin/docker)
  # is fine too, it talks to the 20.10 engine with API 1.41.
}

docker_answers() { timeout 10 docker info >/dev/null 2>&1; }

process_running() { # without procps: look for a process whose name is $1
  local f
  for f in /proc/[0-9]*/comm; do [ "$(cat "$f" 2>/dev/null)" = "$1" ] && return 0; done
  return 1
}

start_docker() {
  command -v docker >/dev/null || die "no docker CLI on PATH after installing docker.io"
  docker_answers && return 0
  [ "$(id -u)" = 0 ] || die "the Docker engine is not running and starting it needs root"
  local dockerd
  dockerd=$(command -v dockerd || true)
  [ -n "$dockerd" ] || die "dockerd not found (package docker.io)"
  if process_running dockerd; then
    log "dockerd is running but does not answer yet; waiting"
  else
    log "starting dockerd (log: $DOCKERD_LOG)"
    # No systemd on these machines: a plain background process, detached from this shell.
    # setsid: its own session, so a Ctrl-C in this terminal does not reach it.
    setsid nohup "$dockerd" >"$DOCKERD_LOG" 2>&1 </dev/null &
  fi
  local i
  for ((i = 0; i < DOCKER_START_TIMEOUT; i++)); do
    docker_answers && { log "Docker engine is up after ${i} s"; return 0; }
    if ! process_running dockerd; then
      tail -n 5 "$DOCKERD_LOG" >&2 2>/dev/null || true
      die "dockerd exited during start-up: see $DOCKERD_LOG"
    fi
    sleep 1
  done
  tail -n 5 "$DOCKERD_LOG" >&2 2>/dev/null || true
  die "the Docker engine did not answer within ${DOCKER_START_TIMEOUT} s: see $DOCKERD_LOG"
}

summary_docker() {
  local server compose
  server=$(docker version -f '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null || echo '?')
  if docker compose version >/dev/null 2>&1; then compose="docker compose $(docker compose version --short 2>/dev/null)"
  else compose="docker-compose $(dpkg-query -W -f='${Version}' docker-compose 2>/dev/null || echo '?')"; fi
  echo "docker: engine $server, client $(command -v docker), $compose"
}

# --- shared by smb and nfs ---------------------------------------------------------------

SHARE_USER=ferry-share   # the Samba user, and the uid/gid the NFS tests send (AUTH_UNIX)
SERVER_START_TIMEOUT=${SERVER_START_TIMEOUT:-30}
FULL_MIB=16              # size of the small file system behind the "full" share and export

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

ensure_share_user() {
  id -u "$SHARE_USER" >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || die "the Unix account $SHARE_USER is missing and creating it needs root"
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SHARE_USER" \
    || die "useradd $SHARE_USER failed"
}

# Makes a folder owned by the share user (mode 0750 unless told).
share_dir() { # path [mode]
  mkdir -p "$1"
  chown "$SHARE_USER:$SHARE_USER" "$1"
  chmod "${2:-0750}" "$1"
}

# A small ext4 file system (loop device) for the "share full" tests, mounted at $TESTBED_DIR/full.
# Prints the mount point, or nothing where this sandbox cannot mount (the tests then skip).
FULL_CHECKED=
FULL_MOUNT=
ensure_full_fs() {
  if [ -z "$FULL_CHECKED" ]; then
    FULL_CHECKED=1
    local img=$TESTBED_DIR/full.img mnt=$TESTBED_DIR/full
    mkdir -p "$mnt"
    if mountpoint -q "$mnt"; then
      FULL_MOUNT=$mnt
    else
      if [ ! -f "$img" ]; then
        truncate -s "${FULL_MIB}M" "$img.tmp" && mkfs.ext4 -q -F -m 0 "$img.tmp" >/dev/null 2>&1 && mv "$img.tmp" "$img" \
          || { rm -f "$img.tmp"; log "cannot make a small file system (mkfs.ext4): no 'share full' tests"; }
      fi
      if [ -f "$img" ] && mount -o loop "$img" "$mnt" 2>/dev/null; then
        FULL_MOUNT=$mnt
      else
        log "cannot mount a loop file system here: the 'share full' tests will be skipped"
      fi
    fi
  fi
  echo "$FULL_MOUNT"
}

# Writes $1 with the content of stdin only when it differs; returns 0 when it changed.
write_if_changed() {
  local tmp
  tmp=$(mktemp "$1.XXXXXX")
  cat >"$tmp"
  if [ -f "$1" ] && cmp -s "$tmp" "$1"; then rm -f "$tmp"; return 1; fi
  mv "$tmp" "$1"
  return 0
}

pid_alive() { [ -n "${1:-}" ] && [ -d "/proc/$1" ]; }

# --- component: smb ----------------------------------------------------------------------

SMB_PORT=4450
SMB_DIR=$TESTBED_DIR/smb

need_smb() { missing_packages samba smbclient; }

smb_conf() { # full_dir (may be empty)
  cat <<EOF
# Written by scripts/testbed.sh: Samba for the Ferry share tests, on loopback only.
[global]
  server role = standalone server
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb ports = $SMB_PORT
  disable netbios = yes
  server min protocol = SMB2_10
  server max protocol = SMB3
  passdb backend = tdbsam:$SMB_DIR/private/passdb.tdb
  private dir = $SMB_DIR/private
  lock directory = $SMB_DIR/run/lock
  state directory = $SMB_DIR/run/state
  cache directory = $SMB_DIR/run/cache
  pid directory = $SMB_DIR/run/pid
  ncalrpc dir = $SMB_DIR/run/ncalrpc
  log file = $SMB_DIR/run/log/log.%m
  load printers = no
  printcap name = /dev/null
  disable spoolss = yes
  map to guest = never
[share]
  path = $SMB_DIR/share
  read only = no
  valid users = $SHARE_USER
EOF
  if [ -n "$1" ]; then
    cat <<EOF
[full]
  path = $1/smb
  read only = no
  valid users = $SHARE_USER
EOF
  fi
}

smbd_pid() { cat "$SMB_DIR/run/pid/smbd.pid" 2>/dev/null || true; }

start_smb() {
  command -v smbd >/dev/null || die "smbd not found (package samba)"
  ensure_share_user
  local full d conf=$SMB_DIR/smb.conf changed=0
  full=$(ensure_full_fs)
  for d in private run/lock run/state run/cache run/pid run/ncalrpc run/log; do mkdir -p "$SMB_DIR/$d"; done
  chmod 0700 "$SMB_DIR/private"
  share_dir "$SMB_DIR/share"
  [ -z "$full" ] || share_dir "$full/smb"
  smb_conf "$full" | write_if_changed "$conf" && changed=1
  if [ ! -s "$SMB_DIR/password" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$SMB_DIR/password")
  fi
  local pw
  pw=$(cat "$SMB_DIR/password")
  if ! pdbedit -s "$conf" -L -u "$SHARE_USER" >/dev/null 2>&1 || [ "$changed" = 1 ]; then
    printf '%s\n%s\n' "$pw" "$pw" | smbpasswd -c "$conf" -a -s "$SHARE_USER" >/dev/null \
      || die "smbpasswd could not add $SHARE_USER"
  fi
  {
    echo "# Written by scripts/testbed.sh smb: read by the share integration tests."
    echo "smb.server=127.0.0.1"
    echo "smb.port=$SMB_PORT"
    echo "smb.share=share"
    echo "smb.dir=$SMB_DIR/share"
    echo "smb.user=$SHARE_USER"
    echo "smb.passwordFile=$SMB_DIR/password"
    [ -z "$full" ] || { echo "smb.fullShare=full"; echo "smb.fullDir=$full/smb"; }
  } | write_if_changed "$SMB_DIR/testbed.properties" || true

  local pid
  pid=$(smbd_pid)
  if port_open "$SMB_PORT" && pid_alive "$pid"; then
    # smbd re-reads smb.conf on SIGHUP: new shares appear without a restart.
    [ "$changed" = 0 ] || { log "smb.conf changed: reloading smbd"; kill -HUP "$pid"; }
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "smbd is not running and starting it needs root"
  log "starting smbd on 127.0.0.1:$SMB_PORT (logs: $SMB_DIR/run/log/)"
  setsid nohup smbd --foreground --no-process-group -s "$conf" >"$SMB_DIR/run/log/smbd.out" 2>&1 </dev/null &
  local i
  for ((i = 0; i < SERVER_START_TIMEOUT * 4; i++)); do
    port_open "$SMB_PORT" && { log "smbd is up"; return 0; }
    sleep 0.25
  done
  tail -n 5 "$SMB_DIR/run/log/smbd.out" "$SMB_DIR/run/log/log.smbd" >&2 2>/dev/null || true
  die "smbd did not listen on 127.0.0.1:$SMB_PORT within ${SERVER_START_TIMEOUT} s: see $SMB_DIR/run/log/"
}

summary_smb() {
  local full=""
  [ -z "$(ensure_full_fs)" ] || full=", //127.0.0.1/full (${FULL_MIB} MiB)"
  echo "smb: smbd $(smbd --version 2>/dev/null | sed 's/^Version //') on 127.0.0.1:$SMB_PORT, //127.0.0.1/share$full, user $SHARE_USER (password in $SMB_DIR/password)"
}

# --- component: nfs ----------------------------------------------------------------------

NFS_DIR=$TESTBED_DIR/nfs

need_nfs() { missing_packages nfs-ganesha nfs-ganesha-vfs rpcbind; }

ganesha_conf() { # full_dir (may be empty)
  cat <<EOF
# Written by scripts/testbed.sh: NFS-Ganesha for the Ferry share tests, NFSv3 over TCP on loopback only.
NFS_CORE_PARAM {
  Protocols = 3; NFS_Port = 2049; MNT_Port = 20048; Bind_Addr = 127.0.0.1;
  Enable_NLM = false; Enable_RQUOTA = false; Enable_UDP = false;
  Mount_Path_Pseudo = true;
}
NFSV4 { Graceless = true; }
NFS_KRB5 { Active_krb5 = false; }
EXPORT_DEFAULTS { Protocols = 3; Transports = TCP; SecType = sys; Access_Type = RW; Squash = No_Root_Squash;
  PrivilegedPort = false; MaxRead = 1048576; MaxWrite = 1048576; PrefRead = 1048576; PrefWrite = 1048576; }
EXPORT { Export_Id = 1; Path = $NFS_DIR/export; Pseudo = /export; FSAL { Name = VFS; } }
EOF
  [ -z "$1" ] || echo "EXPORT { Export_Id = 2; Path = $1/nfs; Pseudo = /full; FSAL { Name = VFS; } }"
}

ganesha_pid() { cat "$NFS_DIR/ganesha.pid" 2>/dev/null || true; }
nfs_answers() { rpcinfo -T tcp 127.0.0.1 nfs 3 >/dev/null 2>&1 && rpcinfo -T tcp 127.0.0.1 mountd 3 >/dev/null 2>&1; }

start_rpcbind() {
  port_open 111 && return 0
  [ "$(id -u)" = 0 ] || die "rpcbind is not running and starting it needs root"
  log "starting rpcbind (portmapper on 111)"
  # -f: stay in the foreground of its own session (no systemd here). rpcbind has no option to
  # bind TCP to one address, and its -h (UDP addresses) aborts with a double free on Debian 12's
  # 1.2.6: it listens on all interfaces. Only 127.0.0.1 is ever asked; the NFS server itself
  # binds to 127.0.0.1.
  setsid nohup rpcbind -f >"$NFS_DIR/rpcbind.out" 2>&1 </dev/null &
  local i
  for ((i = 0; i < SERVER_START_TIMEOUT * 4; i++)); do
    port_open 111 && return 0
    sleep 0.25
  done
  die "rpcbind did not listen on port 111 within ${SERVER_START_TIMEOUT} s: see $NFS_DIR/rpcbind.out"
}

start_nfs() {
  command -v ganesha.nfsd >/dev/null || die "ganesha.nfsd not found (package nfs-ganesha)"
  ensure_share_user
  local full conf=$NFS_DIR/ganesha.conf changed=0
  full=$(ensure_full_fs)
  mkdir -p "$NFS_DIR" /var/lib/nfs/ganesha /run/ganesha
  share_dir "$NFS_DIR/export" 0755
  [ -z "$full" ] || share_dir "$full/nfs" 0755
  ganesha_conf "$full" | write_if_changed "$conf" && changed=1
  {
    echo "# Written by scripts/testbed.sh nfs: read by the share integration tests."
    echo "nfs.server=127.0.0.1"
    echo "nfs.export=/export"
    echo "nfs.dir=$NFS_DIR/export"
    echo "nfs.uid=$(id -u "$SHARE_USER")"
    echo "nfs.gid=$(id -g "$SHARE_USER")"
    [ -z "$full" ] || { echo "nfs.fullExport=/full"; echo "nfs.fullDir=$full/nfs"; }
  } | write_if_changed "$NFS_DIR/testbed.properties" || true

  start_rpcbind
  local pid
  pid=$(ganesha_pid)
  if pid_alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = ganesha.nfsd ]; then
    if [ "$changed" = 0 ] && nfs_answers; then return 0; fi
    # Ganesha reloads exports only over D-Bus, which these machines do not run: restart it.
    log "restarting ganesha.nfsd (configuration changed or it does not answer)"
    kill "$pid"
    local i
    for ((i = 0; i < 40 && -d /proc/$pid; i++)); do sleep 0.25; done
  fi
  [ "$(id -u)" = 0 ] || die "the NFS server is not running and starting it needs root"
  log "starting ganesha.nfsd on 127.0.0.1:2049 (log: $NFS_DIR/ganesha.log)"
  setsid nohup ganesha.nfsd -F -f "$conf" -L "$NFS_DIR/ganesha.log" -p "$NFS_DIR/ganesha.pid" -N NIV_EVENT \
    >"$NFS_DIR/ganesha.out" 2>&1 </dev/null &
  local i
  for ((i = 0; i < SERVER_START_TIMEOUT * 4; i++)); do
    nfs_answers && { log "NFS server is up"; return 0; }
    sleep 0.25
  done
  tail -n 5 "$NFS_DIR/ganesha.log" >&2 2>/dev/null || true
  die "the NFS server did not answer within ${SERVER_START_TIMEOUT} s: see $NFS_DIR/ganesha.log"
}

summary_nfs() {
  local full=""
  [ -z "$(ensure_full_fs)" ] || full=", 127.0.0.1:/full (${FULL_MIB} MiB)"
  echo "nfs: NFS-Ganesha $(dpkg-query -W -f='${Version}' nfs-ganesha 2>/dev/null) NFSv3/TCP on 127.0.0.1:2049 (portmapper 111, mountd 20048), 127.0.0.1:/export$full, uid/gid $(id -u "$SHARE_USER")/$(id -g "$SHARE_USER")"
}

# --- scheduler: cron and systemd's tools, for the nightly-backup job ---------------------------

need_scheduler() { missing_packages cron systemd; }
start_scheduler() { [ -x /usr/sbin/cron ] || die "cron is installed but /usr/sbin/cron is missing"; }
summary_scheduler() {
  echo "scheduler: cron $(dpkg-query -W -f='${Version}' cron 2>/dev/null) (not started), $(systemd-analyze --version 2>/dev/null | head -n 1)"
}

# --- main --------------------------------------------------------------------------------

main() {
  local components=() c missing=()
  for c in "$@"; do
    case $c in
      -h|--help) usage; exit 0 ;;
      *) [[ " ${KNOWN_COMPONENTS[*]} " == *" $c "* ]] || { usage >&2; die "unknown component '$c'"; }
         components+=("$c") ;;
    esac
  done
  [ ${#components[@]} -gt 0 ] || components=("${DEFAULT_COMPONENTS[@]}")

  mapfile -t missing < <(missing_packages "${BASE_PACKAGES[@]}"; for c in "${components[@]}"; do "need_$c"; done)
  install_packages ${missing[@]+"${missing[@]}"}
  for c in "${components[@]}"; do "start_$c"; done

  [ ${#missing[@]} -eq 0 ] && log "all packages present" || log "installed ${#missing[@]} package(s)"
  for c in "${components[@]}"; do log "$("summary_$c")"; done
}

main "$@"
