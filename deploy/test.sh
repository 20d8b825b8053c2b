#!/usr/bin/env bash
# Builds morapi and its tests into build-test/ (RelWithDebInfo) and runs them with ctest. This is
# the README's test command and what CI runs (.ci/run). Run as root: the integration tests start
# their own private MariaDB and nginx, each in a temporary directory.
# The exit status is ctest's, and ctest's own summary is the last thing printed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"   # mariadbd and nginx live in /usr/sbin

"$root/deploy/deps.sh"
cmake -S "$root" -B "$root/build-test" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$root/build-test" -j2
exec ctest --test-dir "$root/build-test" --output-on-failure -j2 --timeout 1200
