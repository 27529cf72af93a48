#!/bin/sh
# Healthy when a worker round succeeded recently (heartbeat younger than WORKER_HEARTBEAT_MAX_AGE).
. /app/lib.sh
max=${WORKER_HEARTBEAT_MAX_AGE:-$(( ${WORKER_INTERVAL:-5} * 3 + 15 ))}
age=$(file_age "$ACD_RUN_DIR/worker.heartbeat")
[ "$age" -le "$max" ] || { echo "worker heartbeat is $age s old (max $max)"; exit 1; }
echo "worker heartbeat $age s old"
