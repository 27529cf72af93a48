#!/bin/bash
# Builds the ACD demo images offline and tags them acd-demo/<service>:<RELEASE>.
#
#   build-images.sh [RELEASE...]          default: 1.0.0
#   build-images.sh --broken-web TAG      also build acd-demo/web:TAG whose healthcheck never passes
#                                         (e.g. `build-images.sh 1.0.2 --broken-web 1.0.2`: a
#                                         release 1.0.2 whose update must fail on health)
#   build-images.sh --force ...           rebuild even when the inputs did not change
#
# How: debootstrap (Debian's mirror from this machine's apt sources) makes a minimal bookworm
# root filesystem with the packages of images/base/packages.txt; it is cached as a tarball under
# $FERRY_CACHE_DIR (default /var/cache/ferry/acd-demo), trimmed by images/base/prepare-rootfs.sh
# and imported as acd-demo/base:<hash>. Every service image is a Dockerfile FROM that base that
# only COPYs scripts, so all four share the base layer and the build needs no network.
#
# Idempotent: each service image carries the label io.ferry.sample.inputs=<hash of base + build
# context>. An image with that label is reused (just tagged) instead of rebuilt, so a re-run with
# nothing changed takes about a second, and db/worker/reports of 1.0.1 are the very same images
# as 1.0.0 (web differs: see images/web/releases/).
#
# Releases of web: images/web/ plus every overlay images/web/releases/<V>/ with V <= RELEASE
# (version order), so 1.0.0 = base web, 1.0.1 = + migration 002 and the priority column.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
images_dir=$here/images
cache_dir=${FERRY_CACHE_DIR:-/var/cache/ferry/acd-demo}
suite=bookworm
services=(db web worker reports)
label=io.ferry.sample.inputs

log() { printf '[build-images] %s\n' "$*" >&2; }
die() { printf '[build-images] ERROR: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# --- arguments ---------------------------------------------------------------------------
releases=()
broken_tags=()
force=0
while [ $# -gt 0 ]; do
  case $1 in
    --broken-web) [ $# -ge 2 ] || die "--broken-web needs a TAG"; broken_tags+=("$2"); shift 2 ;;
    --force) force=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) releases+=("$1"); shift ;;
  esac
done
[ ${#releases[@]} -gt 0 ] || [ ${#broken_tags[@]} -gt 0 ] || releases=(1.0.0)
for r in ${releases[@]+"${releases[@]}"} ${broken_tags[@]+"${broken_tags[@]}"}; do
  [[ $r =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || die "'$r' is not a valid image tag"
done

command -v docker >/dev/null || die "docker not found: run scripts/testbed.sh first"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer: run scripts/testbed.sh first"

# One build at a time on this machine: concurrent runs would import the base twice and build
# service images on different base layers (seen when tests of several people share an engine).
mkdir -p "$cache_dir" || die "cannot create $cache_dir (run as root or set FERRY_CACHE_DIR)"
exec 9>"$cache_dir/.build.lock"
if ! flock -n 9; then log "another build-images.sh is running: waiting for it"; flock 9; fi

# --- helpers -----------------------------------------------------------------------------

# sha256 of a directory tree: relative paths, executable bits and contents (not mtimes, owners
# or the umask's group/other bits: assemble_context normalises those to 755/644).
tree_hash() {
  (cd "$1" && find . \( -type f -o -type l \) -print0 | LC_ALL=C sort -z |
    while IFS= read -r -d '' f; do
      if [ -L "$f" ]; then printf 'L %s %s\n' "$f" "$(readlink "$f")"
      else printf 'F %s %s %s\n' "$f" "$([ -x "$f" ] && echo x || echo -)" "$(sha256sum <"$f" | cut -c1-64)"; fi
    done) | sha256sum | cut -c1-64
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# The Debian mirror this machine's apt uses for $suite (deb822 *.sources or one-line *.list).
debian_mirror() {
  if [ -n "${ACD_DEBIAN_MIRROR:-}" ]; then echo "$ACD_DEBIAN_MIRROR"; return; fi
  local f m
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    m=$(awk -v suite="$suite" 'BEGIN{RS=""; FS="\n"}
      { uris=""; ok_suite=0; ok_type=0
        for (i=1;i<=NF;i++) { line=$i; if (line ~ /^#/) continue
          if (line ~ /^Types:/ && line ~ /[ \t]deb([ \t]|$)/) ok_type=1
          if (line ~ /^URIs:/) { sub(/^URIs:[ \t]*/,"",line); uris=line }
          if (line ~ /^Suites:/) { n=split(line,s,/[ \t]+/); for (j=2;j<=n;j++) if (s[j]==suite) ok_suite=1 } }
        if (ok_type && ok_suite && uris!="") { split(uris,u,/[ \t]+/); print u[1]; exit } }' "$f")
    [ -n "$m" ] && { echo "$m"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    m=$(awk -v suite="$suite" '$1=="deb" { i=2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
         if ($(i+1)==suite) { print $i; exit } }' "$f")
    [ -n "$m" ] && { echo "$m"; return; }
  done
  die "no Debian mirror for '$suite' in /etc/apt/sources.list{,.d/*}: set ACD_DEBIAN_MIRROR"
}

package_list() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$images_dir/base/packages.txt" | tr -d ' \t' | LC_ALL=C sort -u; }

unmount_below() { # unmount anything debootstrap may have left mounted under $1
  local d=$1 m
  for m in $(awk -v d="$d" '$2==d || index($2, d"/")==1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" || true
  done
}

# --- base image --------------------------------------------------------------------------
base_tag() {
  local pkg_hash prep_hash
  pkg_hash=$( { echo "$suite"; package_list; } | sha256sum | cut -c1-12)
  prep_hash=$(sha256sum <"$images_dir/base/prepare-rootfs.sh" | cut -c1-12)
  echo "acd-demo/base:${pkg_hash}-${prep_hash}"
}

debootstrap_tarball() { # raw debootstrap output, cached, keyed by suite + package list
  local pkg_hash tarball work mirror pkgs
  pkg_hash=$( { echo "$suite"; package_list; } | sha256sum | cut -c1-12)
  tarball=$cache_dir/debootstrap-$suite-$pkg_hash.tar.zst
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || die "debootstrap not found: run scripts/testbed.sh first"
    command -v zstd >/dev/null || die "zstd not found: run scripts/testbed.sh first"
    [ "$(id -u)" = 0 ] || die "debootstrap needs root"
    mirror=$(debian_mirror)
    pkgs=$(package_list | paste -sd, -)
    mkdir -p "$cache_dir"
    work=$(mktemp -d "$cache_dir/debootstrap.XXXXXX")
    trap 'unmount_below "'"$work"'"; rm -rf --one-file-system "'"$work"'"' EXIT
    log "debootstrap $suite from $mirror with $pkgs (a few minutes, once; log: $work.log)"
    if ! debootstrap --variant=minbase --include="$pkgs" "$suite" "$work/rootfs" "$mirror" >"$work.log" 2>&1; then
      tail -n 20 "$work.log" >&2
      die "debootstrap failed, see $work.log"
    fi
    unmount_below "$work/rootfs"
    tar --numeric-owner --xattrs --sort=name -C "$work/rootfs" -c . | zstd -q -T0 -3 -o "$tarball.tmp"
    mv "$tarball.tmp" "$tarball"
    unmount_below "$work"; rm -rf --one-file-system "$work" "$work.log"
    trap - EXIT
  fi
  echo "$tarball"
}

ensure_base() {
  local tag tarball work
  tag=$(base_tag)
  if image_exists "$tag" && [ "$force" = 0 ]; then echo "$tag"; return; fi
  tarball=$(debootstrap_tarball)
  work=$(mktemp -d "$cache_dir/base.XXXXXX")
  trap 'rm -rf --one-file-system "'"$work"'"' EXIT
  log "preparing $tag from $(basename "$tarball")"
  mkdir "$work/rootfs"
  zstd -q -dc "$tarball" | tar --numeric-owner --xattrs -C "$work/rootfs" -x
  bash "$images_dir/base/prepare-rootfs.sh" "$work/rootfs"
  tar --numeric-owner --xattrs --sort=name --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
      -C "$work/rootfs" -c . |
    docker import \
      -c 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      -c 'ENV LANG=C.UTF-8' \
      -c "LABEL io.ferry.sample.base=$tag" \
      -c 'CMD ["/bin/bash"]' \
      -m "debootstrap $suite minbase + $(package_list | paste -sd' ' -)" - "$tag" >/dev/null
  rm -rf --one-file-system "$work"
  trap - EXIT
  echo "$tag"
}

# --- service images ----------------------------------------------------------------------

# Version order test: ver_le A B is true when A <= B.
ver_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$1" ]; }

# Assemble the build context of SERVICE for RELEASE into DIR.
assemble_context() {
  local svc=$1 release=$2 dir=$3 broken=$4 v
  cp -a "$images_dir/common/." "$dir/"       # shared scripts (app/lib.sh)
  cp -a "$images_dir/$svc/." "$dir/"
  rm -rf "$dir/releases"
  if [ -d "$images_dir/$svc/releases" ]; then
    for v in $(ls "$images_dir/$svc/releases" | sort -V); do
      if ver_le "$v" "$release"; then cp -a "$images_dir/$svc/releases/$v/." "$dir/"; fi
    done
  fi
  if [ "$broken" = 1 ]; then
    mkdir -p "$dir/app"
    echo "deliberately broken build for tests: /health never answers 200" >"$dir/app/BROKEN"
  fi
  # Same modes in the image whatever the umask of the checkout was.
  find "$dir" -type d -exec chmod 755 {} +
  find "$dir" -type f -perm /111 -exec chmod 755 {} +
  find "$dir" -type f ! -perm /111 -exec chmod 644 {} +
}

# ensure_image SERVICE RELEASE TAG BROKEN: make TAG point at the image of SERVICE's inputs.
ensure_image() {
  local svc=$1 release=$2 tag=$3 broken=$4 base ctx hash existing
  base=$BASE_TAG
  ctx=$(mktemp -d)
  assemble_context "$svc" "$release" "$ctx" "$broken"
  # The base's image ID, not just its tag: a re-imported base means new service images, so
  # that all of them keep sharing one base layer.
  hash=$( { echo "base=$base $BASE_ID"; echo "service=$svc"; tree_hash "$ctx"; } | sha256sum | cut -c1-64)
  if [ "$force" = 0 ]; then
    if [ "$(docker image inspect -f "{{index .Config.Labels \"$label\"}}" "$tag" 2>/dev/null)" = "$hash" ]; then
      rm -rf "$ctx"; log "$tag up to date"; return
    fi
    existing=$(docker images -q --no-trunc --filter "label=$label=$hash" | head -n1)
    if [ -n "$existing" ]; then
      docker tag "$existing" "$tag"; rm -rf "$ctx"; log "$tag = ${existing#sha256:} (same inputs, tagged)"; return
    fi
  fi
  log "building $tag"
  if ! DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$base" --label "$label=$hash" \
        --label "io.ferry.sample.service=$svc" -t "$tag" "$ctx" >"$ctx.log" 2>&1; then
    cat "$ctx.log" >&2; rm -rf "$ctx" "$ctx.log"; die "docker build of $tag failed"
  fi
  rm -rf "$ctx" "$ctx.log"
}

start=$(date +%s)
BASE_TAG=$(ensure_base)
BASE_ID=$(docker image inspect -f '{{.Id}}' "$BASE_TAG")
is_broken_tag() { local t; for t in ${broken_tags[@]+"${broken_tags[@]}"}; do [ "$t" = "$1" ] && return 0; done; return 1; }
for r in ${releases[@]+"${releases[@]}"}; do
  for svc in "${services[@]}"; do
    [ "$svc" = web ] && is_broken_tag "$r" && continue    # built broken below
    ensure_image "$svc" "$r" "acd-demo/$svc:$r" 0
  done
done
for t in ${broken_tags[@]+"${broken_tags[@]}"}; do
  ensure_image web "$t" "acd-demo/web:$t" 1
done
# Images of this sample that lost their tag to a rebuild (unless a container still uses them).
for old in $(docker images -q --no-trunc -f dangling=true -f label=io.ferry.sample.service); do
  docker rmi "$old" >/dev/null 2>&1 && log "removed superseded image ${old#sha256:}" || true
done
# Untag base images of earlier recipes (their layers stay while images still use them).
for old in $(docker images --format '{{.Repository}}:{{.Tag}}' acd-demo/base); do
  [ "$old" = "$BASE_TAG" ] || { docker rmi "$old" >/dev/null 2>&1 && log "removed old base $old"; } || true
done
log "done in $(( $(date +%s) - start )) s (base $BASE_TAG)"
docker images --filter 'reference=acd-demo/*' --format '{{.Repository}}:{{.Tag}}\t{{.ID}}\t{{.Size}}' | sort >&2
