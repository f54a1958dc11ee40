#!/usr/bin/env bash
# A large database: start-up time and memory of `faktura serve` holding BENCH_FILL_PAYMENTS
# payments of one merchant.
#   1. Fill (or reuse from BENCH_FILL_CACHE): a fresh SQLite database, one merchant, and the
#      payments created over HTTP by fill.lua (wrk POST /psp/invoice/payments), so every row is
#      exactly what the server writes. About 6k payments/s here: 1 M takes some 3 minutes.
#   2. Start-up: BENCH_STARTS times (default 3), the time from starting `faktura serve` on a copy
#      of the filled database to its first 200 from GET /health, polled by curl in a tight loop;
#      reported is the median. VmRSS is read from /proc/PID/status right after that 200.
#   3. After the last start, a GET /psp/invoice/payments/{id} load with wrk (one thread,
#      BENCH_GET_CONNECTIONS, BENCH_GET_DURATION) over BENCH_GET_IDS ids drawn at random from the
#      fill, then VmRSS again.
# Builds nothing: pass a Release build directory (see bench/README.md).
#
#   bench/http/fill.sh [BUILD_DIR]     BUILD_DIR defaults to $FAKTURA_BUILD_DIR or ./build-release
#   BENCH_FILL_PAYMENTS=1000000        payments in the database
#   BENCH_FILL_CACHE=DIR               keep the filled database in DIR and reuse it when it holds
#                                      the same number of payments (default: a temp dir, removed)
#   BENCH_FILL_CONNECTIONS=64          wrk connections of the fill
#   BENCH_STARTS=3                     start-ups measured
#   BENCH_GET_DURATION=10s BENCH_GET_CONNECTIONS=16 BENCH_GET_IDS=10000
#   FAKTURA_SERVE_ARGS="..."           extra `faktura serve` options
# Machine-readable results: BENCH_FIGURE lines (startup_ms_1m, rss_mb_1m_idle, rss_mb_1m_after_get;
# the suffix is the fill size: 1m for 1000000, otherwise the count, e.g. 20000).
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/http/lib.sh
source "$script_dir/lib.sh"
build_dir=${1:-${FAKTURA_BUILD_DIR:-./build-release}}
payments=${BENCH_FILL_PAYMENTS:-1000000}
fill_connections=${BENCH_FILL_CONNECTIONS:-64}
starts=${BENCH_STARTS:-3}
get_duration=${BENCH_GET_DURATION:-10s}
[[ $get_duration =~ ^[0-9]+$ ]] && get_duration=${get_duration}s
get_connections=${BENCH_GET_CONNECTIONS:-16}
get_ids=${BENCH_GET_IDS:-10000}
faktura=$build_dir/src/cli/faktura

[[ $payments =~ ^[1-9][0-9]*$ ]] || die "BENCH_FILL_PAYMENTS must be a positive number"
[[ $starts =~ ^[1-9][0-9]*$ ]] || die "BENCH_STARTS must be a positive number"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v curl >/dev/null || die "curl is not installed"
[[ -x $faktura ]] || die "no faktura binary at $faktura; build it first (see bench/README.md)"
faktura=$(cd "$(dirname "$faktura")" && pwd)/faktura

if ((payments == 1000000)); then
    suffix=1m
else
    suffix=$payments
fi

tmp=$(mktemp -d /tmp/faktura-fill.XXXXXX)
cache=${BENCH_FILL_CACHE:-$tmp/cache}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# start_server DATABASE_FILE PORT LOG: starts `faktura serve`, waits for the first 200 from
# /health and sets server_pid and startup_us (from just before the start to that 200).
start_server() {
    local database=$1 port=$2 log=$3 start now code
    start=${EPOCHREALTIME/./}
    # shellcheck disable=SC2086
    "$faktura" serve --listen "127.0.0.1:$port" --database "sqlite:$database" --no-callbacks \
        ${FAKTURA_SERVE_ARGS:-} >>"$log" 2>&1 &
    server_pid=$!
    started_pids+=("$server_pid")
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 \
            "http://127.0.0.1:$port/health" || true)
        [[ $code == 200 ]] && break
        kill -0 "$server_pid" 2>/dev/null || die "faktura serve exited; its log:"$'\n'"$(cat "$log")"
        now=${EPOCHREALTIME/./}
        ((now - start < 300000000)) || die "no 200 from /health within 300 s"
    done
    now=${EPOCHREALTIME/./}
    startup_us=$((now - start))
}

stop_server() {  # SIGTERM: the server drains and closes its database.
    kill "$server_pid"
    wait "$server_pid" || true
    local kept=() pid
    for pid in "${started_pids[@]}"; do
        [[ $pid == "$server_pid" ]] || kept+=("$pid")
    done
    started_pids=("${kept[@]}")
}

# --- 1. Fill, unless the cache holds a complete fill of this size.
if [[ -f $cache/filled && $(cat "$cache/filled") == "$payments" && -f $cache/faktura.db ]]; then
    echo "bench: reusing the fill of $payments payments in $cache"
else
    echo "bench: filling $payments payments into $cache (wrk, $fill_connections connections)"
    rm -f "$cache/filled" "$cache/faktura.db" "$cache/faktura.db-wal" "$cache/faktura.db-shm" \
        "$cache/ids.txt" "$cache/merchant.env"
    token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
    merchant=$("$faktura" merchant add --name Bench --token "$token" \
        --database "sqlite:$cache/faktura.db")
    payee_id=$(sed -nE 's/^payeeId: *([^ ]+).*/\1/p' <<<"$merchant")
    [[ -n $payee_id ]] || die "no payeeId in the output of 'faktura merchant add':"$'\n'"$merchant"
    printf 'token=%s\npayee_id=%s\n' "$token" "$payee_id" >"$cache/merchant.env"
    port=$(free_port)
    start_server "$cache/faktura.db" "$port" "$tmp/fill-server.log"
    # wrk sleeps out its whole -d even when fill.lua has stopped its thread: fill.lua creates
    # fill.done when its count is answered, and SIGINT ends wrk with its report.
    env BENCH_SCRIPT_DIR="$script_dir" BENCH_PAYEE_ID="$payee_id" BENCH_TOKEN="$token" BENCH_REFERENCE_PREFIX=f \
        BENCH_FILL_COUNT="$payments" BENCH_IDS_FILE="$cache/ids.txt" \
        BENCH_FILL_DONE_FILE="$tmp/fill.done" \
        wrk -t1 -c"$fill_connections" -d3600s -s "$script_dir/fill.lua" \
        "http://127.0.0.1:$port" >"$tmp/fill-wrk.log" 2>&1 &
    wrk_pid=$!
    started_pids+=("$wrk_pid")
    while [[ ! -e $tmp/fill.done ]] && kill -0 "$wrk_pid" 2>/dev/null; do
        sleep 0.2
    done
    kill -INT "$wrk_pid" 2>/dev/null || true
    wait "$wrk_pid" || true
    output=$(cat "$tmp/fill-wrk.log")
    stop_server
    result=$(grep '^BENCH_FILL ' <<<"$output") || die "wrk printed no result:"$'\n'"$output"
    grep '^BENCH_FILL_FAILURE' <<<"$output" >&2 || true
    created=$(sed -E 's/.*created=([0-9]+).*/\1/' <<<"$result")
    failed=$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$result")
    duration_us=$(sed -E 's/.*duration_us=([0-9]+).*/\1/' <<<"$result")
    ((failed == 0)) || die "$failed create requests failed during the fill"
    ((created == payments)) || die "the fill created $created payments, not $payments"
    (($(wc -l <"$cache/ids.txt") == payments)) || die "ids.txt does not list $payments ids"
    awk -v c="$created" -v d="$duration_us" \
        'BEGIN { printf "  %d payments in %.1f s = %.0f payments/s\n", c, d / 1e6, c / (d / 1e6) }'
    echo "$payments" >"$cache/filled"
fi
# shellcheck disable=SC1091
source "$cache/merchant.env"
echo "  database: $(du -m "$cache/faktura.db" | cut -f1) MB"

# --- 2. Start-ups, each on a fresh copy so that the cached fill stays as the fill left it (a newer
# binary may migrate the schema on start).
database=$tmp/faktura.db
startup_ms=() idle_mb=()
for start_number in $(seq "$starts"); do
    rm -f "$database" "$database-wal" "$database-shm"
    cp "$cache/faktura.db" "$database"
    sync "$database"
    port=$(free_port)
    start_server "$database" "$port" "$tmp/server.log"
    rss=$(rss_kb "$server_pid")
    startup_ms+=("$(awk -v u="$startup_us" 'BEGIN { printf "%.1f", u / 1000 }')")
    idle_mb+=("$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')")
    echo "  start $start_number: ${startup_ms[-1]} ms to the first 200 from /health, VmRSS ${idle_mb[-1]} MB"
    if ((start_number < starts)); then stop_server; fi
done

# --- 3. GET load over random ids of the fill, on the last start.
shuf -n "$get_ids" "$cache/ids.txt" >"$tmp/get_ids.txt"
echo "bench: GET load, $get_connections connections, $get_duration, $get_ids random ids"
output=$(env BENCH_SCRIPT_DIR="$script_dir" BENCH_IDS_FILE="$tmp/get_ids.txt" BENCH_TOKEN="$token" \
    wrk -t1 -c"$get_connections" -d"$get_duration" --latency -s "$script_dir/get_payments.lua" \
    "http://127.0.0.1:$port")
result=$(grep '^BENCH_RESULT' <<<"$output") || die "wrk printed no result:"$'\n'"$output"
after_mb=$(awk -v k="$(rss_kb "$server_pid")" 'BEGIN { printf "%.1f", k / 1024 }')
requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$result")
duration_us=$(sed -E 's/.*duration_us=([0-9]+).*/\1/' <<<"$result")
p99_us=$(sed -E 's/.*p99_us=([0-9]+).*/\1/' <<<"$result")
non2xx=$(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<<"$result")
socket_errors=$(sed -E 's/.*socket_errors=([0-9]+).*/\1/' <<<"$result")
get_rps=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
echo "  $get_rps req/s, p99 $(awk -v v="$p99_us" 'BEGIN { printf "%.2f", v / 1000 }') ms," \
    "VmRSS after: $after_mb MB"
stop_server

echo
figure "startup_ms_$suffix" "$(median "${startup_ms[@]}")"
figure "rss_mb_${suffix}_idle" "$(median "${idle_mb[@]}")"
figure "rss_mb_${suffix}_after_get" "$after_mb"
figure "get${get_connections}_rps_$suffix" "$get_rps"
if ((non2xx + socket_errors > 0)); then
    echo "bench: $non2xx non-2xx answers and $socket_errors socket errors in the GET load:" >&2
    echo "$output" >&2
    exit 1
fi
