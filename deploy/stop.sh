#!/usr/bin/env bash
# Stops what deploy/start.sh started: nginx, morapi, then MariaDB (each through its pid file in
# .demo/, waiting until it has exited). Quietly succeeds for whatever is not running. The data in
# .demo/ stays; `rm -rf .demo` after this removes all of it.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -d "$DEMO" ]] || exit 0
lock_demo
stop_nginx
stop_morapi
stop_mariadb
