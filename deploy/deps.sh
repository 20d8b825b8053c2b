#!/usr/bin/env bash
# Installs the Debian 12 packages morapi needs to build, run and test, if any is missing.
# Instant when everything is installed (checks with dpkg-query; apt-get runs only otherwise).
#
# Installing mariadb-server (or nginx) on a fresh machine lets its postinst start the system
# service. That is harmless: the demo and the tests run their own private mariadbd and nginx
# (their own sockets, data directories and ports) and never use the system ones.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config clang-format
  libfcgi-dev libmysqlcppconn-dev libssl-dev libxml2-dev nlohmann-json3-dev zlib1g-dev
  # test
  libboost-test-dev libfcgi-bin curl wrk
  # the sanitizer and fuzz build of deploy/test.sh (build-asan): clang with libFuzzer and the
  # ASan/UBSan runtimes
  clang libclang-rt-14-dev
  # run (demo and tests)
  mariadb-server mariadb-client nginx
  # the `hosts` and `galera` tests (issue 10): network namespaces, a three-node Galera cluster
  # with mariabackup state transfer
  iproute2 galera-4 mariadb-backup socat
  # bench/run.sh (issue 11): the chart, and profiles
  gnuplot-nox linux-perf
  # sd_notify (Type=notify) and the Debian package with its test (issue 12; python3 is its fake
  # NOTIFY_SOCKET, and bench/urls.py)
  libsystemd-dev debhelper dpkg-dev fakeroot systemd python3
  # the reference signers' tests (issue 13: clients/php, clients/python)
  php-cli
)

missing=()
for package in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)"
  [[ "$status" == installed ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "deps: installing ${missing[*]}"
sudo=()
if [[ $EUID -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    echo "deps: missing packages (${missing[*]}) and not root: run this script as root" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
echo "deps: done"
