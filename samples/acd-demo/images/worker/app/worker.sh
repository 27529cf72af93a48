#!/bin/sh
# The task runner: WORKER_CONCURRENCY slots, each taking up to WORKER_BATCH pending callbacks
# every WORKER_INTERVAL seconds (FOR UPDATE SKIP LOCKED, so slots and replicas never take the
# same row). A callback is "called back" with its queue's greeting prompt from the prompts
# volume. Every successful round touches the heartbeat file that the healthcheck reads.
set -eu
. /app/lib.sh

: "${WORKER_CONCURRENCY:=1}" "${WORKER_INTERVAL:=5}" "${WORKER_BATCH:=2}"
for v in WORKER_CONCURRENCY WORKER_INTERVAL WORKER_BATCH; do
  eval "val=\$$v"
  if ! is_uint "$val" || [ "$val" -lt 1 ]; then echo "worker: $v must be a positive number, not '$val'" >&2; exit 2; fi
done
heartbeat=$ACD_RUN_DIR/worker.heartbeat
me=$(hostname)

round() { # slot number
  # (set -e does not apply inside `if out=$(round ...)`: every failure is returned explicitly)
  exists=$(psql -X -At -v ON_ERROR_STOP=1 -c "SELECT to_regclass('public.callbacks') IS NOT NULL") || return 1
  if [ "$exists" != t ]; then
    echo "worker[$1]: no table callbacks yet: waiting for the data to be restored"
    return 0
  fi
  # Prompt files present in the volume, '/'-separated (a file name cannot contain '/').
  prompts=$(cd "$ACD_PROMPTS_DIR" 2>/dev/null && ls -1 | tr '\n' '/' || true)
  sql -At -v batch="$WORKER_BATCH" -v me="$me/$1" -v prompts="$prompts" <<'SQL'
WITH next AS (
  SELECT id FROM callbacks WHERE status = 'pending'
   ORDER BY requested_at, id LIMIT :batch FOR UPDATE SKIP LOCKED)
UPDATE callbacks c
   SET status = 'done', processed_at = now(), processed_by = :'me',
       result = 'called back ' || c.caller_number || ', ' ||
                CASE WHEN q.greeting_prompt = ANY (string_to_array(:'prompts', '/'))
                     THEN 'greeting ' || q.greeting_prompt || ' played'
                     ELSE 'greeting ' || coalesce(q.greeting_prompt, '-') || ' missing, default tone' END
  FROM next, queues q
 WHERE c.id = next.id AND q.id = c.queue_id
RETURNING 'worker[' || :'me' || ']: callback ' || c.id || ' done (' || c.result || ')';
SQL
}

slot() {
  while :; do
    if out=$(round "$1" 2>&1); then
      touch "$heartbeat"
      [ -z "$out" ] || printf '%s\n' "$out"
    else
      printf 'worker[%s]: round failed: %s\n' "$1" "$(printf '%s' "$out" | head -n1)" >&2
    fi
    sleep "$WORKER_INTERVAL"
  done
}

pids=''
stop() { [ -z "$pids" ] || kill $pids 2>/dev/null || true; echo "worker: stopped" >&2; exit 0; }
trap stop TERM INT
echo "worker: $WORKER_CONCURRENCY slot(s), batch $WORKER_BATCH every $WORKER_INTERVAL s" >&2
i=1
while [ "$i" -le "$WORKER_CONCURRENCY" ]; do
  slot "$i" &
  pids="$pids $!"
  i=$((i + 1))
done
wait
