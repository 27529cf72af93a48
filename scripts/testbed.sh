#!/bin/bash
# Sets up this machine as a Ferry test bed: the tools the build and the tests use, and a
# running Docker engine. For a fresh Debian 12 machine (run as root) and for CI (CI=true,
# no stdin); idempotent: on a machine that is already set up it only checks (about 1 s).
#
#   scripts/testbed.sh [COMPONENT...]     COMPONENT: docker (default)
#
# Adding a component (e.g. smb, nfs): write need_<name> (print missing packages),
# start_<name> (start it when not running) and summary_<name> (one line), and add <name>
# to KNOWN_COMPONENTS.
set -euo pipefail

KNOWN_COMPONENTS=(docker)
DEFAULT_COMPONENTS=(docker)

# Packages every component needs (build tools, test helpers).
BASE_PACKAGES=(openjdk-17-jdk-headless maven gnupg zstd curl tmux time hyperfine openssl ca-certificates)

DOCKERD_LOG=${DOCKERD_LOG:-/var/log/dockerd.log}
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
