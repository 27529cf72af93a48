#!/bin/sh
# Healthy when the last report was written within two intervals.
. /app/lib.sh
max=$(( ${REPORTS_INTERVAL:-3600} * 2 + 60 ))
age=$(file_age "$ACD_RUN_DIR/reports.heartbeat")
[ "$age" -le "$max" ] || { echo "last report written $age s ago (max $max)"; exit 1; }
echo "last report written $age s ago"
