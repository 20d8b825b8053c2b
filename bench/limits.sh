#!/usr/bin/env bash
# What the abuse limits (issue 13, src/auth/limits.hpp) cost an honest request, and what a flood
# of failures does to honest traffic now that held answers do not hold a worker.
#
#   bench/limits.sh [--quick] [--out DIR]     (results in DIR/limits.md, default bench/)
#
# Three series of the honest did_create "DID already exists" (u=admin, a valid hash, one database
# round trip), through the shipped nginx site, 2 workers, 16 connections, in interleaved rounds
# (off, on, attacked; then the reverse order), medians:
#   off       the limits off: --failure_delay_max_ms=0, no lockout
#   on        the default delay and a lockout (--lockout_after=30): the lockout's lookup is the
#             only part of the limits an honest request runs
#   attacked  as `on`, while a second wrk floods wrong hashes (u=nobody) from the same address on
#             32 more connections: every attacker answer past the 30th failure a minute is held
#             (up to 2 s) by a worker that goes on serving (`Incorrect hash`, then `Too many failed
#             attempts` once the pair is locked out: held as well)
# Needs root, wrk, nginx, mariadb (deploy/deps.sh), and build/morapi.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/usr/sbin:/sbin"
seconds=5 rounds=7 out="$root/bench"
while (($#)); do
  case "$1" in
    --quick) seconds=2 rounds=2 ;;
    --out) out="$2"; shift ;;
    *) echo "usage: bench/limits.sh [--quick] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
workers=2 connections=16
morapi="$root/build/morapi"
[[ -x "$morapi" ]] || { echo "build/morapi is missing (deploy/start.sh builds it)" >&2; exit 1; }
mkdir -p "$out"
dir="$(mktemp -d /tmp/morapi-limits-XXXXXX)"
chmod 755 "$dir"
db_pid="" morapi_pid=""
cleanup() {
  stop_nginx morapi-nginx; stop_morapi
  [[ -n "$db_pid" ]] && kill "$db_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"

start_mariadb
fresh_database mor
port=18$((RANDOM % 900 + 100))
sign() { printf '%s' "$1" | sha1sum | cut -c1-40; }
echo "/billing/api/did_create?u=admin&did=37060000003&provider_id=1&hash=$(sign 1secret)" >"$dir/honest"
echo "/billing/api/did_create?u=nobody&did=1&provider_id=1&hash=$(sign wrong)" >"$dir/attack"

run_series() {  # SERIES: one round of it, its numbers appended to $dir/s.SERIES
  local attacker=""
  case "$1" in
    off) morapi_options=(--failure_delay_max_ms=0 --lockout_after=0) ;;
    *) morapi_options=(--lockout_after=30) ;;
  esac
  start_morapi "$workers"
  [[ -s "$dir/morapi-nginx/nginx.pid" ]] || start_nginx morapi-nginx "$port" "$dir/morapi.sock"
  if [[ $1 == attacked ]]; then
    (seconds=$((seconds + 2)) connections=32 wrk_run "$dir/attack.out" "$port" "$dir/attack" 200 '<error>') &
    attacker=$!
    sleep 1  # past the first 30 failures: from here on every attacker answer is held
  fi
  wrk_run "$dir/honest.out" "$port" "$dir/honest" 200 'DID already exists'
  [[ -n $attacker ]] && { wait "$attacker"; echo "$(field "$dir/attack.out" rps)" >>"$dir/s.attacker"; }
  echo "$(field "$dir/honest.out" rps) $(field "$dir/honest.out" p50) $(field "$dir/honest.out" p99)" >>"$dir/s.$1"
  stop_morapi
}

series=(off on attacked)
for round in $(seq "$rounds"); do
  order=("${series[@]}")
  ((round % 2 == 0)) && order=(attacked on off)
  for s in "${order[@]}"; do run_series "$s"; done
  echo "  round $round done" >&2
done
col() { awk -v c="$2" '{ print $c }' "$dir/s.$1"; }
med() { median $(col "$1" "$2"); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
{
  echo "# Abuse limits: what an honest request pays"
  echo
  echo "\`bench/limits.sh\` ($rounds rounds x ${seconds} s a series, interleaved, medians; $workers workers,"
  echo "$connections connections, $(nproc) cores, $(date -u +%Y-%m-%d), $(git -C "$root" rev-parse --short HEAD))."
  echo
  echo "| honest did_create (DID already exists) | req/s | rounds' range req/s | p50 ms | p99 ms | vs off |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  for s in off on attacked; do
    echo "| $s | $(med "$s" 1) | $(col "$s" 1 | sort -g | head -1)–$(col "$s" 1 | sort -g | tail -1) | $(med "$s" 2) | $(med "$s" 3) | $(ratio "$(med "$s" 1)" "$(med off 1)") |"
  done
  echo
  echo "The attacker's 32 connections got $(median $(cat "$dir/s.attacker")) answers a second (each held"
  echo "up to 2 s once past the limit; without holding, they would have been answered at once)."
} >"$out/limits.md"
cat "$out/limits.md"
