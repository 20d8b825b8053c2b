#!/usr/bin/env bash
# The `package` test (issue 12): deploy/package.sh builds the .deb; it is installed into this
# machine with dpkg -i, its files, user, conffile, `morapi --check`, the unit (systemd-analyze
# verify and security, offline: no systemd as PID 1 here) and the unit's ExecStart line, started
# by hand against a private MariaDB with a fake NOTIFY_SOCKET, are checked; then it is purged,
# also when a check fails. Refuses to run where a morapi package is installed already.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$(mktemp -d /tmp/morapi-package-test-XXXXXX)"
failures=0 checks=0
check() {  # DESCRIPTION COMMAND...: one check, counted
  checks=$((checks + 1))
  if "${@:2}"; then echo "ok: $1"; else echo "FAILED: $1"; failures=$((failures + 1)); fi
}
installed() { [[ "$(dpkg-query -W -f='${db:Status-Status}' morapi 2>/dev/null)" == installed ]]; }
if installed; then
  echo "package test: a morapi package is installed on this machine; not touching it" >&2
  exit 1
fi
pids=()
cleanup() {
  cp "$dir/install.log" /tmp/morapi-install.log 2>/dev/null; cp "$dir/morapi.log" /tmp/morapi-pkg-morapi.log 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  dpkg --purge morapi >"$dir/purge.log" 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT

deb="$("$root/deploy/package.sh" "$dir/out")" || { echo "FAILED: the package builds"; exit 1; }
echo "built $deb"
check "the package is named morapi_VERSION_amd64.deb" \
  grep -Eq '/morapi_[0-9]+\.[0-9]+\.[0-9]+_amd64\.deb$' <<<"$deb"
dpkg -i "$deb" >"$dir/install.log" 2>&1
check "dpkg -i installs it (postinst does not fail on the shipped config)" installed
check "the postinst says what is missing" \
  grep -q "cannot read db_password_file /etc/morapi/db_password" "$dir/install.log"

for file in /usr/sbin/morapi /lib/systemd/system/morapi.service /usr/lib/sysusers.d/morapi.conf \
  /usr/share/morapi/nginx/morapi.conf /usr/share/morapi/sql/schema.sql \
  /usr/share/morapi/sql/demo.sql /usr/share/morapi/sql/upgrade.sql \
  /usr/share/man/man8/morapi.8.gz; do
  check "installs $file" test -s "$file"
done
check "the system user morapi exists, without a shell" \
  bash -c '[[ "$(getent passwd morapi | cut -d: -f7)" == /usr/sbin/nologin ]]'
check "/etc/morapi/morapi.conf is root:morapi 0640" \
  bash -c '[[ "$(stat -c "%U:%G %a" /etc/morapi/morapi.conf)" == "root:morapi 640" ]]'
check "/etc/morapi/morapi.conf is a conffile" \
  bash -c 'dpkg-query -W -f="\${Conffiles}" morapi | grep -q "/etc/morapi/morapi.conf "'
check "the nginx site is not enabled by the package" \
  bash -c '! dpkg -L morapi | grep -Eq "^/etc/nginx"'
check "the binary is hardened (PIE, RELRO, bind now)" \
  bash -c 'readelf -h /usr/sbin/morapi | grep -q "DYN" && readelf -d /usr/sbin/morapi | grep -q "BIND_NOW\|FLAGS.*NOW"'

/usr/sbin/morapi --check --config=/etc/morapi/morapi.conf >"$dir/check.out" 2>&1
check_status=$?
check "morapi --check on the shipped config exits 1" test "$check_status" = 1
check "and names the missing password file on one line" \
  grep -qx "morapi: config: cannot read db_password_file /etc/morapi/db_password" "$dir/check.out"

unit=/lib/systemd/system/morapi.service
check "systemd-analyze verify accepts the unit" \
  bash -c "systemd-analyze verify $unit >$dir/verify.log 2>&1"
systemd-analyze security --offline=true "$unit" >"$dir/security.log" 2>&1
score="$(sed -n 's/.*Overall exposure level for morapi.service: \([0-9.]*\).*/\1/p' "$dir/security.log")"
echo "systemd-analyze security: exposure ${score:-?} (0 best, 10 worst)"
check "its exposure is at most 2.0 (systemd says OK)" \
  awk -v s="${score:-99}" 'BEGIN { exit !(s <= 2.0) }'

# The unit's ExecStart, started by hand, with a database and a socket of this test's own.
export root dir
source "$root/bench/lib.sh"
start_mariadb >/dev/null && pids+=("$db_pid")
fresh_database mor >/dev/null
# The account the shipped config names, with the grants the README gives it; its password
# handed over as systemd's LoadCredential= does.
"${sql[@]}" -e "CREATE USER morapi@localhost IDENTIFIED BY 'pw-of-morapi';
  GRANT SELECT, INSERT, UPDATE ON mor.* TO morapi@localhost;
  GRANT DELETE ON mor.morapi_requests TO morapi@localhost;
  GRANT DELETE ON mor.morapi_nonces TO morapi@localhost"
mkdir -m 0700 "$dir/credentials" && echo pw-of-morapi >"$dir/credentials/db_password"
exec_start="$(sed -n 's/^ExecStart=//p' "$unit")"
python3 - "$dir/notify.sock" "$dir/notify.log" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a") as log:
    while True:
        log.write(s.recv(4096).decode() + "\n---\n")
        log.flush()
PY
pids+=("$!")
for _ in $(seq 50); do [[ -S "$dir/notify.sock" ]] && break; sleep 0.1; done
# Options win over the file: this test's socket and database server.
NOTIFY_SOCKET="$dir/notify.sock" CREDENTIALS_DIRECTORY="$dir/credentials" $exec_start \
  --listen="$dir/morapi.sock" --listen_group= --db_socket="$dir/db.sock" --workers=2 \
  >"$dir/morapi.log" 2>&1 &
morapi_pid=$!
pids+=("$morapi_pid")
for _ in $(seq 100); do grep -q READY=1 "$dir/notify.log" 2>/dev/null && break; sleep 0.1; done
check "the unit's ExecStart sends READY=1 with its pid to NOTIFY_SOCKET" \
  grep -q "MAINPID=$morapi_pid" "$dir/notify.log"
fcgi_get() {
  env -i REQUEST_METHOD=GET DOCUMENT_URI="$1" QUERY_STRING= REMOTE_ADDR=127.0.0.1 \
    cgi-fcgi -bind -connect "$dir/morapi.sock"
}
check "it answers _health, connected as morapi with the credential's password" bash -c "$(declare -f fcgi_get); fcgi_get /billing/api/_health | grep -q '<database>ok</database>'"
fcgi_get /billing/api/_health >/dev/null
check "and _metrics counts the _health requests" \
  bash -c "$(declare -f fcgi_get); fcgi_get /billing/api/_metrics | grep -qx 'morapi_requests_total{method=\"_health\",status=\"200\"} 2'"
kill -TERM "$morapi_pid"
for _ in $(seq 100); do kill -0 "$morapi_pid" 2>/dev/null || break; sleep 0.1; done
check "a stop sends STOPPING=1" grep -q STOPPING=1 "$dir/notify.log"

dpkg --purge morapi >"$dir/purge.log" 2>&1
check "dpkg --purge removes it and its configuration" \
  bash -c '[[ ! -e /usr/sbin/morapi && ! -e /etc/morapi ]]'
echo "$((checks - failures)) passed, $failures failed"
[[ $failures == 0 ]]
