#!/bin/sh
# acd-demo/db entrypoint. First start: initdb in $PGDATA (the db-data volume), role and
# database "acd" (password from ACD_DB_PASSWORD), listen on all addresses, trust on the local
# socket (so `docker exec ... psql -U acd` works for dump/restore) and scram-sha-256 over the
# network. Every start: exec postgres as the container's main process with the sizing
# settings from the environment. Extra arguments are passed to postgres (e.g. -c key=value).
set -eu

: "${PGDATA:=/var/lib/postgresql/data}"
: "${ACD_DB_PASSWORD:=acd}"
: "${DB_SHARED_BUFFERS:=128MB}"
: "${DB_MAX_CONNECTIONS:=50}"
export ACD_DB_PASSWORD

log() { echo "db: $*" >&2; }
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }

case $DB_MAX_CONNECTIONS in ''|*[!0-9]*) log "DB_MAX_CONNECTIONS must be a number, not '$DB_MAX_CONNECTIONS'"; exit 2 ;; esac
case $DB_SHARED_BUFFERS in *[!0-9kKMGBTB]*|'') log "DB_SHARED_BUFFERS must look like 128MB, not '$DB_SHARED_BUFFERS'"; exit 2 ;; esac

install -d -o postgres -g postgres -m 0700 "$PGDATA"
install -d -o postgres -g postgres -m 2775 /run/postgresql

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  log "initialising a new cluster in $PGDATA"
  as_postgres initdb -D "$PGDATA" --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
    --data-checksums --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  cat >>"$PGDATA/pg_hba.conf" <<'HBA'
# acd-demo: the other services of the stack connect over the container network with a password
host    all             all             0.0.0.0/0               scram-sha-256
host    all             all             ::/0                    scram-sha-256
HBA
fi

# Role and database, idempotently: a first start that was interrupted here is completed on the
# next start. The temporary server listens on a private socket only, so the healthcheck
# (pg_isready on the standard socket) cannot pass before the database is ready.
if [ ! -e "$PGDATA/acd-initialised" ]; then
  sock=$(mktemp -d /run/postgresql/init.XXXXXX)
  chown postgres:postgres "$sock"
  as_postgres pg_ctl -D "$PGDATA" -w -t 120 -l "$sock/init.log" \
    -o "-c listen_addresses= -c unix_socket_directories=$sock" start >/dev/null || { cat "$sock/init.log" >&2; exit 1; }
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -h "$sock" -U postgres -d postgres <<'SQL'
\getenv pw ACD_DB_PASSWORD
SELECT format('CREATE ROLE acd LOGIN PASSWORD %L', :'pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'acd') \gexec
SELECT 'CREATE DATABASE acd OWNER acd ENCODING ''UTF8'' TEMPLATE template0'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'acd') \gexec
SQL
  as_postgres pg_ctl -D "$PGDATA" -w -m fast stop >/dev/null
  rm -rf "$sock"
  as_postgres touch "$PGDATA/acd-initialised"
  log "cluster ready: role and database acd (no schema yet: restore the data)"
fi

log "starting PostgreSQL (shared_buffers=$DB_SHARED_BUFFERS max_connections=$DB_MAX_CONNECTIONS)"
exec setpriv --reuid=postgres --regid=postgres --init-groups -- postgres -D "$PGDATA" \
  -c listen_addresses='*' \
  -c shared_buffers="$DB_SHARED_BUFFERS" \
  -c max_connections="$DB_MAX_CONNECTIONS" \
  -c jit=off \
  -c log_line_prefix='%m [%p] %q%u@%d ' \
  "$@"
