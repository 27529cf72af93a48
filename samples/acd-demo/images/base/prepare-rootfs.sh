#!/bin/bash
# Turns a freshly debootstrapped Debian root filesystem into the shared acd-demo base:
# removes what Debian's maintainer scripts set up for a normal host (default PostgreSQL
# cluster, snakeoil key, nginx default site) and what a container never needs (docs,
# man pages, translations, apt caches). Runs on the build host as root.
# Usage: prepare-rootfs.sh ROOTFS
set -euo pipefail
root=${1:?usage: prepare-rootfs.sh ROOTFS}
[ -x "$root/usr/bin/dpkg" ] || { echo "prepare-rootfs: $root is not a Debian root filesystem" >&2; exit 1; }

# postgresql-common's postinst creates a cluster 15/main; the db image initialises its own
# cluster in a volume on first start, so the image must not carry one.
rm -rf "$root/etc/postgresql/15" "$root/var/lib/postgresql/15"
# ssl-cert generated a private key at install time: no key may be baked into an image.
rm -f "$root/etc/ssl/private/ssl-cert-snakeoil.key" "$root/etc/ssl/certs/ssl-cert-snakeoil.pem"
rm -f "$root/etc/nginx/sites-enabled/default"

# An unprivileged account for the application processes (web CGI, worker, reports).
if ! grep -q '^acd:' "$root/etc/passwd"; then
  chroot "$root" groupadd --system --gid 990 acd
  chroot "$root" useradd --system --uid 990 --gid 990 --home-dir /var/lib/acd \
    --no-create-home --shell /usr/sbin/nologin acd
fi
install -d -o 990 -g 990 -m 0755 "$root/var/lib/acd"

# PostgreSQL's JIT (llvmjit.so + bitcode) pulls in libllvm14 and libz3, about 160 MB, a
# third of the image. The sample runs with jit=off, so drop the JIT module and the
# libraries only it uses. dpkg still lists the packages: nobody runs apt in these images.
rm -f "$root"/usr/lib/postgresql/15/lib/llvmjit*
rm -rf "$root"/usr/lib/postgresql/15/lib/bitcode
find "$root/usr/lib" \( -name 'libLLVM-*.so*' -o -name 'libz3.so*' \) -delete

# Trim: keep the copyright files, drop everything else a container never reads.
find "$root/usr/share/doc" -type f ! -name copyright -delete 2>/dev/null || true
find "$root/usr/share/doc" -type l -delete 2>/dev/null || true
find "$root/usr/share/doc" -depth -type d -empty -delete 2>/dev/null || true
rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
  "$root"/usr/share/lintian "$root"/usr/share/bug "$root"/usr/share/i18n \
  "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* \
  "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old \
  "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/* "$root"/root/.bash_history
# docker provides these per container
: > "$root/etc/hostname"
: > "$root/etc/resolv.conf"
: > "$root/etc/machine-id"
