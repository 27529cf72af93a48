# The greeting prompts found in the prompts volume.
printf '<h2>Prompts</h2>\n<ul id="prompts">\n'
found=0
for f in "$ACD_PROMPTS_DIR"/*; do
  [ -f "$f" ] || continue
  found=1
  n=$(basename "$f")
  printf '<li><a href="/prompts/%s">%s</a> (%s bytes)</li>\n' "$(esc "$n")" "$(esc "$n")" "$(stat -c %s "$f")"
done
[ "$found" = 1 ] || printf '<li>none: the prompts volume is empty</li>\n'
printf '</ul>\n'
