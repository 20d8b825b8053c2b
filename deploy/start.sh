#!/usr/bin/env bash
# Starts the morapi demo on this machine (as root), from anywhere:
#
#   deploy/start.sh [--reset]
#
# Installs missing Debian packages (deploy/deps.sh), builds build/morapi (Release), and runs, all
# state kept in .demo/ in the checkout (git-ignored):
#   a private MariaDB   datadir .demo/mariadb/, socket .demo/mariadb.sock (root, no password),
#                       database `mor` created from sql/schema.sql + sql/demo.sql when it is new
#   morapi              .demo/morapi.conf, socket .demo/morapi.sock, log .demo/morapi.log
#   nginx               .demo/nginx/ (rendered by deploy/render-nginx.sh), http://127.0.0.1:8080
#
# Safe to run again: what runs keeps running (MariaDB), morapi restarts with the fresh build,
# nginx reloads. --reset drops the `mor` database and recreates it from sql/ first.
# The port can be changed with MORAPI_DEMO_PORT (default 8080). Stop everything: deploy/stop.sh.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reset=0
for arg in "$@"; do
  case "$arg" in
    --reset) reset=1 ;;
    -h | --help)
      sed -n '2,16s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) die "unknown argument '$arg' (usage: deploy/start.sh [--reset])" ;;
  esac
done
[[ $EUID -eq 0 ]] || die "run as root (the private MariaDB and nginx run as root)"

port="${MORAPI_DEMO_PORT:-8080}"
[[ "$port" =~ ^[0-9]+$ ]] || die "MORAPI_DEMO_PORT must be a port number, got '$port'"
listen="127.0.0.1:$port"
base_url="http://$listen"
datadir="$DEMO/mariadb"
db_socket="$DEMO/mariadb.sock"
morapi_socket="$DEMO/morapi.sock"
morapi_conf="$DEMO/morapi.conf"
mysql=(mariadb --no-defaults --socket="$db_socket" -uroot)

lock_demo

# --- 1. Packages and build ---------------------------------------------------------------------
say "checking packages (deploy/deps.sh)"
"$ROOT/deploy/deps.sh"

say "building $ROOT/build/morapi (Release)"
cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=Release >"$DEMO/cmake-configure.log" 2>&1 ||
  { show_log "$DEMO/cmake-configure.log"; die "cmake configure failed (full log: $DEMO/cmake-configure.log)"; }
cmake --build "$ROOT/build" -j2 --target morapi
[[ -x "$ROOT/build/morapi" ]] || die "the build did not produce $ROOT/build/morapi"

# --- 2. MariaDB ------------------------------------------------------------------------------
if [[ ! -d "$datadir/mysql" ]]; then
  # No system tables: a new datadir (or one whose creation was interrupted: start it over).
  say "creating a MariaDB data directory in $datadir"
  rm -rf "$datadir"
  mariadb-install-db --no-defaults --datadir="$datadir" --auth-root-authentication-method=normal \
    --skip-test-db --user=root >"$DEMO/mariadb-install.log" 2>&1 9>&- ||
    { show_log "$DEMO/mariadb-install.log"; die "mariadb-install-db failed"; }
fi

if running_pid "$MARIADB_PIDFILE" "$MARIADB_MARKER" >/dev/null; then
  say "MariaDB is already running (socket $db_socket)"
else
  say "starting MariaDB (socket $db_socket)"
  rm -f "$MARIADB_PIDFILE" "$db_socket"
  setsid mariadbd --no-defaults --datadir="$datadir" --socket="$db_socket" --skip-networking \
    --user=root --pid-file="$MARIADB_PIDFILE" --log-error="$DEMO/mariadb.log" \
    </dev/null >>"$DEMO/mariadb.log" 2>&1 9>&- &
  wait_started $! "$DEMO/mariadb.log" mariadbd 60 "${mysql[@]}" -e 'SELECT 1'
fi

# morapi is restarted below anyway; stop it now so that a --reset does not wait on its
# connections and it never sees a half-loaded database.
stop_morapi

if ((reset)); then
  say "--reset: dropping database mor"
  "${mysql[@]}" -e 'DROP DATABASE IF EXISTS mor'
fi
exists="$("${mysql[@]}" -N -e "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'mor'")"
if [[ "$exists" == 0 ]]; then
  say "creating database mor from sql/schema.sql and sql/demo.sql"
  "${mysql[@]}" -e 'CREATE DATABASE mor CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci'
  if ! "${mysql[@]}" mor <"$ROOT/sql/schema.sql" || ! "${mysql[@]}" mor <"$ROOT/sql/demo.sql"; then
    "${mysql[@]}" -e 'DROP DATABASE IF EXISTS mor' || true
    die "loading sql/ failed (the half-loaded database was dropped)"
  fi
else
  # A demo made by an older checkout gets what this one needs (sql/upgrade.sql adds only what
  # is missing and changes no data), as an operator's MOR database would.
  say "database mor exists: bringing it up to date with sql/upgrade.sql" \
    "(deploy/start.sh --reset recreates it with the demo data)"
  "${mysql[@]}" mor <"$ROOT/sql/upgrade.sql" >/dev/null || die "sql/upgrade.sql failed on mor"
fi

# --- 3. morapi -------------------------------------------------------------------------------
cat >"$morapi_conf" <<EOF
# Written by deploy/start.sh (rewritten on every start). Keys: deploy/morapi.conf.example.
listen = $morapi_socket
db_socket = $db_socket
db_user = root
db_name = mor
log_level = info
pid_file = $MORAPI_PIDFILE
EOF

# The socket file is left for morapi to judge: it replaces a stale one and refuses to start on a
# socket that another process still answers on. It writes its pid file once it listens.
say "starting morapi (socket $morapi_socket, log $DEMO/morapi.log)"
rm -f "$MORAPI_PIDFILE"
printf '=== deploy/start.sh %s ===\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" >>"$DEMO/morapi.log"
setsid "$ROOT/build/morapi" --config="$morapi_conf" </dev/null >>"$DEMO/morapi.log" 2>&1 9>&- &
wait_started $! "$DEMO/morapi.log" morapi 15 test -s "$MORAPI_PIDFILE"

# --- 4. nginx --------------------------------------------------------------------------------
"$ROOT/deploy/render-nginx.sh" "$DEMO/nginx" "$listen" "$morapi_socket"
nginx_cmd=(nginx -c "$DEMO/nginx/nginx.conf" -p "$DEMO/nginx")
if running_pid "$NGINX_PIDFILE" "$NGINX_MARKER" >/dev/null; then
  say "reloading nginx ($base_url)"
  output="$("${nginx_cmd[@]}" -s reload 2>&1 9>&-)" || { echo "$output" >&2; die "nginx reload failed"; }
else
  say "starting nginx ($base_url)"
  rm -f "$NGINX_PIDFILE"
  "${nginx_cmd[@]}" 9>&- || { show_log "$DEMO/nginx/error.log"; die "nginx did not start (is port $port in use?)"; }
  for ((i = 0; i < 50; i++)); do
    [[ -s "$NGINX_PIDFILE" ]] && break
    sleep 0.1
  done
fi

# --- 5. Check, and tell how to use it ----------------------------------------------------------
status=000
for ((i = 0; i < 50; i++)); do
  status="$(curl -s -o /dev/null -w '%{http_code}' "$base_url/billing/api/_health" || true)"
  [[ "$status" == 200 ]] && break
  sleep 0.2
done
if [[ "$status" != 200 ]]; then
  show_log "$DEMO/morapi.log"
  die "$base_url/billing/api/_health answers HTTP $status, not 200 (morapi log: $DEMO/morapi.log)"
fi

cat <<EOF

morapi demo is running at $base_url (health check: 200).

  Try (the did_create request of the seed page, as admin):
    curl -s '$base_url/billing/api/did_create?u=admin&did=123456789&provider_id=1&hash=bc2f114099d16656d37e45fd9e8744cb9386d462'
  A second call answers "DID already exists"; deploy/start.sh --reset restores the demo data.

  Database: mariadb --socket=$db_socket -uroot mor
  Logs:     morapi   $DEMO/morapi.log
            nginx    $DEMO/nginx/access.log (p, hash and pin redacted), $DEMO/nginx/error.log
            MariaDB  $DEMO/mariadb.log
  Stop:     $ROOT/deploy/stop.sh
EOF
