#!/usr/bin/env bash
# Renders a complete, private nginx configuration around nginx/morapi.conf (for the demo and the
# tests; production uses nginx/morapi.conf directly, see the top of that file).
#
#   deploy/render-nginx.sh OUTDIR LISTEN MORAPI_SOCKET [LEGACY]
#
#   OUTDIR         directory to write into (created; absolute or relative)
#   LISTEN         nginx's listen address, e.g. 127.0.0.1:8080
#   MORAPI_SOCKET  morapi's unix socket path (or host:port of a morapi listening on TCP); several
#                  morapi hosts separated by commas, e.g. 192.0.2.2:9000,192.0.2.6:9000
#   LEGACY         optional host:port of the legacy MOR application: turns on the fall-through
#                  (the methods morapi serves go to morapi, every other /billing/ path to MOR)
#
# Writes OUTDIR/nginx.conf (main config) and OUTDIR/morapi-site.conf (nginx/morapi.conf with the
# upstream server, the listen address and the log paths rewritten; the legacy fall-through stays
# commented out), then checks them with `nginx -t`. Prints nothing on success; exits non-zero with
# nginx's message on failure.
#
# Run the rendered nginx (as root):
#   start:   nginx -c OUTDIR/nginx.conf -p OUTDIR
#            It daemonizes; when the command returns, the listening socket is already bound and
#            answers. The master writes OUTDIR/nginx.pid a moment later: poll for it.
#   reload:  nginx -c OUTDIR/nginx.conf -p OUTDIR -s reload
#   stop:    kill -QUIT "$(cat OUTDIR/nginx.pid)"   (graceful; -TERM for fast), then wait until
#            that pid is gone.
# Logs: OUTDIR/access.log (p, hash and pin redacted), OUTDIR/error.log.
set -euo pipefail

usage() {
  echo "usage: $0 OUTDIR LISTEN MORAPI_SOCKET   (e.g. $0 /tmp/x/nginx 127.0.0.1:8080 /tmp/x/morapi.sock)" >&2
  exit 2
}
[[ $# -eq 3 || $# -eq 4 ]] || usage

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
site_template="$here/../nginx/morapi.conf"
out="$1"
listen="$2"
socket="$3"
legacy="${4:-}"   # host:port of the legacy MOR application: turns the fall-through on

# These values go into nginx's config unquoted and into sed replacements: refuse anything that
# could break either.
bad_chars='[[:space:];"'"'"'{}#|\\&$]'
for value in "$out" "$listen" "$socket" ${legacy:+"$legacy"}; do
  if [[ -z "$value" || "$value" =~ $bad_chars ]]; then
    echo "render-nginx: unsupported character (whitespace ; \" ' { } # | \\ & \$) in '$value'" >&2
    exit 2
  fi
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# One `server` line per morapi host. With more than one, each gets the passive checks the
# shipped config's comment shows (nginx from Debian has no active health checks).
IFS=, read -ra morapi_hosts <<<"$socket"
checks=""
[[ ${#morapi_hosts[@]} -gt 1 ]] && checks=" max_fails=3 fail_timeout=10s"
upstream_server=""
for host in "${morapi_hosts[@]}"; do
  case "$host" in
    unix:*) line="server $host$checks;" ;;
    /*) line="server unix:$host$checks;" ;;
    *:*) line="server $host$checks;" ;;   # host:port
    *) line="server unix:$(pwd)/$host$checks;" ;;
  esac
  upstream_server+="${upstream_server:+ }$line"
done

if ! command -v nginx >/dev/null; then
  echo "render-nginx: nginx is not installed (run deploy/deps.sh)" >&2
  exit 1
fi

# --- The site: nginx/morapi.conf with its host-specific lines replaced. ------------------------
sed -e "s|^\(\s*\)server unix:/run/morapi/morapi\.sock;|\1$upstream_server|" \
    -e "s|^\(\s*\)listen 80 default_server;|\1listen $listen default_server;|" \
    -e "s|/var/log/nginx/morapi-access\.log|$out/access.log|" \
    -e "s|/var/log/nginx/morapi-error\.log|$out/error.log|" \
    -e "s|^\(\s*\)include fastcgi_params;|\1include /etc/nginx/fastcgi_params;|" \
    "$site_template" >"$out/morapi-site.conf.new"

# The legacy fall-through, as the comment in nginx/morapi.conf tells an operator to turn it on:
# comment out the marked /billing/api/ location, uncomment the "#~ " lines, point the upstream.
if [[ -n "$legacy" ]]; then
  awk -v legacy="$legacy" '
    /# >>> without the legacy fall-through/ { block = "without"; print; next }
    /# <<< without the legacy fall-through/ { block = ""; print; next }
    /# >>> legacy fall-through/ { block = "legacy"; print; next }
    /# <<< legacy fall-through/ { block = ""; print; next }
    block == "without" { print "# " $0; next }
    block == "legacy" {
      sub(/#~ ?/, "")
      sub(/server 127\.0\.0\.1:8081;/, "server " legacy ";")
      print; next
    }
    { print }' "$out/morapi-site.conf.new" >"$out/morapi-site.conf.legacy"
  mv "$out/morapi-site.conf.legacy" "$out/morapi-site.conf.new"
  grep -qF "server $legacy;" "$out/morapi-site.conf.new" || {
    echo "render-nginx: nginx/morapi.conf has no legacy_mor upstream to point at $legacy" >&2
    exit 1
  }
fi

# Each rewrite must have happened: fail loudly if nginx/morapi.conf changed under us.
for expected in "$upstream_server" "listen $listen default_server;" \
                "access_log $out/access.log morapi;" "error_log $out/error.log" \
                "include /etc/nginx/fastcgi_params;"; do
  if ! grep -qF -- "$expected" "$out/morapi-site.conf.new"; then
    echo "render-nginx: nginx/morapi.conf no longer has the line rewritten to '$expected'" >&2
    exit 1
  fi
done
mv "$out/morapi-site.conf.new" "$out/morapi-site.conf"

# --- The main config. ----------------------------------------------------------------------------
mkdir -p "$out/tmp"
cat >"$out/nginx.conf.new" <<EOF
# Generated by deploy/render-nginx.sh: a private nginx in front of morapi. Do not edit; re-render.
#   start:  nginx -c $out/nginx.conf -p $out
#   reload: nginx -c $out/nginx.conf -p $out -s reload
#   stop:   kill -QUIT \$(cat $out/nginx.pid)

# Workers run as root: the demo's and the tests' morapi sockets live in directories (a checkout
# under /root, a private temporary directory) that the default nginx user (www-data) may not
# traverse. Production nginx runs as www-data and reaches /run/morapi/ through the socket's group.
user root;
worker_processes auto;
# Daemonize: the start command returns once the listening socket is bound; stop via the pid file.
daemon on;
pid $out/nginx.pid;
error_log $out/error.log;

events {
    worker_connections 1024;
}

http {
    default_type application/octet-stream;
    # The site's server sets its own (redacting) access log; nothing else logs requests.
    access_log off;

    client_body_temp_path $out/tmp/client_body;
    proxy_temp_path       $out/tmp/proxy;
    fastcgi_temp_path     $out/tmp/fastcgi;
    uwsgi_temp_path       $out/tmp/uwsgi;
    scgi_temp_path        $out/tmp/scgi;

    include $out/morapi-site.conf;
}
EOF
mv "$out/nginx.conf.new" "$out/nginx.conf"

if ! check="$(nginx -t -c "$out/nginx.conf" -p "$out/" 2>&1)"; then
  echo "render-nginx: nginx -t failed for $out/nginx.conf:" >&2
  echo "$check" >&2
  exit 1
fi
# `nginx -t` leaves an empty pid file behind when none existed; remove it, so that "the pid file
# exists" keeps meaning "this nginx is running".
if [[ -f "$out/nginx.pid" && ! -s "$out/nginx.pid" ]]; then
  rm -f "$out/nginx.pid"
fi
