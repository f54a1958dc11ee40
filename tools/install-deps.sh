#!/usr/bin/env bash
# Installs every Debian package that building, running and testing Faktura needs.
# Idempotent: packages already present are skipped without touching the network.
#   --ha  also the highly available deployment's stack (deploy/ha: etcd, Patroni, HAProxy), which
#         tools/test.sh needs for the failover test; none of its services is started by the install.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git clang-format
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libboost-context1.81-dev  # The request fibers (src/runtime).
  valgrind  # bench/http/callgrind.sh: instruction counts per request.
  libsqlite3-dev sqlite3 libpq-dev libcurl4-openssl-dev libcairo2-dev fonts-dejavu-core
  libzint-dev fonts-ocr-b  # Invoice documents: the Finnish bank barcode and the OCR-B reading lines.
  poppler-utils zbar-tools  # Document tests: pdftotext, pdftoppm and zbarimg.
  libcli11-dev libgtest-dev libgmock-dev googletest libbenchmark-dev
  curl python3 wrk nginx-light
  postgresql-15  # The storage tests' throw-away server (tools/postgres-test-cluster.sh), not a service.
  chromium nodejs  # Browser tests of the payer pages (tests/browser, playwright-core drives this chromium).
)

ha_packages=(etcd-server patroni haproxy)
if [[ ${1:-} == --ha ]]; then packages+=("${ha_packages[@]}"); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Debian's npm is its own package; NodeSource's nodejs bundles npm and conflicts with it, so ask for the
# package only when no npm is on the PATH.
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then sudo=sudo; else sudo=; fi
  export DEBIAN_FRONTEND=noninteractive
  # Debian's postgresql-common would create and start a cluster on port 5432 when the server is
  # installed; the tests start their own on a Unix socket. Said before the first install only: an
  # existing postgresql-common keeps its operator's configuration.
  if [[ " ${missing[*]} " == *" postgresql-15 "* ]] &&
     ! dpkg-query -W -f='${Status}' postgresql-common 2>/dev/null | grep -q 'install ok installed'; then
    $sudo mkdir -p /etc/postgresql-common
    if ! grep -qs '^create_main_cluster *= *false' /etc/postgresql-common/createcluster.conf; then
      echo 'create_main_cluster = false' | $sudo tee -a /etc/postgresql-common/createcluster.conf >/dev/null
    fi
  fi
  # Debian starts a package's service on install (etcd on port 2379, HAProxy) unless
  # /usr/sbin/policy-rc.d forbids it; deploy/ha starts its own under a directory of its own. So
  # while these install, a policy that forbids starts is in place — one of our own only when the
  # machine has none, removed again after.
  own_policy=
  for p in "${ha_packages[@]}"; do
    if [[ " ${missing[*]} " == *" $p "* && ! -e /usr/sbin/policy-rc.d ]]; then
      printf '#!/bin/sh\n# tools/install-deps.sh: no service starts while it installs.\nexit 101\n' |
        $sudo tee /usr/sbin/policy-rc.d >/dev/null
      $sudo chmod 0755 /usr/sbin/policy-rc.d
      own_policy=1
      break
    fi
  done
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [[ -n $own_policy ]]; then $sudo rm -f /usr/sbin/policy-rc.d; fi
  # nginx is only a benchmark baseline; the service its package just started must not hold port 80.
  # Stopped by the id in its pid file (the one this install started), never by name.
  if [[ " ${missing[*]} " == *" nginx-light "* ]]; then
    if command -v systemctl >/dev/null 2>&1; then $sudo systemctl disable --now nginx >/dev/null 2>&1 || true; fi
    if [[ -s /run/nginx.pid ]]; then $sudo kill "$(cat /run/nginx.pid)" >/dev/null 2>&1 || true; fi
  fi
fi
echo "install-deps: all packages present"
