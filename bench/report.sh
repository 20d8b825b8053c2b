# The results of bench/run.sh (sourced): report prints the markdown, chart draws the PNG.
# Reads $dir/rows (label value p50 p99 baseline ratio target), $dir/pool.md (full mode) and the
# run's facts ($mode, $seconds, $rounds, $workers, $connections, $command_line, $took).

# met RATIO TARGET: "met" / "missed" ("-" without a target). TARGET is >=X, <=X or <X.
met() {
  [[ "$2" == - || "$1" == - ]] && { echo -; return; }
  awk -v r="$1" -v t="$2" 'BEGIN {
    op = substr(t, 1, 2); v = substr(t, 3); if (op !~ /[<>]=/) { op = substr(t, 1, 1); v = substr(t, 2) }
    r += 0; v += 0
    ok = (op == ">=") ? r >= v : (op == "<=") ? r <= v : (op == "<") ? r < v : r > v
    print ok ? "met" : "**missed**" }'
}

report() {
  echo "# morapi bench results"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); nproc: $(nproc); CPU: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo ' (src modified)'); command: \`$command_line\` ($mode: ${seconds} s x ${rounds} rounds, took ${took} s)"
  echo "- wrk -t1 -c$connections; morapi --workers=$workers; baselines with $workers processes; medians of the rounds"
  echo "- baselines: (a) nginx \`return 200\`; (b) nginx -> libfcgi responder answering morapi's bytes;"
  echo "  (c) the same responder running morapi's statements of 1945411 (bench/baseline/responder.cpp); (d) \`mariadb\` loading the rows."
  echo "  \`+gzip\` rows: morapi with \`Accept-Encoding: gzip\`, as a ratio to morapi plain on the same path."
  echo
  echo "| path | morapi req/s (or as named) | p50 ms | p99 ms | baseline | ratio | target | |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
  local label value p50 p99 base ratio target
  while IFS=$'\t' read -r label value p50 p99 base ratio target; do
    echo "| $label | $value | $p50 | $p99 | $base | $ratio | $target | $(met "$ratio" "$target") |"
  done <"$dir/rows"
  if [[ -s "$dir/pool.md" ]]; then echo; cat "$dir/pool.md"; fi
  echo
  cat "$root/bench/misses.md"
}

# chart PNG: one bar a row with a ratio and a target, the target as a marker on it.
chart() {
  # Ratio rows only (the MiB rows and the 1M/100k time ratio, ~10, are in the table); met bars green, missed ones red.
  awk -F'\t' '$6 != "-" && $7 != "-" && $7 !~ /MiB/ && $1 !~ /1M time/ {
      t = $7; sub(/^[<>]=?/, "", t); label = $1; gsub(/"/, "", label); sub(/ \([0-9]+ rows.*/, "", label)
      ok = ($7 ~ /^>/) ? $6 + 0 >= t + 0 : $6 + 0 <= t + 0
      printf "%d \"%s\" %s %s %d\n", n++, label, $6, t, ok }' "$dir/rows" >"$dir/chart.dat"
  gnuplot -e "data='$dir/chart.dat'; out='$1'; subtitle='$(date -u +%F) $(git -C "$root" rev-parse --short HEAD) $mode'" \
    "$root/bench/chart.gp"
}
