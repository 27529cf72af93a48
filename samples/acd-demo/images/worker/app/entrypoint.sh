#!/bin/sh
# acd-demo/worker entrypoint: prepare the run directory, then run the worker as user acd.
set -eu
. /app/lib.sh
install -d -o acd -g acd -m 0755 "$ACD_RUN_DIR"
exec_as_acd /app/worker.sh
