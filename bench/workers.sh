#!/usr/bin/env bash
# The worker pool size (issue 8, item 4): 2, 4, 8 and 16 workers, through nginx with the shipped
# site config, on the demo data in a private MariaDB, interleaved in rounds (2,4,8,16,2,4,...) so
# that the machine's drift and the other load on it touch every size alike.
#
#   bench/workers.sh [SECONDS] [ROUNDS]        (defaults 10 and 5)
#
# Environment (optional): WORKER_COUNTS ("2 4 8 16"), CONNECTIONS for the mixed load (32), CARDS
# (1000), HOT and COLD clients of the held-row load (4 and 16), MORAPI_OPTS (more morapi options,
# e.g. "--lock_wait_timeout=2", the same for every size).
#
# Measured for each size in each round, each with wrk for SECONDS:
#   mixed     CONNECTIONS clients; of every 4 requests 2 cc_by_cli top-ups of one of CARDS cards
#             (created first, one caller ID each), 1 did_create answered "DID already exists",
#             1 _health. Requests per second, latency median and p99.
#   held row  another session holds one card's row (START TRANSACTION; SELECT ... FOR UPDATE)
#             while HOT clients keep topping up that card (from a second before, so that their
#             requests already wait in workers) and COLD clients top up the other cards: the
#             unrelated top-ups' rate and latency (median, p99, max); 0 req/s is a starved pool.
# Prints every round, then the medians per size and the median of each round's ratio to 2
# workers, as a markdown table, and one worker's memory (private/RSS/its MariaDB session). Fails when any answer is not
# the expected one, or when the top-ups answered and the payments rows disagree.
# Takes about 26 s per size and round (10 and 5: ~9 minutes). Needs build/morapi (deploy/start.sh
# builds it), wrk, curl, and runs as root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/usr/sbin:/sbin"
seconds="${1:-10}"
rounds="${2:-5}"
read -r -a counts <<<"${WORKER_COUNTS:-2 4 8 16}"
connections="${CONNECTIONS:-32}"
cards="${CARDS:-1000}"
hot="${HOT:-4}"
cold="${COLD:-16}"
read -r -a morapi_opts <<<"${MORAPI_OPTS:-}"
morapi="$root/build/morapi"
[[ -x "$morapi" ]] || { echo "build/morapi is missing: build it first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: deploy/deps.sh installs it" >&2; exit 1; }

dir="$(mktemp -d /tmp/morapi-workers-XXXXXX)"
chmod 755 "$dir"
db_pid=""
morapi_pid=""
holder_pid=""
cleanup() {
  [[ -n "$holder_pid" ]] && kill "$holder_pid" 2>/dev/null
  [[ -f "$dir/nginx/nginx.pid" ]] && kill "$(cat "$dir/nginx/nginx.pid")" 2>/dev/null
  [[ -n "$morapi_pid" ]] && kill "$morapi_pid" 2>/dev/null
  [[ -n "$db_pid" ]] && kill "$db_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
start_mariadb
fresh_database mor
scalar() { "${sql[@]}" -N mor -e "$1"; }

port=18$((RANDOM % 900 + 100))
base="http://127.0.0.1:$port"
"$root/deploy/render-nginx.sh" "$dir/nginx" "127.0.0.1:$port" "$dir/morapi.sock"
nginx -c "$dir/nginx/nginx.conf" -p "$dir/nginx"
for _ in $(seq 100); do [[ -s "$dir/nginx/nginx.pid" ]] && break; sleep 0.05; done

start_morapi() {  # WORKERS: returns once every worker answers _health
  rm -f "$dir/morapi.sock"
  "$morapi" --listen="$dir/morapi.sock" --db_socket="$dir/db.sock" --db_name=mor --workers="$1" \
    --log_level=warn "${morapi_opts[@]}" >>"$dir/morapi.log" 2>&1 &
  morapi_pid=$!
  for _ in $(seq 200); do
    [[ -S "$dir/morapi.sock" && "$(pgrep -c -P "$morapi_pid")" == "$1" ]] &&
      curl -sf -m 2 "$base/billing/api/_health" >/dev/null && return 0
    sleep 0.05
  done
  echo "morapi with $1 workers did not start: $(tail -3 "$dir/morapi.log")" >&2
  return 1
}
stop_morapi() {  # SIGTERM: in-flight requests finish (the master kills after 60 s)
  kill "$morapi_pid"
  wait "$morapi_pid" 2>/dev/null || true
  morapi_pid=""
}
# What one more worker costs, in KiB: one worker's private memory (pages no other process
# shares), its resident size (shared library and copy-on-write pages of the master included),
# and the memory MariaDB holds for one worker's connection (the average of morapi's sessions).
worker_memory() {
  local worker
  worker="$(pgrep -P "$morapi_pid" | head -1)"
  printf '%s/%s/%s' "$(awk '/^Private_(Clean|Dirty):/ { kib += $2 } END { print kib }' "/proc/$worker/smaps_rollup")" \
    "$(awk '/^VmRSS:/ { print $2 }' "/proc/$worker/status")" \
    "$(scalar "SELECT ROUND(AVG(memory_used) / 1024) FROM information_schema.processlist
               WHERE user = 'root' AND id <> CONNECTION_ID()")"
}

# The cards: one caller ID each, made by cc_by_cli itself (a new sold card in group 1 for a
# caller ID found nowhere), so that every top-up afterwards takes the card branch.
cli_of() { echo $((37061000000 + $1)); }
sign() { printf '%s' "$1" | sha1sum | cut -c1-40; }
start_morapi 4
for i in $(seq "$cards"); do
  cli="$(cli_of "$i")"
  echo "url = \"$base/billing/api/cc_by_cli?u=admin&p=admin1&callerid=$cli&amount=1&cardgroup_id=1&hash=$(sign "1${cli}1secret")\""
  echo "output = /dev/null"
done >"$dir/create.curl"
curl -s --no-progress-meter --parallel --parallel-max 8 -K "$dir/create.curl" >/dev/null
did='/billing/api/did_create?u=admin&did=37060000003&provider_id=1&hash=bc2f114099d16656d37e45fd9e8744cb9386d462'
[[ "$(curl -s "$base$did")" == *"DID already exists"* ]] || { echo "unexpected did_create answer" >&2; exit 1; }
stop_morapi
[[ "$(scalar "SELECT COUNT(*) FROM cards WHERE callerid BETWEEN '$(cli_of 1)' AND '$(cli_of "$cards")'")" == "$cards" ]] ||
  { echo "the $cards cards were not all created" >&2; exit 1; }

topup() { local cli; cli="$(cli_of "$1")"; echo "/billing/api/cc_by_cli?u=admin&p=admin1&callerid=$cli&amount=1&hash=$(sign "1${cli}secret")"; }
for i in $(seq "$cards"); do topup "$i"; done >"$dir/mixed.paths"
echo "$did" >>"$dir/mixed.paths"
echo '/billing/api/_health' >>"$dir/mixed.paths"
hot_cli="$(cli_of 1)"
topup 1 >"$dir/hot.paths"
for i in $(seq 2 "$cards"); do topup "$i"; done >"$dir/cold.paths"

run_wrk() {  # OUT CLIENTS PATHS MODE [SECONDS]: one RESULT line into OUT
  local duration="${5:-$seconds}"
  timeout $((duration + 60)) wrk -t1 -c"$2" -d"${duration}s" --timeout 120s -s "$root/bench/workers.lua" \
    "$base" -- "$3" "$4" >"$1" 2>&1 || { echo "wrk failed: $(cat "$1")" >&2; return 1; }
}
field() { sed -n "s/.*RESULT.* $2=\([^ ]*\).*/\1/p" "$1"; }  # FILE NAME

# The row holder: a transaction with the hot card's row locked, then a bounded sleep; killed
# (rolled back) once the measurement is over.
hold_row() {
  "${sql[@]}" mor -e "START TRANSACTION; SELECT id FROM cards WHERE callerid = '$hot_cli' FOR UPDATE;
    SELECT 'morapi-bench-holder', SLEEP($((seconds + 62))); ROLLBACK;" >/dev/null 2>&1 &
  holder_pid=$!
  for _ in $(seq 100); do
    [[ -n "$(holder_id)" ]] && return 0
    sleep 0.05
  done
  echo "the row holder did not start" >&2
  return 1
}
holder_id() { scalar "SELECT id FROM information_schema.processlist WHERE info LIKE 'SELECT \\'morapi-bench-holder%'"; }
release_row() {
  scalar "KILL $(holder_id)"
  wait "$holder_pid" 2>/dev/null || true
  holder_pid=""
}

results="$dir/results"
: >"$results"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  for n in "${counts[@]}"; do
    start_morapi "$n"
    payments_before="$(scalar "SELECT COUNT(*) FROM payments")"
    run_wrk "$dir/mixed.out" "$connections" "$dir/mixed.paths" mixed
    memory="$(worker_memory)"
    hold_row
    # The held card's clients first, so that their requests already wait in workers when the
    # measured clients start (and are still waiting when those stop).
    run_wrk "$dir/hot.out" "$hot" "$dir/hot.paths" topup $((seconds + 2)) &
    hot_wrk=$!
    sleep 1
    run_wrk "$dir/cold.out" "$cold" "$dir/cold.paths" topup
    wait "$hot_wrk"
    release_row
    stop_morapi
    for out in mixed cold; do
      if grep -q '^BAD' "$dir/$out.out" || [[ "$(field "$dir/$out.out" errors)" != 0 ]]; then
        echo "round $round, $n workers, $out: unexpected answers:" >&2; cat "$dir/$out.out" >&2; exit 1
      fi
    done
    # Every top-up answered is a payments row; at most one a client more was applied after wrk
    # stopped waiting (mixed), or is still applied after the held row is released (hot, cold).
    topups="$(field "$dir/mixed.out" topups)"
    payments="$(($(scalar "SELECT COUNT(*) FROM payments") - payments_before))"
    cold_topups="$(field "$dir/cold.out" topups)"
    hot_topups="$(field "$dir/hot.out" topups)"
    applied=$((topups + cold_topups + hot_topups))
    if ((payments < applied || payments > applied + connections + hot + cold)); then
      echo "round $round, $n workers: $applied top-ups answered but $payments payments rows" >&2; exit 1
    fi
    printf '%s %s %s %s %s %s %s %s %s %s\n' "$round" "$n" "$(field "$dir/mixed.out" rps)" \
      "$(field "$dir/mixed.out" p50)" "$(field "$dir/mixed.out" p99)" "$(field "$dir/cold.out" rps)" \
      "$(field "$dir/cold.out" p50)" "$(field "$dir/cold.out" p99)" "$(field "$dir/cold.out" max)" \
      "$memory" >>"$results"
    printf 'round %s, %2s workers: mixed %7s req/s p50 %6s ms p99 %6s ms | row held: unrelated %7s req/s p50 %6s ms p99 %6s ms max %6s ms, hot answered %s | worker private/RSS/db session %s KiB, load %s\n' \
      "$round" "$n" "$(field "$dir/mixed.out" rps)" "$(field "$dir/mixed.out" p50)" \
      "$(field "$dir/mixed.out" p99)" "$(field "$dir/cold.out" rps)" "$(field "$dir/cold.out" p50)" \
      "$(field "$dir/cold.out" p99)" "$(field "$dir/cold.out" max)" "$hot_topups" "$memory" \
      "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

awk -v first="${counts[0]}" -v seconds="$seconds" -v rounds="$rounds" -v conn="$connections" \
  -v cards="$cards" -v hot="$hot" -v cold="$cold" -f "$root/bench/workers_table.awk" "$results"
