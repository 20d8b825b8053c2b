#!/usr/bin/env bash
# Runs one fuzz target for a bounded time (ctest label `fuzz`) over a copy of its seed corpus.
# usage: run_fuzzer.sh BINARY SEED_CORPUS WORK_DIR ARTIFACT_DIR
# MORAPI_FUZZ_SECONDS (default 20) sets the time; a crash, a leak, a timeout (a single input
# over 10 s) or more than 2 GB of memory fails the test and leaves the input in ARTIFACT_DIR.
set -euo pipefail
binary="$1" seeds="$2" work="$3" artifacts="$4"
seconds="${MORAPI_FUZZ_SECONDS:-20}"
rm -rf "$work"
mkdir -p "$work" "$artifacts"
if [[ -d "$seeds" ]]; then cp -r "$seeds/." "$work/"; fi
name="$(basename "$binary")"
exec "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$artifacts/$name-" "$work"
