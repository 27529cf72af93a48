#!/bin/sh
# Writes today's summary per queue to $ACD_REPORTS_DIR/daily-YYYY-MM-DD.csv (atomically:
# temp file + rename) and copies it to latest.csv, then sleeps REPORTS_INTERVAL seconds.
set -eu
. /app/lib.sh
: "${REPORTS_INTERVAL:=3600}"
is_uint "$REPORTS_INTERVAL" || { echo "reports: REPORTS_INTERVAL must be a number of seconds" >&2; exit 2; }

write_report() {
  day=$(date -u +%F)
  out=$ACD_REPORTS_DIR/daily-$day.csv
  tmp=$ACD_REPORTS_DIR/.daily-$day.csv.tmp
  sql -c "COPY (
    SELECT current_date AS day, q.name AS queue,
           count(c.id) FILTER (WHERE c.status = 'done' AND c.processed_at >= current_date) AS callbacks_done_today,
           count(c.id) FILTER (WHERE c.status = 'pending') AS callbacks_pending,
           (SELECT count(*) FROM agents a WHERE a.queue_id = q.id) AS agents
      FROM queues q LEFT JOIN callbacks c ON c.queue_id = q.id
     GROUP BY q.id, q.name ORDER BY q.name) TO STDOUT WITH (FORMAT csv, HEADER)" >"$tmp" || { rm -f "$tmp"; return 1; }
  # (set -e does not apply inside `if out=$(write_report)`: failures are returned explicitly)
  mv "$tmp" "$out" || return 1
  cp "$out" "$ACD_REPORTS_DIR/.latest.csv.tmp" && mv "$ACD_REPORTS_DIR/.latest.csv.tmp" "$ACD_REPORTS_DIR/latest.csv" || return 1
  echo "reports: wrote $out ($(($(wc -l <"$out") - 1)) queues)"
}

trap 'echo "reports: stopped" >&2; exit 0' TERM INT
while :; do
  if out=$(write_report 2>&1); then
    touch "$ACD_RUN_DIR/reports.heartbeat"; echo "$out"
  else
    echo "reports: failed: $(echo "$out" | head -n1)" >&2
  fi
  sleep "$REPORTS_INTERVAL" &
  wait $! || true
done
