#!/usr/bin/env bash
# Load benchmark of the HTTP API on loopback: wrk drives POST /psp/invoice/payments (durable writes)
# and GET /psp/invoice/payments/{id} (reads) against `faktura serve` on a temporary SQLite file,
# then the same GET load against nginx returning a fixed 200, the ceiling on this machine.
# Builds nothing: pass a Release build directory (see bench/http/README.md).
#
#   bench/http/run.sh [BUILD_DIR]      BUILD_DIR defaults to $FAKTURA_BUILD_DIR or ./build-release
#   BENCH_DURATION=5s                  seconds per wrk run (default 10s)
#   BENCH_CONNECTIONS="1 16 64"        connection counts
#   BENCH_PAYMENTS=200                 payments created with curl for the GET load
#   BENCH_ONLY=nginx                   only the nginx ceiling (no faktura binary needed)
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build_dir=${1:-${FAKTURA_BUILD_DIR:-./build-release}}
duration=${BENCH_DURATION:-10s}
[[ $duration =~ ^[0-9]+$ ]] && duration=${duration}s
read -r -a connection_counts <<<"${BENCH_CONNECTIONS:-1 16 64}"
payment_count=${BENCH_PAYMENTS:-200}
only=${BENCH_ONLY:-all}
faktura=$build_dir/src/cli/faktura

die() { echo "bench: $*" >&2; exit 1; }

command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v curl >/dev/null || die "curl is not installed"
if [[ $only != nginx ]]; then
    [[ -x $faktura ]] || die "no faktura binary at $faktura; build it first:
  cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DFAKTURA_BUILD_TESTS=OFF
  cmake --build build-release --target faktura"
fi

tmp=$(mktemp -d /tmp/faktura-bench.XXXXXX)
started_pids=()
cleanup() {
    local pid
    for pid in "${started_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${started_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

# A loopback port nothing listens on (a race with other programs is possible but unlikely).
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    die "no free port found"
}

# Waits up to 10 s for any HTTP answer from the URL.
wait_until_answers() {
    for _ in $(seq 100); do
        curl -s -o /dev/null --max-time 1 "$1" && return 0
        sleep 0.1
    done
    die "nothing answers at $1"
}

declare -A requests_per_second
total_failures=0
table=$tmp/table.txt
printf '%-8s %-5s %6s %10s %10s %10s %8s\n' server load conns 'req/s' p50 p99 non-2xx >"$table"

# run_wrk LABEL LOAD SCRIPT URL CONNECTIONS [ENV=VALUE...]: one wrk run, one table row.
run_wrk() {
    local label=$1 load=$2 script=$3 url=$4 connections=$5
    shift 5
    # wrk needs at least as many connections as threads.
    local threads=$((connections < 2 ? connections : 2))
    local output
    output=$(env BENCH_SCRIPT_DIR="$script_dir" "$@" \
        wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$script_dir/$script" "$url")
    printf '### %s %s c=%s\n%s\n' "$label" "$load" "$connections" "$output" >>"$tmp/wrk.log"
    local result
    result=$(grep '^BENCH_RESULT' <<<"$output") || die "wrk printed no result:"$'\n'"$output"
    local requests duration_us p50_us p99_us non2xx socket_errors
    requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$result")
    duration_us=$(sed -E 's/.*duration_us=([0-9]+).*/\1/' <<<"$result")
    p50_us=$(sed -E 's/.*p50_us=([0-9]+).*/\1/' <<<"$result")
    p99_us=$(sed -E 's/.*p99_us=([0-9]+).*/\1/' <<<"$result")
    non2xx=$(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<<"$result")
    socket_errors=$(sed -E 's/.*socket_errors=([0-9]+).*/\1/' <<<"$result")
    local rate
    rate=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
    requests_per_second[$label/$load/$connections]=$rate
    total_failures=$((total_failures + non2xx + socket_errors))
    local failures=$non2xx
    ((socket_errors > 0)) && failures="$non2xx+${socket_errors}sock"
    awk -v label="$label" -v load="$load" -v c="$connections" -v rate="$rate" -v p50="$p50_us" \
        -v p99="$p99_us" -v failures="$failures" \
        'BEGIN { printf "%-8s %-5s %6d %10d %8.2fms %8.2fms %8s\n", label, load, c, rate,
                 p50 / 1000, p99 / 1000, failures }' >>"$table"
    tail -n 1 "$table"
}

create_payment() {  # Prints the new payment's id.
    local reference=$1 body response
    body=$(cat <<JSON
{"payment":{"operation":"FinancingConsumer","intent":"Authorization","currency":"SEK","prices":[{"type":"Invoice","amount":10000,"vatAmount":0}],"description":"Bench purchase","userAgent":"Mozilla/5.0","language":"sv-SE","urls":{"hostUrls":["https://shop.example/"],"completeUrl":"https://shop.example/complete","cancelUrl":"https://shop.example/cancel","callbackUrl":"https://shop.example/callback","termsOfServiceUrl":"https://shop.example/terms"},"payeeInfo":{"payeeId":"$payee_id","payeeReference":"$reference","payeeName":"Bench shop"}},"invoice":{"invoiceType":"PayExFinancingSe"}}
JSON
)
    response=$(curl -s --fail-with-body -X POST "$faktura_url/psp/invoice/payments" \
        -H "Authorization: Bearer $token" -H "Content-Type: application/json" --data-binary "$body") ||
        die "creating a payment failed: $response"
    sed -nE 's|.*"id" *: *"/psp/invoice/payments/([^"/]+)".*|\1|p' <<<"$response" | head -n 1
}

if [[ $only != nginx ]]; then
    # A 32-character token from the kernel's random source.
    token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
    database="sqlite:$tmp/bench.db"
    merchant=$("$faktura" merchant add --name Bench --token "$token" --database "$database")
    payee_id=$(sed -nE 's/^payeeId: *([^ ]+).*/\1/p' <<<"$merchant")
    [[ -n $payee_id ]] || die "no payeeId in the output of 'faktura merchant add':"$'\n'"$merchant"

    faktura_port=$(free_port)
    faktura_url=http://127.0.0.1:$faktura_port
    # FAKTURA_SERVE_ARGS: extra serve options to compare, e.g. "--worker-threads 16".
    # shellcheck disable=SC2086
    # --no-callbacks: the bench payments' callbackUrl is not on this machine.
    "$faktura" serve --listen "127.0.0.1:$faktura_port" --database "$database" --no-callbacks \
        ${FAKTURA_SERVE_ARGS:-} \
        >"$tmp/faktura.log" 2>&1 &
    started_pids+=($!)
    wait_until_answers "$faktura_url/"

    echo "bench: creating $payment_count payments for the GET load"
    ids_file=$tmp/payment_ids.txt
    for i in $(seq "$payment_count"); do
        id=$(create_payment "seed$i")
        [[ -n $id ]] || die "no payment id in the create response"
        echo "$id" >>"$ids_file"
    done

    echo "bench: faktura, $duration per run"
    run=0
    for connections in "${connection_counts[@]}"; do
        run=$((run + 1))
        run_wrk faktura POST post_payments.lua "$faktura_url" "$connections" \
            BENCH_PAYEE_ID="$payee_id" BENCH_TOKEN="$token" BENCH_REFERENCE_PREFIX="r$run"
    done
    for connections in "${connection_counts[@]}"; do
        run_wrk faktura GET get_payments.lua "$faktura_url" "$connections" \
            BENCH_IDS_FILE="$ids_file" BENCH_TOKEN="$token"
    done
else
    ids_file=$tmp/payment_ids.txt
    for i in $(seq "$payment_count"); do
        printf '00000000-0000-4000-8000-%012d\n' "$i" >>"$ids_file"
    done
fi

echo "bench: nginx return 200, $duration per run"
nginx_port=$(free_port)
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $tmp/nginx/body;
    server {
        listen 127.0.0.1:$nginx_port;
        location / { return 200 "ok"; }
    }
}
CONF
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
started_pids+=($!)
wait_until_answers "http://127.0.0.1:$nginx_port/"
for connections in "${connection_counts[@]}"; do
    run_wrk nginx GET get_payments.lua "http://127.0.0.1:$nginx_port" "$connections" \
        BENCH_IDS_FILE="$ids_file" BENCH_TOKEN=none
done

echo
echo "Results ($duration per run, wrk on the same machine, loopback):"
cat "$table"
if [[ $only != nginx ]]; then
    echo
    echo "Faktura as a share of nginx's fixed-200 GET ceiling:"
    for connections in 16 64; do
        ceiling=${requests_per_second[nginx/GET/$connections]:-}
        [[ -n $ceiling ]] || continue
        for load in GET POST; do
            rate=${requests_per_second[faktura/$load/$connections]:-}
            [[ -n $rate ]] || continue
            awk -v load="$load" -v c="$connections" -v r="$rate" -v n="$ceiling" \
                'BEGIN { printf "  %-4s at %2d connections: %6d / %6d req/s = %5.1f %%\n",
                         load, c, r, n, 100 * r / n }'
        done
    done
fi
if ((total_failures > 0)); then
    echo "bench: $total_failures requests failed (non-2xx or socket errors); see the wrk output:" >&2
    cat "$tmp/wrk.log" >&2
    exit 1
fi
