#!/usr/bin/env bash
# Builds the Debian package from the tree (issue 12): deploy/package.sh [OUT_DIR]
# The tree's tracked files are copied to a temporary directory and built there with
# `dpkg-buildpackage -us -uc -b`, so the checkout stays clean; the .deb lands in OUT_DIR
# (default: build/package). Needs debhelper (deploy/deps.sh installs it). Prints the .deb's path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/build/package}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d /tmp/morapi-package-XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/morapi"
# Tracked files (and new ones not yet committed), not the build directories.
(cd "$root" && git ls-files -z --cached --others --exclude-standard) |
  (cd "$root" && xargs -0 cp --parents -t "$work/morapi")
(cd "$work/morapi" && dpkg-buildpackage -us -uc -b -j"$(nproc)" >"$work/build.log" 2>&1) || {
  tail -40 "$work/build.log" >&2
  echo "package: dpkg-buildpackage failed" >&2
  exit 1
}
deb="$(ls "$work"/morapi_*_amd64.deb)"
cp "$deb" "$out/"
echo "$out/$(basename "$deb")"
