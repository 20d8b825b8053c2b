# Shared by deploy/start.sh and deploy/stop.sh (sourced, not run).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEMO="$ROOT/.demo"
# mariadbd, mariadb-install-db and nginx live in /usr/sbin, which a non-login PATH may lack.
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Prints the last lines of a log file to stderr (to explain a failure).
show_log() {
  local file="$1"
  [[ -s "$file" ]] || return 0
  printf -- '--- last lines of %s ---\n' "$file" >&2
  tail -n 20 "$file" >&2
  printf -- '---\n' >&2
}

# is_gone PID: true when the process does not exist or is a zombie (exited, not yet reaped).
is_gone() {
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 0
  [[ -z "$state" || "$state" == Z || "$state" == X ]]
}

# running_pid PIDFILE MARKER: prints the pid from PIDFILE when that process is alive and its
# command line contains MARKER (so a stale pid file whose pid was reused by some other process is
# never acted upon); fails otherwise.
running_pid() {
  local pidfile="$1" marker="$2" pid
  [[ -s "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" ]] || return 1
  is_gone "$pid" && return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker" || return 1
  echo "$pid"
}

# stop_process NAME PIDFILE MARKER SIGNAL TIMEOUT: sends SIGNAL and waits up to TIMEOUT seconds
# for the process to exit, then SIGKILL. Succeeds quietly when it is not running.
stop_process() {
  local name="$1" pidfile="$2" marker="$3" signal="$4" timeout="$5" pid i
  if ! pid="$(running_pid "$pidfile" "$marker")"; then
    rm -f "$pidfile"
    return 0
  fi
  say "stopping $name (pid $pid)"
  kill -s "$signal" "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    is_gone "$pid" && break
    sleep 0.1
  done
  if ! is_gone "$pid"; then
    warn "$name (pid $pid) did not exit within ${timeout}s; killing it"
    kill -s KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      is_gone "$pid" && break
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
}

# The demo's processes: pid files and the marker each one's command line contains.
MARIADB_PIDFILE="$DEMO/mariadb.pid"
MARIADB_MARKER="--datadir=$DEMO/mariadb"
MORAPI_PIDFILE="$DEMO/morapi.pid"
MORAPI_MARKER="--config=$DEMO/morapi.conf"
NGINX_PIDFILE="$DEMO/nginx/nginx.pid"
NGINX_MARKER="$DEMO/nginx/nginx.conf"

stop_nginx() { stop_process nginx "$NGINX_PIDFILE" "$NGINX_MARKER" QUIT 30; }
# morapi's master lets in-flight requests finish for up to 60 s before it kills its workers.
stop_morapi() { stop_process morapi "$MORAPI_PIDFILE" "$MORAPI_MARKER" TERM 75; }
stop_mariadb() { stop_process mariadbd "$MARIADB_PIDFILE" "$MARIADB_MARKER" TERM 120; }

# Serializes start.sh and stop.sh runs on this checkout.
lock_demo() {
  mkdir -p "$DEMO"
  exec 9>"$DEMO/.lock"
  if ! flock -n 9; then
    say "waiting for another start.sh/stop.sh on this checkout to finish"
    flock 9
  fi
}

# wait_started PID LOG NAME SECONDS COMMAND...: polls COMMAND until it succeeds; dies with the
# log's tail if the process PID exits first or SECONDS pass.
wait_started() {
  local pid="$1" log="$2" name="$3" seconds="$4"
  shift 4
  local i
  for ((i = 0; ; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      show_log "$log"
      die "$name exited during startup (log: $log)"
    fi
    ((i < seconds * 10)) || { show_log "$log"; die "$name not ready after $seconds s"; }
    sleep 0.1
  done
}
