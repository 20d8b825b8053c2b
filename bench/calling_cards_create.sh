#!/usr/bin/env bash
# calling_cards_create against its baseline (issue 3): 100,000 cards in one request, compared
# with MariaDB loading the same 100,000 rows (same table, same unique keys, same starting state,
# one transaction) as 1,000-row multi-row INSERTs from the `mariadb` client, in the same run.
#
#   bench/calling_cards_create.sh [CARDS] [ROUNDS]     (defaults 100000 and 3)
#
# Each round starts both sides from a fresh database (sql/schema.sql + sql/demo.sql) on one
# private MariaDB, alternating baseline and morapi; the medians and their ratio are printed.
# Needs build/morapi (deploy/start.sh or cmake builds it) and runs as root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/usr/sbin:/sbin"
cards="${1:-100000}"
rounds="${2:-3}"
morapi="$root/build/morapi"
[[ -x "$morapi" ]] || { echo "build/morapi is missing: build it first" >&2; exit 1; }

dir="$(mktemp -d /tmp/morapi-bench-XXXXXX)"
db_pid=""
morapi_pid=""
cleanup() {
  [[ -n "$morapi_pid" ]] && kill "$morapi_pid" 2>/dev/null && wait "$morapi_pid" 2>/dev/null
  [[ -n "$db_pid" ]] && kill "$db_pid" 2>/dev/null && wait "$db_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

start_mariadb

# The baseline's rows: the cards morapi would make (group 1: 10-digit numbers, 8-digit PINs,
# balance 5 = the group's price),
# unique random PINs, 1,000 rows an INSERT, one transaction.
awk -v n="$cards" 'BEGIN {
  srand(42); print "START TRANSACTION;";
  for (i = 0; i < n; i++) {
    do { pin = sprintf("%08d", int(rand() * 100000000)) } while (pin in used); used[pin] = 1;
    row = sprintf("(1,\x27%d\x27,\x27%s\x27,0,NULL,\x270\x27,\x27en\x27,-1,5,0)", 5000000000 + i, pin);
    if (i % 1000 == 0) printf "%sINSERT INTO cards (cardgroup_id, number, pin, owner_id, batch_number, min_balance, language, user_id, balance, sold) VALUES %s", (i ? ";\n" : ""), row;
    else printf ",%s", row;
  }
  print ";\nCOMMIT;" }' >"$dir/baseline.sql"

from=5000000000
till=$((from + cards - 1))
hash="$(printf '1%s%ssecret' "$from" "$till" | sha1sum | cut -c1-40)"
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

baseline_times=()
morapi_times=()
for round in $(seq "$rounds"); do
  fresh_database bench
  start=$(now)
  "${sql[@]}" bench <"$dir/baseline.sql"
  baseline_times+=("$(elapsed "$start")")

  fresh_database bench
  "$morapi" --listen="$dir/morapi.sock" --db_socket="$dir/db.sock" --db_name=bench --workers=1 \
    --log_level=warn >>"$dir/morapi.log" 2>&1 &
  morapi_pid=$!
  for _ in $(seq 100); do [[ -S "$dir/morapi.sock" ]] && break; sleep 0.05; done
  start=$(now)
  answer="$(env -i REQUEST_METHOD=POST QUERY_STRING="u=admin&card_group_id=1&cards_from=$from&cards_till=$till&hash=$hash" \
    DOCUMENT_URI=/billing/api/calling_cards_create REMOTE_ADDR=127.0.0.1 CONTENT_LENGTH=0 \
    cgi-fcgi -bind -connect "$dir/morapi.sock")"
  morapi_times+=("$(elapsed "$start")")
  # The worker's peak memory: it must not grow with the batch (cards go in chunk by chunk).
  worker="$(pgrep -P "$morapi_pid" | head -1)"
  peak_kib="$(awk '/VmHWM/ { print $2 }' "/proc/$worker/status" 2>/dev/null || echo '?')"
  kill "$morapi_pid"; wait "$morapi_pid" 2>/dev/null || true; morapi_pid=""
  grep -q "Cards created: $cards/$cards" <<<"$answer" || { echo "unexpected answer: $answer" >&2; exit 1; }
  [[ "$("${sql[@]}" -N bench -e 'SELECT COUNT(DISTINCT pin) FROM cards')" == "$cards" ]] || { echo "wrong card count" >&2; exit 1; }
  printf 'round %s: baseline %.3f s, morapi %.3f s (worker peak RSS %s KiB)\n' "$round" \
    "${baseline_times[-1]}" "${morapi_times[-1]}" "$peak_kib"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
b=$(median "${baseline_times[@]}")
m=$(median "${morapi_times[@]}")
awk -v b="$b" -v m="$m" 'BEGIN { printf "median: baseline %.3f s, morapi %.3f s, ratio %.2f (target <= 1.30)\n", b, m, m / b }'
