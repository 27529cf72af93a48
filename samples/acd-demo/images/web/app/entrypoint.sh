#!/bin/sh
# acd-demo/web entrypoint: TLS certificate (mounted or self-signed), nginx config from the
# environment, busybox httpd for the CGI pages in the background, nginx as the main process.
set -eu
. /app/lib.sh

: "${ACD_DNS_NAME:=acd.example.local}"
export ACD_DNS_NAME
: "${WEB_WORKERS:=auto}"
log() { echo "web: $*" >&2; }

# A one-shot command (e.g. `compose run web /app/migrate.sh`, which is how Ferry runs the
# release's migrations) runs instead of the web server.
if [ $# -gt 0 ]; then
  exec "$@"
fi

case $ACD_DNS_NAME in
  *[!A-Za-z0-9.-]*|''|.*|-*) log "ACD_DNS_NAME '$ACD_DNS_NAME' is not a DNS name (letters, digits, dots, hyphens)"; exit 2 ;;
esac
if [ "$WEB_WORKERS" != auto ] && ! is_uint "$WEB_WORKERS"; then
  log "WEB_WORKERS must be a number or 'auto', not '$WEB_WORKERS'"; exit 2
fi

install -d -m 0755 "$ACD_RUN_DIR" "$ACD_RUN_DIR/tls"
chmod 0700 "$ACD_RUN_DIR/tls"

tls_dir=/etc/acd/tls
if [ -s "$tls_dir/tls.crt" ] && [ -s "$tls_dir/tls.key" ]; then
  cert=$tls_dir/tls.crt key=$tls_dir/tls.key
  log "TLS certificate from $tls_dir/tls.crt"
else
  cert=$ACD_RUN_DIR/tls/tls.crt key=$ACD_RUN_DIR/tls/tls.key
  if [ ! -s "$cert" ] || [ "$(cat "$ACD_RUN_DIR/tls/name" 2>/dev/null)" != "$ACD_DNS_NAME" ]; then
    log "no $tls_dir/tls.crt and tls.key: generating a self-signed certificate for $ACD_DNS_NAME"
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 -subj "/CN=$ACD_DNS_NAME" \
      -addext "subjectAltName=DNS:$ACD_DNS_NAME" -addext "extendedKeyUsage=serverAuth" \
      -keyout "$key" -out "$cert" 2>/dev/null
    echo "$ACD_DNS_NAME" >"$ACD_RUN_DIR/tls/name"
  fi
fi

sed -e "s|@WEB_WORKERS@|$WEB_WORKERS|g" -e "s|@ACD_DNS_NAME@|$ACD_DNS_NAME|g" \
    -e "s|@TLS_CERT@|$cert|g" -e "s|@TLS_KEY@|$key|g" /app/nginx.conf.in >"$ACD_RUN_DIR/nginx.conf"
nginx -t -q -c "$ACD_RUN_DIR/nginx.conf"

# CGI pages on loopback only, as the unprivileged user; it inherits the PG* environment.
busybox httpd -f -p 127.0.0.1:8081 -h /app/www -u acd:acd &
log "serving https://$ACD_DNS_NAME/ (release ${FERRY_RELEASE:-unknown}, $WEB_WORKERS nginx workers)"
exec nginx -c "$ACD_RUN_DIR/nginx.conf" -g 'daemon off;'
