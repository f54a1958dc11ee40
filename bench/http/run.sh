#!/usr/bin/env bash
# Load benchmark of the HTTP API on loopback, as ratios to a ceiling measured in the same run:
# for each repetition and connection count, wrk (one thread) drives back to back
#   nginx  GET against nginx answering a fixed 200 (worker_processes 1): the ceiling,
#   POST   POST /psp/invoice/payments against `faktura serve` (durable writes),
#   GET    GET /psp/invoice/payments/{id} against `faktura serve` (reads),
# so that drift of the machine (other load, CPU frequency) hits the three alike. The report is the
# median over the repetitions of req/s, p50 and p99, and POST/nginx and GET/nginx from those medians
# (and, as *_ratio_paired, the median of each repetition's ratio to the nginx run just before it).
# Then, unless BENCH_LIFECYCLE=0, lifecycle.lua walks whole payments (create, authorize, capture,
# reverse) and the script prints completed lifecycles per second.
# Builds nothing: pass a Release build directory (see bench/README.md).
#
#   bench/http/run.sh [BUILD_DIR]      BUILD_DIR defaults to $FAKTURA_BUILD_DIR or ./build-release
#   BENCH_DURATION=5s                  length of each wrk run (default 10s)
#   BENCH_REPEAT=3                     repetitions of the interleaved nginx/POST/GET runs
#   BENCH_CONNECTIONS="16 64"          connection counts
#   BENCH_PAYMENTS=200                 payments created with curl for the GET load
#   BENCH_ONLY=nginx                   only the nginx ceiling (no faktura binary needed)
#   BENCH_LIFECYCLE=0                  skip the lifecycle load
#   BENCH_LIFECYCLE_CONNECTIONS=16     connections of the lifecycle load
#   BENCH_DATABASE=postgres            PostgreSQL instead of SQLite: a throw-away server started for
#                                      the run (tools/postgres-test-cluster.sh: Unix socket, fsync on)
#   BENCH_PROCESSES=2                  several `faktura serve` processes on the one database, behind
#                                      an nginx round-robin proxy on the same machine (its cost is
#                                      in the figures)
#   FAKTURA_SERVE_ARGS="..."           extra `faktura serve` options
# Machine-readable results: one `BENCH_FIGURE name=... value=...` line per figure.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/http/lib.sh
source "$script_dir/lib.sh"
build_dir=${1:-${FAKTURA_BUILD_DIR:-./build-release}}
duration=${BENCH_DURATION:-10s}
[[ $duration =~ ^[0-9]+$ ]] && duration=${duration}s
read -r -a connection_counts <<<"${BENCH_CONNECTIONS:-16 64}"
repeat=${BENCH_REPEAT:-3}
payment_count=${BENCH_PAYMENTS:-200}
only=${BENCH_ONLY:-all}
lifecycle=${BENCH_LIFECYCLE:-1}
lifecycle_connections=${BENCH_LIFECYCLE_CONNECTIONS:-16}
database_kind=${BENCH_DATABASE:-sqlite}
processes=${BENCH_PROCESSES:-1}
faktura=$build_dir/src/cli/faktura

[[ $repeat =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPEAT must be a positive number"
[[ $database_kind == sqlite || $database_kind == postgres ]] ||
    die "BENCH_DATABASE must be sqlite or postgres"
[[ $processes =~ ^[1-9]$ ]] || die "BENCH_PROCESSES must be 1 to 9"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v curl >/dev/null || die "curl is not installed"
command -v nginx >/dev/null || die "nginx is not installed (apt-get install nginx-light)"
if [[ $only != nginx ]]; then
    [[ -x $faktura ]] || die "no faktura binary at $faktura; build it first:
  cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DFAKTURA_BUILD_TESTS=OFF
  cmake --build build-release --target faktura"
fi

tmp=$(mktemp -d /tmp/faktura-bench.XXXXXX)

declare -A rates p50s p99s  # "load/connections" -> space-separated values, one per repetition
total_failures=0
runs_table=$tmp/runs.txt
printf '%-3s %-6s %6s %10s %10s %10s %8s\n' rep load conns 'req/s' p50 p99 non-2xx >"$runs_table"

# run_wrk LOAD SCRIPT URL CONNECTIONS REPETITION [ENV=VALUE...]: one wrk run, one row.
run_wrk() {
    local load=$1 script=$2 url=$3 connections=$4 repetition=$5
    shift 5
    local output
    output=$(env BENCH_SCRIPT_DIR="$script_dir" "$@" \
        wrk -t1 -c"$connections" -d"$duration" --latency -s "$script_dir/$script" "$url")
    printf '### %s c=%s rep=%s\n%s\n' "$load" "$connections" "$repetition" "$output" >>"$tmp/wrk.log"
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
    local key=$load/$connections
    rates[$key]+="$rate "
    p50s[$key]+="$p50_us "
    p99s[$key]+="$p99_us "
    total_failures=$((total_failures + non2xx + socket_errors))
    local failures=$non2xx
    ((socket_errors > 0)) && failures="$non2xx+${socket_errors}sock"
    awk -v rep="$repetition" -v load="$load" -v c="$connections" -v rate="$rate" -v p50="$p50_us" \
        -v p99="$p99_us" -v failures="$failures" \
        'BEGIN { printf "%-3d %-6s %6d %10d %8.2fms %8.2fms %8s\n", rep, load, c, rate,
                 p50 / 1000, p99 / 1000, failures }' >>"$runs_table"
    tail -n 1 "$runs_table"
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

ids_file=$tmp/payment_ids.txt
if [[ $only != nginx ]]; then
    # A 32-character token from the kernel's random source.
    token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
    if [[ $database_kind == postgres ]]; then
        cluster_script=$script_dir/../../tools/postgres-test-cluster.sh
        # A directory of its own, which the script hands to the server's user (under root, the
        # postgres user, who may not enter $tmp).
        cluster_dir=$(mktemp -d /tmp/faktura-bench-pg.XXXXXX)
        stop_commands+=("'$cluster_script' stop '$cluster_dir' >/dev/null")
        database=$("$cluster_script" start "$cluster_dir") || die "the PostgreSQL server did not start"
    else
        database="sqlite:$tmp/bench.db"
    fi
    merchant=$("$faktura" merchant add --name Bench --token "$token" --database "$database")
    payee_id=$(sed -nE 's/^payeeId: *([^ ]+).*/\1/p' <<<"$merchant")
    [[ -n $payee_id ]] || die "no payeeId in the output of 'faktura merchant add':"$'\n'"$merchant"

    # FAKTURA_SERVE_ARGS: extra serve options to compare, e.g. "--worker-threads 16".
    # --no-callbacks: the bench payments' callbackUrl is not on this machine.
    upstreams=
    for process in $(seq "$processes"); do
        port=$(free_port)
        # shellcheck disable=SC2086
        "$faktura" serve --listen "127.0.0.1:$port" --database "$database" --no-callbacks \
            ${FAKTURA_SERVE_ARGS:-} \
            >"$tmp/faktura$process.log" 2>&1 &
        started_pids+=($!)
        wait_until_answers "http://127.0.0.1:$port/"
        upstreams+="        server 127.0.0.1:$port;"$'\n'
        faktura_port=$port
    done
    if ((processes > 1)); then
        # One address for wrk: nginx spreading the connections over the processes.
        faktura_port=$(free_port)
        mkdir -p "$tmp/proxy"
        cat >"$tmp/proxy/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $tmp/proxy/nginx.pid;
error_log $tmp/proxy/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $tmp/proxy/body;
    upstream faktura {
$upstreams        keepalive 128;
    }
    server {
        listen 127.0.0.1:$faktura_port;
        location / {
            proxy_pass http://faktura;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
        }
    }
}
CONF
        nginx -p "$tmp/proxy" -c "$tmp/proxy/nginx.conf" &
        started_pids+=($!)
        wait_until_answers "http://127.0.0.1:$faktura_port/"
    fi
    faktura_url=http://127.0.0.1:$faktura_port
    echo "bench: $processes faktura process(es) on $database_kind"

    echo "bench: creating $payment_count payments for the GET load"
    for i in $(seq "$payment_count"); do
        id=$(create_payment "seed$i")
        [[ -n $id ]] || die "no payment id in the create response"
        echo "$id" >>"$ids_file"
    done
else
    for i in $(seq "$payment_count"); do
        printf '00000000-0000-4000-8000-%012d\n' "$i" >>"$ids_file"
    done
fi

nginx_port=$(free_port)
nginx_url=http://127.0.0.1:$nginx_port
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes 1;
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
wait_until_answers "$nginx_url/"

loads=(nginx)
[[ $only != nginx ]] && loads+=(POST GET)
echo "bench: ${loads[*]} interleaved, $repeat repetitions, connections ${connection_counts[*]}," \
    "$duration per run, wrk -t1"
for repetition in $(seq "$repeat"); do
    for connections in "${connection_counts[@]}"; do
        run_wrk nginx get_payments.lua "$nginx_url" "$connections" "$repetition" \
            BENCH_IDS_FILE="$ids_file" BENCH_TOKEN=none
        [[ $only == nginx ]] && continue
        run_wrk POST post_payments.lua "$faktura_url" "$connections" "$repetition" \
            BENCH_PAYEE_ID="$payee_id" BENCH_TOKEN="$token" \
            BENCH_REFERENCE_PREFIX="r${repetition}c$connections"
        run_wrk GET get_payments.lua "$faktura_url" "$connections" "$repetition" \
            BENCH_IDS_FILE="$ids_file" BENCH_TOKEN="$token"
    done
done

echo
echo "Medians of $repeat repetitions ($duration per run, wrk -t1 on the same machine, loopback):"
printf '%-6s %6s %10s %10s %10s %8s\n' load conns 'req/s' p50 p99 '/nginx'
figures=$tmp/figures.txt
: >"$figures"
for connections in "${connection_counts[@]}"; do
    ceiling=
    for load in "${loads[@]}"; do
        key=$load/$connections
        # shellcheck disable=SC2086
        rate=$(median ${rates[$key]})
        # shellcheck disable=SC2086
        p50=$(median ${p50s[$key]})
        # shellcheck disable=SC2086
        p99=$(median ${p99s[$key]})
        [[ $load == nginx ]] && ceiling=$rate
        ratio=$(awk -v r="$rate" -v n="$ceiling" 'BEGIN { printf "%.4f", r / n }')
        awk -v load="$load" -v c="$connections" -v rate="$rate" -v p50="$p50" -v p99="$p99" \
            -v ratio="$ratio" 'BEGIN { printf "%-6s %6d %10d %8.2fms %8.2fms %8.4f\n",
                                       load, c, rate, p50 / 1000, p99 / 1000, ratio }'
        name=$(tr '[:upper:]' '[:lower:]' <<<"$load")$connections
        {
            figure "${name}_rps" "$(printf '%.0f' "$rate")"
            figure "${name}_p50_ms" "$(awk -v v="$p50" 'BEGIN { printf "%.3f", v / 1000 }')"
            figure "${name}_p99_ms" "$(awk -v v="$p99" 'BEGIN { printf "%.3f", v / 1000 }')"
            if [[ $load != nginx ]]; then
                figure "${name}_ratio" "$ratio"
                # Each repetition's run against the nginx run just before it, then the median:
                # drift between repetitions cancels out of this one as well.
                # shellcheck disable=SC2046 # one word per repetition's ratio
                paired=$(median $(paste -d/ <(tr ' ' '\n' <<<"${rates[$key]}") \
                    <(tr ' ' '\n' <<<"${rates[nginx/$connections]}") |
                    awk -F/ 'NF == 2 && $2 > 0 { printf "%.6f\n", $1 / $2 }'))
                figure "${name}_ratio_paired" "$(printf '%.4f' "$paired")"
            fi
        } >>"$figures"
    done
done

if [[ $only != nginx && $lifecycle != 0 ]]; then
    echo
    echo "bench: lifecycles (create, authorize, capture, reverse) at $lifecycle_connections" \
        "connections, $duration"
    output=$(env BENCH_SCRIPT_DIR="$script_dir" BENCH_PAYEE_ID="$payee_id" BENCH_TOKEN="$token" \
        BENCH_REFERENCE_PREFIX=L \
        wrk -t1 -c"$lifecycle_connections" -d"$duration" --latency -s "$script_dir/lifecycle.lua" \
        "$faktura_url")
    printf '### lifecycle c=%s\n%s\n' "$lifecycle_connections" "$output" >>"$tmp/wrk.log"
    result=$(grep '^BENCH_LIFECYCLE ' <<<"$output") || die "wrk printed no result:"$'\n'"$output"
    echo "$result"
    completed=$(sed -E 's/.*completed=([0-9]+).*/\1/' <<<"$result")
    failed=$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$result")
    requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$result")
    duration_us=$(sed -E 's/.*duration_us=([0-9]+).*/\1/' <<<"$result")
    socket_errors=$(sed -E 's/.*socket_errors=([0-9]+).*/\1/' <<<"$result")
    total_failures=$((total_failures + failed + socket_errors))
    ((failed > 0)) && grep '^BENCH_LIFECYCLE_FAILURE' <<<"$output" | head -n 5 >&2
    awk -v c="$completed" -v r="$requests" -v d="$duration_us" \
        'BEGIN { printf "  %d lifecycles in %.1f s = %.1f lifecycles/s (%.0f req/s)\n",
                 c, d / 1e6, c / (d / 1e6), r / (d / 1e6) }'
    figure lifecycles_per_s \
        "$(awk -v c="$completed" -v d="$duration_us" 'BEGIN { printf "%.1f", c / (d / 1e6) }')" \
        >>"$figures"
fi

echo
cat "$figures"
if ((total_failures > 0)); then
    echo "bench: $total_failures requests failed (non-2xx or socket errors); see the wrk output:" >&2
    cat "$tmp/wrk.log" >&2
    exit 1
fi
