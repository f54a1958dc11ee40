#!/usr/bin/env bash
# Quick start, part two: install dependencies, build everything (warnings are errors) and run the
# whole test suite: unit, storage, model and end-to-end tiers, the layer and format checks, and every tier again
# under AddressSanitizer and UndefinedBehaviorSanitizer, and the browser tests of the
# payer pages (tests/browser: node --test with playwright-core driving Debian's chromium), and the
# failover test of the highly available deployment (deploy/ha/run.sh failover-test). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh --ha
jobs=$(nproc)

cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-test -j"$jobs"

status=0
summary=()
run_ctest() {  # name, build dir, ctest arguments…
  local name=$1 dir=$2
  shift 2
  local log
  log=$(mktemp)
  if (cd "$dir" && ctest --output-on-failure --timeout 300 -j"$jobs" "$@") 2>&1 | tee "$log"; then :; else status=1; fi
  local line
  line=$(grep -E '^[0-9]+% tests passed' "$log" | tail -n 1 || true)
  summary+=("$name: ${line:-no result}")
  local total failed
  total=$(sed -nE 's/.* out of ([0-9]+)$/\1/p' <<<"$line")
  failed=$(sed -nE 's/.* ([0-9]+) tests failed out of.*/\1/p' <<<"$line")
  passed_total=$((passed_total + ${total:-0} - ${failed:-0}))
  failed_total=$((failed_total + ${failed:-0}))
  rm -f "$log"
}
passed_total=0
failed_total=0

run_ctest "all tiers" build-test

# The payer's pages and the seamless-view script in a real browser, against the binary just built.
run_browser_tests() {
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    if ! npm ci --no-audit --no-fund; then
      status=1
      failed_total=$((failed_total + 1))
      summary+=("browser tests: npm ci failed")
      return
    fi
  fi
  local log
  log=$(mktemp)
  if FAKTURA_BINARY="$PWD/build-test/src/cli/faktura" timeout 900 node --test --test-reporter=tap tests/browser/ 2>&1 | tee "$log"; then :; else status=1; fi
  local passed failed cancelled
  passed=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log" | tail -n 1)
  failed=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log" | tail -n 1)
  cancelled=$(sed -nE 's/^# cancelled ([0-9]+)$/\1/p' "$log" | tail -n 1)
  if [[ -z $passed ]]; then  # No summary: the runner itself died or timed out.
    status=1
    failed=${failed:-1}
  fi
  failed=$(( ${failed:-0} + ${cancelled:-0} ))
  passed_total=$((passed_total + ${passed:-0}))
  failed_total=$((failed_total + failed))
  summary+=("browser tests: ${passed:-0} passed, $failed failed")
  rm -f "$log"
}
run_browser_tests

# The highly available deployment (deploy/ha): two PostgreSQL nodes under Patroni with etcd,
# HAProxy, two Faktura processes; the primary node is killed under a steady write load.
run_failover_test() {
  local log dir
  log=$(mktemp)
  dir=$(mktemp -d /tmp/faktura-ha-test.XXXXXX)
  if FAKTURA_BINARY="$PWD/build-test/src/cli/faktura" timeout 600 deploy/ha/run.sh failover-test "$dir" 2>&1 | tee "$log"; then
    passed_total=$((passed_total + 1))
  else
    status=1
    failed_total=$((failed_total + 1))
  fi
  local result
  result=$(grep -E '^failover: (passed|new primary)|^ha: .*(did not|FAILED|no )' "$log" | tr '\n' ' ' || true)
  summary+=("ha failover test: ${result:-no result}")
  rm -f "$log"
}
if [[ ${FAKTURA_SKIP_HA:-0} != 1 ]]; then run_failover_test; fi

if [[ ${FAKTURA_SKIP_SANITIZERS:-0} != 1 ]]; then
  # Line tables are all the sanitizers' reports need (file:line in every frame): -g1, not -g.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
        -DFAKTURA_SANITIZE=ON -DFAKTURA_BUILD_BENCH=OFF >/dev/null
  # Every tier runs again under ASan+UBSan: the whole suite takes minutes on two cores, and memory
  # errors in the HTTP and page code are caught only by the end-to-end tests.
  cmake --build build-asan -j"$jobs" --target faktura faktura_domain_tests faktura_model_tests \
        faktura_runtime_tests faktura_pages_tests faktura_documents_tests faktura_reports_tests \
        faktura_app_tests faktura_cli_tests \
        faktura_outbound_tests faktura_http_tests faktura_storage_tests faktura_e2e_tests
  # Fontconfig's process-long caches (cairo's fonts in the documents) are no leak of ours.
  export LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
  run_ctest "sanitizers (all tiers)" build-asan -E 'check_layers|check_format'
fi

echo
for line in "${summary[@]}"; do echo "$line"; done
echo "$passed_total passed, $failed_total failed"
exit $status
