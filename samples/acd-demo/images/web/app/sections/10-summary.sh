# Schema version and the callback counters.
printf '<p class="meta">Schema version <b id="schema-version">%s</b> &middot; callbacks pending <b id="pending">%s</b>, done <b id="done">%s</b></p>\n' \
  "$(value 'SELECT max(version) FROM schema_migrations')" \
  "$(value "SELECT count(*) FROM callbacks WHERE status = 'pending'")" \
  "$(value "SELECT count(*) FROM callbacks WHERE status = 'done'")"
