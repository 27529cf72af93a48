# Helpers of the page (sourced by cgi-bin/index and the sections).

esc() { printf '%s' "$1" | html_escape; }

# table TITLE SQL: a query result as an HTML table (psql escapes the cell values).
table() {
  printf '<h2>%s</h2>\n' "$(esc "$1")"
  psql -X -q -v ON_ERROR_STOP=1 -H -P footer=off -P 'tableattr=class="grid"' -c "$2"
}

# value SQL: one value, unaligned.
value() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

page_header() {
  cat <<HTML
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>ACD Demo contact centre - $(esc "$ACD_DNS_NAME")</title>
<style>
 body { font-family: sans-serif; margin: 2em; color: #222; }
 .grid { border-collapse: collapse; margin-bottom: 1em; }
 .grid th, .grid td { border: 1px solid #bbb; padding: .25em .6em; }
 .grid th { background: #eef; }
 .meta { color: #555; }
 .error { color: #a00; font-weight: bold; }
</style></head><body>
<h1>ACD Demo contact centre</h1>
<p class="meta">Release <b id="release">$(esc "${FERRY_RELEASE:-unknown}")</b>
 &middot; <span id="dns-name">$(esc "$ACD_DNS_NAME")</span>
 &middot; size <span id="size">$(esc "${ACD_SIZE:-small}")</span></p>
HTML
}

page_footer() {
  cat <<HTML
<p class="meta">Page code $(esc "$(cat /app/web-release)") &middot; served by $(esc "$(hostname)")
 at $(date -u '+%Y-%m-%d %H:%M:%S') UTC</p>
</body></html>
HTML
}
