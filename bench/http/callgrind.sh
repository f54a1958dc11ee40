#!/usr/bin/env bash
# Instructions per request, counted by callgrind: a figure that does not move with the machine's
# load or CPU frequency, so that small changes to the request path show.
#   1. Starts `faktura serve` under `valgrind --tool=callgrind` on a fresh SQLite file.
#   2. Warms up: BENCH_WARMUP create-payment requests (default 200) and as many GETs.
#   3. Zeroes the counters (callgrind_control -z), sends BENCH_REQUESTS (default 1000)
#      POST /psp/invoice/payments one after the other on one keep-alive connection (curl -K),
#      dumps (callgrind_control -d) and divides the dump's total Ir by the request count.
#   4. The same for BENCH_REQUESTS GET /psp/invoice/payments/{id} over the warm-up payments.
# The counts are of the whole process: every thread (valgrind runs them one at a time), the
# writer's group commit and SQLite included; fsync is a system call, whose kernel time is not
# counted. A handful of GET /health requests that wake the server so that it takes the
# callgrind_control commands may fall into a count: a few thousand instructions out of millions.
#
#   bench/http/callgrind.sh [BUILD_DIR]   BUILD_DIR defaults to $FAKTURA_BUILD_DIR or ./build-release
#   BENCH_REQUESTS=1000                   requests counted per kind
#   BENCH_WARMUP=200                      warm-up creates (and GETs) before the counts
#   BENCH_CALLGRIND_KEEP=DIR              keep the dumps there (for callgrind_annotate)
#   FAKTURA_SERVE_ARGS="..."              extra `faktura serve` options
# Machine-readable results: BENCH_FIGURE lines ir_per_post and ir_per_get.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/http/lib.sh
source "$script_dir/lib.sh"

build_dir=${1:-${FAKTURA_BUILD_DIR:-./build-release}}
request_count=${BENCH_REQUESTS:-1000}
warmup_count=${BENCH_WARMUP:-200}
keep=${BENCH_CALLGRIND_KEEP:-}
faktura=$build_dir/src/cli/faktura

[[ $request_count =~ ^[1-9][0-9]*$ ]] || die "BENCH_REQUESTS must be a positive number"
[[ $warmup_count =~ ^[1-9][0-9]*$ ]] || die "BENCH_WARMUP must be a positive number"
for tool in valgrind callgrind_control curl; do
    command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install valgrind curl)"
done
[[ -x $faktura ]] || die "no faktura binary at $faktura; build it first (see bench/README.md)"

tmp=$(mktemp -d /tmp/faktura-callgrind.XXXXXX)

token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
database="sqlite:$tmp/bench.db"
merchant=$("$faktura" merchant add --name Bench --token "$token" --database "$database")
payee_id=$(sed -nE 's/^payeeId: *([^ ]+).*/\1/p' <<<"$merchant")
[[ -n $payee_id ]] || die "no payeeId in the output of 'faktura merchant add':"$'\n'"$merchant"

port=$(free_port)
url=http://127.0.0.1:$port
# shellcheck disable=SC2086
valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.out" \
    "$faktura" serve --listen "127.0.0.1:$port" --database "$database" --no-callbacks \
    ${FAKTURA_SERVE_ARGS:-} >"$tmp/server.log" 2>&1 &
server_pid=$!
started_pids+=("$server_pid")
for _ in $(seq 600); do
    curl -s -o /dev/null --max-time 1 "$url/health" && break
    kill -0 "$server_pid" 2>/dev/null || die "the server exited:"$'\n'"$(cat "$tmp/server.log")"
    sleep 0.1
done
curl -s -o /dev/null --max-time 5 "$url/health" || die "nothing answers at $url"

# control COMMAND_OPTION: runs callgrind_control and wakes the server with GET /health until the
# command is taken (callgrind reads its commands only while the program runs).
control() {
    callgrind_control "$1" "$server_pid" >"$tmp/control.log" 2>&1 &
    local control_pid=$!
    started_pids+=("$control_pid")
    while kill -0 "$control_pid" 2>/dev/null; do
        curl -s -o /dev/null --max-time 5 "$url/health" || true
        sleep 0.05
    done
    local status=0
    wait "$control_pid" || status=$?
    started_pids=("$server_pid")
    ((status == 0)) || die "callgrind_control $1 failed:"$'\n'"$(cat "$tmp/control.log")"
}

body_file() {  # body_file N: writes the create-payment body with payeeReference cgN.
    cat >"$tmp/bodies/$1.json" <<JSON
{"payment":{"operation":"FinancingConsumer","intent":"Authorization","currency":"SEK","prices":[{"type":"Invoice","amount":10000,"vatAmount":0}],"description":"Bench purchase","userAgent":"Mozilla/5.0","language":"sv-SE","urls":{"hostUrls":["https://shop.example/"],"completeUrl":"https://shop.example/complete","cancelUrl":"https://shop.example/cancel","callbackUrl":"https://shop.example/callback","termsOfServiceUrl":"https://shop.example/terms"},"payeeInfo":{"payeeId":"$payee_id","payeeReference":"cg$1","payeeName":"Bench shop"}},"invoice":{"invoiceType":"PayExFinancingSe"}}
JSON
}

# post_config FIRST LAST OUTPUT_DIR: a curl config of creates FIRST..LAST, one after the other.
post_config() {
    local n
    for n in $(seq "$1" "$2"); do
        ((n == $1)) || echo next
        body_file "$n"
        printf 'url = "%s/psp/invoice/payments"\nrequest = "POST"\n' "$url"
        printf 'header = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\n' \
            "$token"
        printf 'data-binary = "@%s/bodies/%s.json"\noutput = "%s/%s.json"\n' "$tmp" "$n" "$3" "$n"
        printf 'write-out = "%%{http_code}\\n"\n'
    done
}

get_config() {  # get_config COUNT IDS_FILE: COUNT reads cycling through the ids.
    local ids n
    mapfile -t ids <"$2"
    for n in $(seq 0 $(($1 - 1))); do
        ((n == 0)) || echo next
        printf 'url = "%s/psp/invoice/payments/%s"\n' "$url" "${ids[n % ${#ids[@]}]}"
        printf 'header = "Authorization: Bearer %s"\noutput = "/dev/null"\n' "$token"
        printf 'write-out = "%%{http_code}\\n"\n'
    done
}

# run_config FILE: runs it with one curl; dies unless every answer is 2xx.
run_config() {
    curl -s -K "$1" >"$tmp/codes.txt" || die "curl failed"
    local bad
    bad=$(grep -cv '^2' "$tmp/codes.txt" || true)
    ((bad == 0)) || die "$bad answers were not 2xx: $(sort "$tmp/codes.txt" | uniq -c | tr '\n' ' ')"
    (($(wc -l <"$tmp/codes.txt") == $2)) || die "curl made $(wc -l <"$tmp/codes.txt") requests, not $2"
}

# last_dump_ir: the total Ir of the newest dump file.
last_dump_ir() {
    local dump
    # shellcheck disable=SC2012 # the names are callgrind.out.N, made by this script's valgrind
    dump=$(ls -t "$tmp"/callgrind.out.* | head -n 1)
    [[ -n $dump ]] || die "no callgrind dump in $tmp"
    [[ -n $keep ]] && cp "$dump" "$keep/"
    # summary: the dump's total per event (what callgrind_annotate shows as PROGRAM TOTALS).
    awk '/^summary:/ { print $2; exit }' "$dump"
}

mkdir -p "$tmp/bodies" "$tmp/warmup" "$tmp/measured"
[[ -n $keep ]] && mkdir -p "$keep"

echo "bench: warm-up, $warmup_count creates and $warmup_count reads under callgrind"
post_config 1 "$warmup_count" "$tmp/warmup" >"$tmp/warmup.curl"
run_config "$tmp/warmup.curl" "$warmup_count"
for n in $(seq "$warmup_count"); do
    # grep -o: the answer has no final newline, the id line gets one.
    grep -oE '^\{"payment":\{"id":"/psp/invoice/payments/[^"]+"' "$tmp/warmup/$n.json" |
        sed -E 's|.*/([^/"]+)"$|\1|'
done >"$tmp/ids.txt"
(($(wc -l <"$tmp/ids.txt") == warmup_count)) || die "missing payment ids in the warm-up answers"
get_config "$warmup_count" "$tmp/ids.txt" >"$tmp/warmup-get.curl"
run_config "$tmp/warmup-get.curl" "$warmup_count"

echo "bench: $request_count creates"
post_config $((warmup_count + 1)) $((warmup_count + request_count)) "$tmp/measured" >"$tmp/post.curl"
control -z
run_config "$tmp/post.curl" "$request_count"
control -d
post_ir=$(last_dump_ir)

echo "bench: $request_count reads"
get_config "$request_count" "$tmp/ids.txt" >"$tmp/get.curl"
control -z
run_config "$tmp/get.curl" "$request_count"
control -d
get_ir=$(last_dump_ir)

kill "$server_pid"
wait "$server_pid" || true
started_pids=()

awk -v p="$post_ir" -v g="$get_ir" -v n="$request_count" 'BEGIN {
    printf "  POST create: %d Ir in %d requests = %.0f Ir per request\n", p, n, p / n
    printf "  GET payment: %d Ir in %d requests = %.0f Ir per request\n", g, n, g / n }'
echo
figure ir_per_post "$(awk -v p="$post_ir" -v n="$request_count" 'BEGIN { printf "%.0f", p / n }')"
figure ir_per_get "$(awk -v g="$get_ir" -v n="$request_count" 'BEGIN { printf "%.0f", g / n }')"
