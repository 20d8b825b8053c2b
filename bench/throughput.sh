#!/usr/bin/env bash
# Requests per second through nginx, against a baseline measured in the same run: the same nginx
# site config in front of a minimal libfcgi responder (the cost of nginx + FastCGI alone).
#
#   bench/throughput.sh [SECONDS] [CONNECTIONS]      (defaults 10 and 16)
#
# Measured, each with wrk for SECONDS:
#   baseline        nginx -> a libfcgi "hello" responder (as many processes as morapi workers)
#   did_create      the seed request answered "DID already exists": settings and user from the
#                   worker's cache, a provider and a DID lookup in MariaDB, an XML answer
#   health          /billing/api/_health: one round trip to MariaDB
# and prints each rate with its ratio to the baseline. wrk counts non-2xx answers apart: the
# script fails if any request did not answer 200, so it never measures errors.
# Needs build/morapi (deploy/start.sh builds it) and runs as root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/usr/sbin:/sbin"
seconds="${1:-10}"
connections="${2:-16}"
workers="$(nproc)"
morapi="$root/build/morapi"
[[ -x "$morapi" ]] || { echo "build/morapi is missing: build it first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: deploy/deps.sh installs it" >&2; exit 1; }

dir="$(mktemp -d /tmp/morapi-throughput-XXXXXX)"
chmod 755 "$dir"
pids=()
cleanup() {
  [[ -f "$dir/nginx/nginx.pid" ]] && kill "$(cat "$dir/nginx/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

# MariaDB with the demo data.
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
start_mariadb
pids+=("$db_pid")
fresh_database mor

# The baseline responder: the least a libfcgi program can do per request.
cat >"$dir/hello.c" <<'C'
#include <fcgiapp.h>
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char** argv) {
  int sock = FCGX_OpenSocket(argv[1], 1024), workers = atoi(argv[2]);
  for (int i = 1; i < workers; ++i) if (fork() == 0) break;
  FCGX_Init();
  FCGX_Request r;
  FCGX_InitRequest(&r, sock, 0);
  while (FCGX_Accept_r(&r) >= 0) {
    FCGX_FPrintF(r.out, "Status: 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\n\r\n"
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<status>ok</status>\n");
    FCGX_Finish_r(&r);
  }
  return 0;
}
C
cc -O2 -o "$dir/hello" "$dir/hello.c" -lfcgi

port=18$((RANDOM % 900 + 100))
run_wrk() {  # NAME PATH
  local out rate
  out="$(wrk -t1 -c"$connections" -d"${seconds}s" "http://127.0.0.1:$port$2")"
  if grep -q "Non-2xx" <<<"$out"; then echo "$1: some answers were not 200:" >&2; echo "$out" >&2; exit 1; fi
  rate="$(awk '/Requests\/sec/ { print $2 }' <<<"$out")"
  echo "$rate"
}
start_nginx() {  # SOCKET
  "$root/deploy/render-nginx.sh" "$dir/nginx" "127.0.0.1:$port" "$1"
  nginx -c "$dir/nginx/nginx.conf" -p "$dir/nginx"
  for _ in $(seq 100); do [[ -s "$dir/nginx/nginx.pid" ]] && break; sleep 0.05; done
}
stop_nginx() {
  kill -QUIT "$(cat "$dir/nginx/nginx.pid")"
  for _ in $(seq 100); do [[ -f "$dir/nginx/nginx.pid" ]] || break; sleep 0.05; done
}

"$dir/hello" "$dir/hello.sock" "$workers" &
pids+=($!)
sleep 0.3
chmod 666 "$dir/hello.sock"
start_nginx "$dir/hello.sock"
baseline="$(run_wrk baseline /billing/api/did_create)"
stop_nginx
pkill -f "$dir/hello" || true

"$morapi" --listen="$dir/morapi.sock" --db_socket="$dir/db.sock" --workers="$workers" \
  --log_level=warn >"$dir/morapi.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -S "$dir/morapi.sock" ]] && break; sleep 0.05; done
start_nginx "$dir/morapi.sock"
seed='/billing/api/did_create?u=admin&did=37060000003&provider_id=1&hash=bc2f114099d16656d37e45fd9e8744cb9386d462'
[[ "$(curl -s "http://127.0.0.1:$port$seed")" == *"DID already exists"* ]] || { echo "unexpected answer" >&2; exit 1; }
did_create="$(run_wrk did_create "$seed")"
health="$(run_wrk health /billing/api/_health)"
stop_nginx

ratio() { awk -v a="$1" -v b="$baseline" 'BEGIN { printf "%.2f", a / b }'; }
printf 'workers %s, wrk -t1 -c%s -d%ss\n' "$workers" "$connections" "$seconds"
printf '  baseline (nginx + libfcgi hello): %10.0f req/s\n' "$baseline"
printf '  did_create (DID already exists):  %10.0f req/s  ratio %s\n' "$did_create" "$(ratio "$did_create")"
printf '  _health (one database query):     %10.0f req/s  ratio %s\n' "$health" "$(ratio "$health")"
