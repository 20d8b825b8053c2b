# calling_cards_create against baseline (d), sourced by bench/run.sh (needs lib.sh's functions,
# $dir, $sql, $morapi). Each side starts from a fresh database `bench` on the same MariaDB.

# The baseline's rows: the cards morapi would make (group 1: 10-digit numbers, 8-digit PINs,
# balance 5 = the group's price), unique random PINs, 1,000 rows an INSERT, one transaction.
cards_sql() {  # COUNT > FILE
  awk -v n="$1" 'BEGIN {
    srand(42); print "START TRANSACTION;";
    for (i = 0; i < n; i++) {
      do { pin = sprintf("%08d", int(rand() * 100000000)) } while (pin in used); used[pin] = 1;
      row = sprintf("(1,\x27%d\x27,\x27%s\x27,0,NULL,\x270\x27,\x27en\x27,-1,5,0)", 5000000000 + i, pin);
      if (i % 1000 == 0) printf "%sINSERT INTO cards (cardgroup_id, number, pin, owner_id, batch_number, min_balance, language, user_id, balance, sold) VALUES %s", (i ? ";\n" : ""), row;
      else printf ",%s", row;
    }
    print ";\nCOMMIT;" }'
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# cards_round COUNT: one baseline and one morapi batch; appends "seconds_d seconds_m hwm_kib
# growth_kib" to $dir/cards.COUNT. morapi is a separate 1-worker instance on database bench,
# asked directly over FastCGI; the load's morapi is stopped by then.
cards_round() {
  local n="$1" from=5000000000 till start base_s morapi_s rss_before answer
  till=$((from + n - 1))
  [[ -f "$dir/cards-$n.sql" ]] || cards_sql "$n" >"$dir/cards-$n.sql"
  fresh_database bench
  start=$(now); "${sql[@]}" bench <"$dir/cards-$n.sql"; base_s=$(since "$start")
  fresh_database bench
  start_morapi 1 bench
  rss_before=$(worker_kib VmRSS)
  local hash; hash="$(printf '1%s%ssecret' "$from" "$till" | sha1sum | cut -c1-40)"
  start=$(now)
  answer="$(env -i REQUEST_METHOD=POST QUERY_STRING="u=admin&card_group_id=1&cards_from=$from&cards_till=$till&hash=$hash" \
    DOCUMENT_URI=/billing/api/calling_cards_create REMOTE_ADDR=127.0.0.1 CONTENT_LENGTH=0 \
    cgi-fcgi -bind -connect "$dir/morapi.sock")"
  morapi_s=$(since "$start")
  local hwm; hwm=$(worker_kib VmHWM)
  stop_morapi
  grep -q "Cards created: $n/$n" <<<"$answer" || { echo "calling_cards_create $n: unexpected answer: $answer" >&2; return 1; }
  [[ "$("${sql[@]}" -N bench -e 'SELECT COUNT(DISTINCT pin) FROM cards')" == "$n" ]] ||
    { echo "calling_cards_create $n: wrong card count" >&2; return 1; }
  echo "$base_s $morapi_s $hwm $((hwm - rss_before))" >>"$dir/cards.$n"
  printf '  cards %s: baseline (d) %s s, morapi %s s, worker peak %s KiB\n' "$n" "$base_s" "$morapi_s" "$hwm" >&2
}
