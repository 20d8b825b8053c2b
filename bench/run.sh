#!/usr/bin/env bash
# The single bench command (issue 11): every measured path against its baseline, in one run.
#
#   bench/run.sh [--quick] [--out DIR]
#
#   --quick   1 s x 2 rounds a path, cards 10k and 100k once (under 2 minutes)
#             default (full): 5 s x 5 rounds, cards 10k/100k x 3 and 1M once, the worker-count table
#   --out DIR where results.md and results.png go (default bench/; use another one for trial runs)
#   env SECONDS_PER_RUN, ROUNDS, WORKERS (2), CONNECTIONS (16) override the defaults.
#
# Everything runs in a temporary directory and is stopped on exit: a private MariaDB with the demo
# data (bench/lib.sh), morapi (build/morapi), the baselines of bench/baseline/ (compiled here), and
# two nginx instances from the shipped site config (deploy/render-nginx.sh), one in front of morapi
# and one in front of the baseline, so that the rounds alternate without restarts. Each path runs
# its series in interleaved rounds (morapi, baseline, morapi+gzip; then the reverse order), so that
# drift and other load touch all alike; medians are reported. Any unexpected answer (status or
# body, checked per answer by bench/paths.lua) or a row count that disagrees with the successes
# fails the run. Needs root, wrk, nginx, mariadb, cgi-fcgi, g++, libfcgi-dev,
# libmysqlcppconn-dev, gnuplot, python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/usr/sbin:/sbin"
command_line="bench/run.sh $*"
mode=full out="$root/bench"
while (($#)); do
  case "$1" in
    --quick) mode=quick ;;
    --out) out="$2"; shift ;;
    *) echo "usage: bench/run.sh [--quick] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
if [[ $mode == quick ]]; then seconds=1 rounds=2 card_counts=(10000 100000) card_rounds=1
else seconds=5 rounds=5 card_counts=(10000 100000 1000000) card_rounds=3; fi
seconds="${SECONDS_PER_RUN:-$seconds}" rounds="${ROUNDS:-$rounds}"
workers="${WORKERS:-2}" connections="${CONNECTIONS:-16}"
morapi="$root/build/morapi"
[[ -x "$morapi" ]] || { echo "build/morapi is missing: deploy/start.sh or 'cmake --build build --target morapi' builds it" >&2; exit 1; }
for tool in wrk nginx mariadbd cgi-fcgi g++ gnuplot python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (deploy/deps.sh installs the tools)" >&2; exit 1; }
done
mkdir -p "$out"
began=$(date +%s)

dir="$(mktemp -d /tmp/morapi-bench-XXXXXX)"
chmod 755 "$dir"
db_pid="" morapi_pid="" base_pid=""
cleanup() {
  stop_nginx morapi-nginx; stop_nginx base-nginx
  stop_baseline; stop_morapi
  [[ -n "$db_pid" ]] && kill "$db_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
# shellcheck source=bench/cards.sh
source "$root/bench/cards.sh"

g++ -std=c++20 -O2 -o "$dir/responder" "$root/bench/baseline/responder.cpp" -lfcgi -lmysqlcppconn
start_mariadb
fresh_database mor
# The cards, straight in SQL (seconds instead of 20,000 requests): the top-up cards with caller IDs
# 37061000001.., and the PIN rings (bench/urls.py) with caller IDs 37062000000.. and PINs
# 20000000... Group 1 (the admin's), balance 5 as calling_cards_create would give them.
topup_cards=20000 rings=64 ring_size=64
scalar "INSERT INTO cards (cardgroup_id, number, pin, owner_id, balance, sold, callerid)
  SELECT 1, 6000000000 + seq, 10000000 + seq, 0, 5, 1, 37061000000 + seq FROM seq_1_to_$topup_cards;
  INSERT INTO cards (cardgroup_id, number, pin, owner_id, balance, sold, callerid)
  SELECT 1, 7000000000 + seq, 20000000 + seq, 0, 5, 1, 37062000000 + seq FROM seq_0_to_$((rings * ring_size - 1))"
reset_rings() { scalar "UPDATE cards SET balance = 5 WHERE callerid BETWEEN '37062000000' AND '$((37062000000 + rings * ring_size - 1))'"; }

port_m=18$((RANDOM % 450 + 100)) port_b=18$((RANDOM % 450 + 550))
# The wrong-hash path measures the hash check against its baseline, not the abuse limits (which
# would hold its answers back after 30 a minute): they have their own bench, bench/limits.sh.
morapi_options=(--failure_delay_max_ms=0)
start_morapi "$workers"
start_nginx morapi-nginx "$port_m" "$dir/morapi.sock"
start_nginx base-nginx "$port_b" "$dir/base.sock"

# The request paths (files, one path a line) and baseline (b)'s answers: morapi's own bytes.
u="$dir/urls" && mkdir -p "$u"
sign() { printf '%s' "$1" | sha1sum | cut -c1-40; }
echo /billing/api/no_such_method >"$u/unknown"
echo "/billing/api/did_create?u=admin&did=37060000003&provider_id=1&hash=$(sign 1wrong)" >"$u/wrong_hash"
echo "/billing/api/did_create?u=admin&did=37060000003&provider_id=1&hash=$(sign 1secret)" >"$u/did_exists"
echo /billing/api/_health >"$u/health"
python3 "$root/bench/urls.py" topup 37061000001 "$topup_cards" >"$u/topup"
head -1 "$u/topup" >"$u/topup_hot"
python3 "$root/bench/urls.py" pin 37062000000 "$rings" "$ring_size" 20000000 >"$u/pin_move"
echo /bench/return200 >"$u/return200"
capture() {  # NAME: morapi's whole CGI answer for the path, for the fixed responder
  local path; path="$(cat "$u/$1")"
  env -i REQUEST_METHOD=GET DOCUMENT_URI="${path%%\?*}" QUERY_STRING="$([[ $path == *\?* ]] && echo "${path#*\?}")" \
    REQUEST_URI="$path" REMOTE_ADDR=127.0.0.1 cgi-fcgi -bind -connect "$dir/morapi.sock" >"$dir/$1.answer"
}
capture unknown; capture wrong_hash
did_next=37070000000  # fresh DIDs: every run gets its own range
urls_for() {  # NAME: sets urls_file, the file of paths for this run
  urls_file="$u/$1"
  if [[ $1 == did_fresh ]]; then
    python3 "$root/bench/urls.py" did "$did_next" $((seconds * 12000 + 1000)) >"$u/did_fresh"
    did_next=$((did_next + seconds * 12000 + 1000))
  fi
}

# path NAME STATUS EXPECT BASELINE TARGET TABLE PER LABEL: the rounds of one path. TABLE/PER: the
# rows a success adds (checked against the successes counted, each run; '' 0: none).
rows="$dir/rows"  # one line a result row, tab-separated: label value p50 p99 baseline ratio target
: >"$rows"
row() { local IFS=$'\t'; echo "$*" >>"$rows"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
run_one() {  # SERIES NAME STATUS EXPECT TABLE PER: one wrk run, its numbers appended to $dir/s.SERIES
  local series="$1" name="$2" status="$3" expect="$4" port=$port_m gz="" before after good
  [[ $series == base ]] && port=$port_b
  [[ $series == gzip ]] && gz=gzip
  [[ $series == nginx ]] && { port=$port_b name=return200 status=200 expect='<status>ok</status>'; }
  [[ $name == pin_move ]] && reset_rings
  [[ -n "$5" ]] && before=$(scalar "SELECT COUNT(*) FROM $5")
  urls_for "$name"
  wrk_run "$dir/wrk.out" "$port" "$urls_file" "$status" "$expect" $gz
  good=$(field "$dir/wrk.out" good)
  if [[ -n "$5" ]]; then
    sleep 0.3  # requests in flight when wrk stopped finish
    after=$(scalar "SELECT COUNT(*) FROM $5")
    if (((after - before) < good * $6 || (after - before) > (good + connections) * $6)); then
      echo "$name ($series): $good successes but $((after - before)) rows added to $5" >&2; exit 1
    fi
  fi
  echo "$(field "$dir/wrk.out" rps) $(field "$dir/wrk.out" p50) $(field "$dir/wrk.out" p99)" >>"$dir/s.$series"
}
col() { awk -v c="$2" '{ print $c }' "$dir/s.$1"; }  # SERIES COLUMN
med() { median $(col "$1" "$2"); }
path() {
  local name="$1" status="$2" expect="$3" kind="$4" target="$5" table="$6" per="$7"
  local series=(morapi base gzip) round label="$8"
  [[ $name == unknown ]] && series+=(nginx)  # baseline (a), measured beside the cheapest path
  rm -f "$dir"/s.*
  if [[ $kind == db ]]; then start_baseline db; else start_baseline fixed "$dir/$name.answer"; fi
  # A path that changes nothing: the baseline must answer the very same status, headers, body.
  if [[ -z $table ]]; then
    local one; one="$(head -1 "$u/$name")"
    diff <(curl -si "http://127.0.0.1:$port_m$one" | grep -vi '^date:') \
      <(curl -si "http://127.0.0.1:$port_b$one" | grep -vi '^date:') >&2 ||
      { echo "$name: the baseline's answer differs from morapi's" >&2; exit 1; }
  fi
  for round in $(seq "$rounds"); do
    local order=("${series[@]}")
    ((round % 2 == 0)) && order=($(printf '%s\n' "${series[@]}" | tac))
    for s in "${order[@]}"; do run_one "$s" "$name" "$status" "$expect" "$table" "$per"; done
  done
  stop_baseline
  local m b g
  m=$(med morapi 1) b=$(med base 1) g=$(med gzip 1)
  row "$label" "$m" "$(med morapi 2)" "$(med morapi 3)" "$b" "$(ratio "$m" "$b")" "$target"
  row "$label, gzip (vs plain)" "$g" "$(med gzip 2)" "$(med gzip 3)" "$m" "$(ratio "$g" "$m")" '>=0.90'
  [[ -f "$dir/s.nginx" ]] && row "(a) nginx return 200" "$(med nginx 1)" "$(med nginx 2)" "$(med nginx 3)" - - -
  echo "  $name: morapi $m req/s, baseline $b req/s, gzip $g req/s ($(( $(date +%s) - began )) s)" >&2
}

rss_idle=$(worker_kib VmRSS)
path unknown 404 'There is no such API' fixed '>=0.95' '' 0 'unknown method (404) vs (b)'
path wrong_hash 200 'Incorrect hash' fixed '>=0.95' '' 0 'did_create wrong hash vs (b)'
path did_exists 200 'DID already exists' db '>=1.2' '' 0 'did_create DID already exists vs (c)'
path health 200 '<database>ok</database>' db '>=1.0' '' 0 '_health vs (c)'
path did_fresh 200 'DID created' db '>=1.0' dids 1 'did_create fresh DIDs vs (c)'
path topup 200 '<status>ok</status>' db '>=1.0' payments 1 "cc_by_cli top-up, $topup_cards cards vs (c)"
path topup_hot 200 '<status>ok</status>' db '>=1.0' payments 1 'cc_by_cli top-up, one hot card vs (c)'
path pin_move 200 '<status>ok</status>' db '>=1.0' payments 2 'cc_by_cli PIN move vs (c)'
rss_load=$(worker_kib VmRSS)
stop_morapi

# calling_cards_create: rounds of every size, interleaved.
# 1M once only (about 2 x 70 s here): three rounds of it would take the full run past 20 minutes.
for round in $(seq "$card_rounds"); do
  for n in "${card_counts[@]}"; do ((n < 1000000 || round == 1)) && cards_round "$n"; done
done
for n in "${card_counts[@]}"; do
  d=$(median $(awk '{ print $1 }' "$dir/cards.$n")) m=$(median $(awk '{ print $2 }' "$dir/cards.$n"))
  hwm=$(median $(awk '{ print $3 }' "$dir/cards.$n")) growth=$(median $(awk '{ print $4 }' "$dir/cards.$n"))
  target='-'; ((n >= 100000)) && target='<=1.0'
  row "calling_cards_create $n vs (d) ($(awk -v n="$n" -v m="$m" 'BEGIN { printf "%.0f", n / m }') rows/s, worker peak $(mib "$hwm") MiB)" \
    "$m s" - - "$d s" "$(ratio "$m" "$d")" "$target"
  echo "$n $m $growth" >>"$dir/cards.medians"
done
if [[ " ${card_counts[*]} " == *" 1000000 "* ]]; then
  t100=$(awk '$1 == 100000 { print $2 }' "$dir/cards.medians") t1m=$(awk '$1 == 1000000 { print $2 }' "$dir/cards.medians")
  row "calling_cards_create 1M time / 100k time" "$t1m s" - - "$t100 s" "$(ratio "$t1m" "$t100")" '<=10.5' 
fi
big=$(tail -1 "$dir/cards.medians")
row "worker VmRSS idle (MiB)" "$(mib "$rss_idle")" - - - "$(mib "$rss_idle")" '<=16 MiB'
row "worker VmRSS after the load (MiB)" "$(mib "$rss_load")" - - - "$(mib "$rss_load")" '<=16 MiB'
row "worker RSS growth during ${big%% *} cards (MiB)" "$(mib "${big##* }")" - - - "$(mib "${big##* }")" '<64 MiB' 

# Full mode: the worker pool sizes on did_create and cc_by_cli, rounds interleaved across sizes.
if [[ $mode == full ]]; then
  source "$root/bench/pool.sh"
  pool_table >"$dir/pool.md"
fi
stop_nginx morapi-nginx; stop_nginx base-nginx
took=$(( $(date +%s) - began ))
source "$root/bench/report.sh"
report >"$out/results.md"
cat "$out/results.md"
chart "$out/results.png"
echo "took ${took} s; results in $out/results.md and $out/results.png" >&2
