#!/bin/sh
# Applies the pending schema migrations of this release (/app/migrations/NNN_name.sql) in
# version order, each in one transaction with its row in schema_migrations. Idempotent: a
# re-run applies nothing; an interrupted run is completed by the next one. Exit 0 when the
# schema is up to date.
set -eu
. /app/lib.sh
log() { echo "migrate: $*" >&2; }

if ! applied=$(psql -X -At -v ON_ERROR_STOP=1 -c 'SELECT version FROM schema_migrations ORDER BY 1' 2>&1); then
  log "cannot read schema_migrations: $(echo "$applied" | head -n1)"
  log "restore the vanilla data (or a backup) before running the migrations"
  exit 1
fi

count=0
for f in /app/migrations/[0-9]*.sql; do
  [ -e "$f" ] || continue
  name=$(basename "$f" .sql)
  version=$(expr "${name%%_*}" + 0) || { log "bad migration file name $f"; exit 1; }
  if printf '%s\n' "$applied" | grep -qx "$version"; then continue; fi
  log "applying $name"
  # The table lock serialises concurrent runs: the second one fails on the primary key
  # (and rolls back) instead of applying the migration twice.
  { echo 'BEGIN;'
    echo 'LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE;'
    cat "$f"; echo
    echo "INSERT INTO schema_migrations (version, name) VALUES ($version, '${name#*_}');"
    echo 'COMMIT;'; } | sql
  count=$((count + 1))
done

log "schema at version $(psql -X -At -c 'SELECT max(version) FROM schema_migrations'), $count migration(s) applied"
