# shellcheck shell=bash
# Shared by run.sh, fill.sh and callgrind.sh (sourced, not run): failing, cleaning up what the
# script started (by pid, never by name) and its temporary directory, free ports, figures.
# The sourcing script sets `tmp` (its temporary directory) before it exits.

die() { echo "bench: $*" >&2; exit 1; }

# Processes the script started; cleanup stops exactly these. Commands in stop_commands (one
# string each, such as stopping a database server by its own pid file) run first.
started_pids=()
stop_commands=()
cleanup() {
    local pid command
    for command in "${stop_commands[@]}"; do
        eval "$command" || true
    done
    for pid in "${started_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${started_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    [[ -n ${tmp:-} ]] && rm -rf "$tmp"
}
trap cleanup EXIT

# A loopback port nothing listens on, below the kernel's ephemeral range (32768 and up) so that no
# client socket of an earlier run holds it (a race with other programs is possible but unlikely).
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 12000))
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

# median VALUE...: the middle value (the mean of the two middle ones for an even count).
median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR % 2) printf "%.6g\n", v[(NR + 1) / 2];
              else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

figure() {  # figure NAME VALUE: one machine-readable line.
    echo "BENCH_FIGURE name=$1 value=$2"
}
