#!/bin/bash
# End-to-end check of the ACD demo stack with the real images, driven by hand the way the
# installer drives it: start 1.0.0, restore the vanilla data with the descriptor's commands,
# copy the vanilla prompts into their volume, check page / worker / health / reports / dump,
# update to 1.0.1 and run its migration, then tear everything down (down -v).
#
#   samples/acd-demo/smoke-test.sh [--keep]      --keep: leave the project running
#
# Environment: COMPOSE ("docker compose" or "docker-compose"; default: whichever exists),
# PROJECT (default acddemo-smoke), HTTPS_PORT (default 18443).
# Needs the images: samples/acd-demo/build-images.sh 1.0.0 1.0.1 (run first if missing).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
project=${PROJECT:-acddemo-smoke}
port=${HTTPS_PORT:-18443}
keep=0; [ "${1:-}" = --keep ] && keep=1
if [ -z "${COMPOSE:-}" ]; then
  if docker compose version >/dev/null 2>&1; then COMPOSE="docker compose"; else COMPOSE=docker-compose; fi
fi

passed=0 failed=0
ok()   { passed=$((passed + 1)); printf 'ok   %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
wait_for() { # SECONDS WHAT COMMAND...: poll once a second
  local secs=$1 what=$2 i; shift 2
  for ((i = 0; i < secs; i++)); do "$@" >/dev/null 2>&1 && { ok "$what (${i} s)"; return 0; }; sleep 1; done
  fail "$what (not within $secs s)"
}

work=$(mktemp -d)
env_file=$work/stack.env
{ grep -v -e '^ACD_TLS_DIR=' -e '^ACD_HTTPS_PORT=' "$here/config/defaults.env"
  echo "ACD_TLS_DIR=$work/tls"; echo "ACD_HTTPS_PORT=$port"; } >"$env_file"
mkdir "$work/tls"
dc() { $COMPOSE -p "$project" -f "$here/compose.yaml" --env-file "$env_file" "$@"; }
cleanup() {
  if [ "$keep" = 1 ]; then echo "kept running: $COMPOSE -p $project -f $here/compose.yaml --env-file $env_file ..."; return; fi
  dc --profile reports down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The descriptor's data commands, read from stack.yaml (PyYAML comes with docker-compose).
descriptor() { python3 -c 'import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))["data"]["database"][sys.argv[2]]
print("\0".join(d), end="")' "$here/stack.yaml" "$1"; }
mapfile -d '' -t dump_cmd < <(descriptor dump)
mapfile -d '' -t restore_cmd < <(descriptor restore)
mapfile -d '' -t is_empty_cmd < <(descriptor is_empty)

cid() { dc ps -q "$1"; }
healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' "$(cid "$1")" 2>/dev/null)" = healthy ]; }
page() { curl -sk --max-time 10 "https://127.0.0.1:$port/"; }
page_has() { local html; html=$(page) && grep -q -- "$1" <<<"$html"; }   # not a pipe: grep -q + pipefail
page_lacks() { local html; html=$(page) && ! grep -q -- "$1" <<<"$html"; }
pending() { docker exec "$(cid db)" psql -U acd -d acd -tAc "select count(*) from callbacks where status='pending'"; }
no_pending() { [ "$(pending)" = 0 ]; }

echo "== $COMPOSE, project $project, https://127.0.0.1:$port/"
dc --profile reports down -v --remove-orphans >/dev/null 2>&1 || true

export FERRY_RELEASE=1.0.0
dc up -d >"$work/up.log" 2>&1 || { cat "$work/up.log"; fail "up -d 1.0.0"; exit 1; }
ok "up -d (release 1.0.0)"
check "db healthy" healthy db
check "db runs with the sizing settings (max_connections 50)" test "$(docker exec "$(cid db)" psql -U acd -d acd -tAc 'show max_connections')" = 50
check "database is empty before restore" test "$(docker exec "$(cid db)" "${is_empty_cmd[@]}")" = 0
check "restore vanilla/database.sql" docker exec -i "$(cid db)" "${restore_cmd[@]}" <"$here/vanilla/database.sql" >/dev/null
check "database not empty after restore" test "$(docker exec "$(cid db)" "${is_empty_cmd[@]}")" != 0
volume=$(docker volume ls -q --filter "label=com.docker.compose.project=$project" | grep '_prompts$')
check "copy vanilla prompts into $volume" bash -c "tar -C '$here/vanilla/volumes/prompts' -c . |
  docker run --rm -i --network none -v '$volume:/v' --entrypoint tar acd-demo/worker:1.0.0 -x -C /v --no-same-owner"

wait_for 90 "web healthy" healthy web
wait_for 60 "worker healthy" healthy worker
check "page shows release 1.0.0" page_has '<b id="release">1.0.0</b>'
check "page shows the DNS name" page_has 'acd.example.local'
check "page shows queues and agents" page_has 'Chi Nguyen'
check "page lists the prompts" page_has 'greeting-sales.txt</a>'
check "page has no priority column in 1.0.0" page_lacks '>priority<'
wait_for 90 "worker processed every pending callback" no_pending
check "page shows processed callbacks" page_has 'greeting greeting-support.txt played'
check "TLS certificate is for the DNS name" bash -c "echo | openssl s_client -connect 127.0.0.1:$port 2>/dev/null | openssl x509 -noout -subject | grep -q acd.example.local"

docker exec "$(cid db)" "${dump_cmd[@]}" >"$work/dump.sql"
check "dump writes SQL" grep -q 'CREATE TABLE public.callbacks' "$work/dump.sql"
check "dump has the rows" grep -q 'Chi Nguyen' "$work/dump.sql"

dc --profile reports up -d reports >"$work/up.log" 2>&1 && ok "profile reports starts" || { cat "$work/up.log"; fail "profile reports starts"; }
wait_for 60 "reports healthy" healthy reports
check "reports wrote latest.csv" bash -c "docker exec '$(cid reports)' cat /var/lib/acd/reports/latest.csv | grep -q '^day,queue'"

out=$(docker exec "$(cid web)" /app/migrate.sh 2>&1) || true
check "1.0.0 migrate.sh: nothing pending" grep -q '0 migration(s) applied' <<<"$out"

image_of() { docker inspect -f '{{.Image}}' "$(cid "$1")"; }
old_db=$(image_of db) old_worker=$(image_of worker) old_web=$(image_of web)
export FERRY_RELEASE=1.0.1
dc up -d >"$work/up.log" 2>&1 && ok "up -d (release 1.0.1)" || { cat "$work/up.log"; fail "up -d 1.0.1"; }
# db and worker of 1.0.1 are the very images of 1.0.0 (only web changed). Compose still
# recreates their containers, because the image reference (tag) changed.
check "1.0.1 runs the same db and worker images" test "$(image_of db) $(image_of worker)" = "$old_db $old_worker"
check "1.0.1 runs a new web image" test "$(image_of web)" != "$old_web"
out=$(docker exec "$(cid web)" /app/migrate.sh 2>&1) || true
check "1.0.1 migrate.sh applies 002" grep -q 'schema at version 2, 1 migration(s) applied' <<<"$out"
out=$(docker exec "$(cid web)" /app/migrate.sh 2>&1) || true
check "1.0.1 migrate.sh again: nothing pending" grep -q 'schema at version 2, 0 migration(s) applied' <<<"$out"
wait_for 60 "web healthy after update" healthy web
check "page shows release 1.0.1" page_has '<b id="release">1.0.1</b>'
check "page shows the priority column" page_has '>priority<'
check "page shows the new VIP queue" page_has '>VIP<'

# Disaster recovery: dump, lose everything, start afresh and restore the dump.
counts() { docker exec "$(cid db)" psql -U acd -d acd -tAc \
  "select (select count(*) from queues) || ' queues, ' || (select count(*) from callbacks) || ' callbacks, schema ' || (select max(version) from schema_migrations)"; }
before=$(counts)
docker exec "$(cid db)" "${dump_cmd[@]}" >"$work/backup.sql"
dc --profile reports down -v >/dev/null 2>&1 && ok "down -v (all data gone)" || fail "down -v"
dc up -d >"$work/up.log" 2>&1 && ok "up -d on empty volumes" || { cat "$work/up.log"; fail "up -d on empty volumes"; }
check "database is empty again" test "$(docker exec "$(cid db)" "${is_empty_cmd[@]}")" = 0
check "restore the dump" docker exec -i "$(cid db)" "${restore_cmd[@]}" <"$work/backup.sql" >/dev/null
check "restored data equals the dumped data ($before)" test "$(counts)" = "$before"
out=$(docker exec "$(cid web)" /app/migrate.sh 2>&1) || true
check "migrate.sh after restore: nothing pending" grep -q 'schema at version 2, 0 migration(s) applied' <<<"$out"
wait_for 60 "web healthy after restore" healthy web
check "page shows the restored VIP queue" page_has '>VIP<'

echo "smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
