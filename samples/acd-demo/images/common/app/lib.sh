# Sourced by the acd-demo application scripts (web, worker, reports): how to reach the
# database service, and small helpers. Kept POSIX sh (dash/busybox).

export PGHOST="${PGHOST:-db}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-acd}" PGDATABASE="${PGDATABASE:-acd}"
export PGPASSWORD="${PGPASSWORD:-${ACD_DB_PASSWORD:-acd}}"
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"

ACD_PROMPTS_DIR=/var/lib/acd/prompts
ACD_REPORTS_DIR=/var/lib/acd/reports
ACD_RUN_DIR=/run/acd

# psql for scripts: no ~/.psqlrc, stop at the first error, quiet.
sql() { psql -X -v ON_ERROR_STOP=1 -q "$@"; }

is_uint() { case ${1:-} in ''|*[!0-9]*) return 1 ;; *) return 0 ;; esac; }

# Seconds since FILE was last modified (large when it does not exist).
file_age() {
  if [ -e "$1" ]; then echo $(( $(date +%s) - $(stat -c %Y "$1") )); else echo 999999; fi
}

# Replace this process by "$@" running as the unprivileged user acd.
exec_as_acd() { exec setpriv --reuid=acd --regid=acd --init-groups -- "$@"; }

# HTML-escape standard input.
html_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }
