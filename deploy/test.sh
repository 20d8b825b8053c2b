#!/usr/bin/env bash
# The README's test command and what CI runs (.ci/run). Run as root: the integration tests start
# their own private MariaDB and nginx, each in a temporary directory. Two builds, two runs:
#   gcc:  build-test/ (gcc, RelWithDebInfo), the whole suite;
#   asan: build-asan/ (clang, MORAPI_SANITIZE + MORAPI_FUZZ: ASan, UBSan, libFuzzer), the labels
#         in MORAPI_ASAN_LABELS (default unit, fuzz, hostile, authz). Every sanitizer report, of a
#         test or of a morapi worker it started, goes to build-asan/sanitizer-reports/, and any
#         report fails the run.
# MORAPI_TEST_RUNS=gcc or =asan runs one of them (default both). MORAPI_ASAN_LABELS is a ctest
# label regex: '^(unit|integration)$' runs the integration tests under ASan too.
# The last line is `N passed, N failed` over both runs; the exit status is non-zero if any test
# failed, any sanitizer report was written or a build failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"   # mariadbd and nginx live in /usr/sbin
runs="${MORAPI_TEST_RUNS:-gcc asan}"
asan_labels="${MORAPI_ASAN_LABELS:-^(unit|fuzz|hostile|authz)$}"

"$root/deploy/deps.sh" || exit 1

passed=0 failed=0
summary=()

# Adds ctest's "N% tests passed, F tests failed out of T" of log $2 to the totals as run $1.
count() {
  local name="$1" log="$2" line total fails
  line="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)"
  if [[ -z "$line" ]]; then
    if grep -q 'No tests were found' "$log"; then
      summary+=("$name: no tests"); return
    fi
    failed=$((failed + 1)); summary+=("$name: ctest printed no summary (counted as 1 failed)")
    return
  fi
  total="$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")"
  fails="$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")"
  passed=$((passed + total - fails)); failed=$((failed + fails))
  summary+=("$name: $((total - fails)) passed, $fails failed")
}

# $1 name, $2 build dir, $3 compiler, then cmake's configure arguments. The compiler is given
# only to a new build dir: naming it again, even the same one, can make cmake drop the cache.
build() {
  local name="$1" dir="$2" compiler="$3"
  shift 3
  [[ -f "$dir/CMakeCache.txt" ]] || set -- "$@" -DCMAKE_CXX_COMPILER="$compiler"
  if cmake -S "$root" -B "$dir" "$@" && cmake --build "$dir" -j2; then return 0; fi
  failed=$((failed + 1)); summary+=("$name: the build failed (counted as 1 failed)")
  return 1
}

if [[ " $runs " == *" gcc "* ]]; then
  started=$SECONDS
  if build gcc "$root/build-test" g++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMORAPI_SANITIZE=OFF \
      -DMORAPI_FUZZ=OFF; then
    ctest --test-dir "$root/build-test" --output-on-failure -j2 --timeout 1200 \
      | tee "$root/build-test/ctest.log"
    count gcc "$root/build-test/ctest.log"
  fi
  summary[-1]+=" ($((SECONDS - started)) s)"
fi

if [[ " $runs " == *" asan "* ]]; then
  started=$SECONDS
  asan="$root/build-asan"
  if build asan "$asan" clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMORAPI_SANITIZE=ON \
      -DMORAPI_FUZZ=ON; then
    reports="$asan/sanitizer-reports"
    rm -rf "$reports" && mkdir -p "$reports"
    # In the environment, so every process a test starts (morapi's master and workers) inherits
    # them; each process writes its report to <prefix>.<pid>.
    export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:abort_on_error=1"
    export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"
    export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
    ctest --test-dir "$asan" --output-on-failure -j2 --timeout 1200 -L "$asan_labels" \
      | tee "$asan/ctest.log"
    unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
    count asan "$asan/ctest.log"
    mapfile -t found < <(find "$reports" -type f | sort)
    if [[ ${#found[@]} -gt 0 ]]; then
      for report in "${found[@]}"; do
        echo "==== sanitizer report $report"
        head -60 "$report"
      done
      failed=$((failed + ${#found[@]}))
      summary[-1]+="; ${#found[@]} sanitizer report(s) in $reports (each counted as 1 failed)"
    fi
  fi
  summary[-1]+=" ($((SECONDS - started)) s)"
fi

echo
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
