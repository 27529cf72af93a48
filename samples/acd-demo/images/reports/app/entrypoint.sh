#!/bin/sh
# acd-demo/reports entrypoint: the reports volume must be writable by acd, then run as acd.
set -eu
. /app/lib.sh
install -d -o acd -g acd -m 0755 "$ACD_RUN_DIR" "$ACD_REPORTS_DIR"
chown acd:acd "$ACD_REPORTS_DIR"
exec_as_acd /app/reports.sh
