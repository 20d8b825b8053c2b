# Shared by the bench/ scripts (sourced): a private MariaDB in a directory, and the demo
# database. Expects $root (the checkout) and $dir (a temporary directory).

# start_mariadb: installs and starts a private server on $dir/db.sock; sets db_pid and sql.
# A 1 GiB buffer pool, as a production server sized for its data has: with the default 128 MiB the
# 1,000,000-card batch (either side) outgrows it and slows down past linear.
start_mariadb() {
  mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
    --skip-test-db --user=root >/dev/null 2>&1
  mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/db.sock" --skip-networking \
    --user=root --pid-file="$dir/db.pid" --innodb-buffer-pool-size=1G >"$dir/db.log" 2>&1 &
  db_pid=$!
  sql=(mariadb --socket="$dir/db.sock" -uroot)
  for _ in $(seq 300); do "${sql[@]}" -e 'SELECT 1' >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "MariaDB did not start: $(tail -5 "$dir/db.log")" >&2
  return 1
}

# fresh_database NAME: NAME recreated from sql/schema.sql and sql/demo.sql.
fresh_database() {
  "${sql[@]}" -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1 CHARACTER SET utf8mb4"
  "${sql[@]}" "$1" <"$root/sql/schema.sql"
  "${sql[@]}" "$1" <"$root/sql/demo.sql"
}

morapi_options=()

# --- bench/run.sh's pieces ------------------------------------------------------------------
# scalar SQL: one value from database mor.
scalar() { "${sql[@]}" -N mor -e "$1"; }

# median NUMBERS...: the middle one (the lower of the two middle ones for an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# start_morapi WORKERS [DB_NAME]: morapi on $dir/morapi.sock; returns once every worker is
# forked and one answers; sets morapi_pid. More options in the array morapi_options, if set.
start_morapi() {
  rm -f "$dir/morapi.sock"
  local options=("${morapi_options[@]}")
  "$morapi" --listen="$dir/morapi.sock" --db_socket="$dir/db.sock" --db_name="${2:-mor}" \
    --workers="$1" --log_level=warn "${options[@]}" >>"$dir/morapi.log" 2>&1 &
  morapi_pid=$!
  for _ in $(seq 200); do
    [[ -S "$dir/morapi.sock" && "$(pgrep -c -P "$morapi_pid")" == "$1" ]] && return 0
    sleep 0.05
  done
  echo "morapi with $1 workers did not start: $(tail -3 "$dir/morapi.log")" >&2
  return 1
}
stop_morapi() { [[ -n "${morapi_pid:-}" ]] && kill "$morapi_pid" 2>/dev/null && wait "$morapi_pid" 2>/dev/null; morapi_pid=""; return 0; }

# A worker's memory in KiB (FIELD: VmRSS or VmHWM), of morapi's first worker.
worker_kib() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$(pgrep -P "$morapi_pid" | head -1)/status"; }

# start_baseline fixed FILE | db: the naive responder (bench/baseline) on $dir/base.sock.
start_baseline() {
  stop_baseline
  rm -f "$dir/base.sock"
  if [[ "$1" == fixed ]]; then "$dir/responder" "$dir/base.sock" "$workers" fixed "$2" &
  else "$dir/responder" "$dir/base.sock" "$workers" db "$dir/db.sock" mor & fi
  base_pid=$!
  for _ in $(seq 100); do [[ -S "$dir/base.sock" ]] && return 0; sleep 0.05; done
  echo "the baseline responder did not start" >&2; return 1
}
# The responder's processes are its children (forked after the socket opened): all of them.
stop_baseline() {
  [[ -n "${base_pid:-}" ]] || return 0
  pkill -P "$base_pid" 2>/dev/null; kill "$base_pid" 2>/dev/null; wait "$base_pid" 2>/dev/null
  base_pid=""
  return 0
}

# start_nginx NAME PORT SOCKET: the shipped site config rendered into $dir/NAME, plus the
# return-200 location of baseline (a); nginx daemonizes, its pid file is $dir/NAME/nginx.pid.
start_nginx() {
  "$root/deploy/render-nginx.sh" "$dir/$1" "127.0.0.1:$2" "$3"
  # Inserted before the site's first location, so it is inside the server block.
  sed -i '0,/^\(\s*\)location /s||\1location = /bench/return200 {\n\1    default_type "text/xml; charset=utf-8";\n\1    return 200 "<?xml version=\\"1.0\\" encoding=\\"UTF-8\\"?>\\n<status>ok</status>\\n";\n\1}\n&|' \
    "$dir/$1/morapi-site.conf"
  nginx -c "$dir/$1/nginx.conf" -p "$dir/$1"
  for _ in $(seq 100); do [[ -s "$dir/$1/nginx.pid" ]] && return 0; sleep 0.05; done
  echo "nginx $1 did not start" >&2; return 1
}
stop_nginx() { [[ -s "$dir/$1/nginx.pid" ]] && kill -QUIT "$(cat "$dir/$1/nginx.pid")" 2>/dev/null; return 0; }

# wrk_run OUT PORT PATHS STATUS EXPECT [gzip]: one wrk run of $seconds seconds, RESULT into OUT.
wrk_run() {
  local headers=()
  [[ "${6:-}" == gzip ]] && headers=(-H 'Accept-Encoding: gzip')
  timeout $((seconds + 30)) wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s "${headers[@]}" \
    -s "$root/bench/paths.lua" "http://127.0.0.1:$2" -- "$3" "$4" "$5" "${6:-}" >"$1" 2>&1 ||
    { echo "wrk failed: $(cat "$1")" >&2; return 1; }
  if grep -q '^BAD' "$1" || [[ "$(field "$1" bad)" != 0 || "$(field "$1" errors)" != 0 ]]; then
    echo "unexpected answers ($3, port $2):" >&2; cat "$1" >&2; return 1
  fi
}
field() { sed -n "s/.*RESULT.* $2=\([^ ]*\).*/\1/p" "$1"; }  # FILE NAME
