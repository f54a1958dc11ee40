#!/usr/bin/env bash
# A highly available Faktura on one machine, on loopback only: the recipe of deploy/ha/README.md,
# started and stopped by one script.
#
#   etcd (one member)            the store Patroni keeps the leader lock in
#   PostgreSQL 15 × 2 (Patroni)  pg1 and pg2, synchronous replication: a commit is acknowledged
#                                only once the standby has it
#   HAProxy                      one address for the clients, routed to whichever node's Patroni
#                                answers /primary; sessions to a demoted node are cut
#   faktura serve × 2            both on postgresql://…@HAProxy
#
#   deploy/ha/run.sh start [DIR]          start everything under DIR (default /tmp/faktura-ha)
#   deploy/ha/run.sh status [DIR]         who is primary, what answers
#   deploy/ha/run.sh stop [DIR]           stop what start started (by the pids it recorded), remove DIR
#   deploy/ha/run.sh failover-test [DIR]  start, write steadily through both Faktura processes,
#                                         kill the primary node (its Patroni and postmaster, SIGKILL),
#                                         and check: every acknowledged write is there afterwards,
#                                         the failover window answered 503 problems (no 500, no
#                                         hang); prints the failover time; stops everything
#
# Ports: FAKTURA_HA_PORT_BASE (default 25400) and the next 40. Binaries: Debian's etcd-server,
# patroni, haproxy and postgresql-15 (tools/install-deps.sh --ha installs them) and
# FAKTURA_BINARY (default build-release/src/cli/faktura, else build-test/…). Runs as root or as a
# user who may run PostgreSQL; under root the PostgreSQL nodes run as the postgres user.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$script_dir/../.." && pwd)
command=${1:-}
dir=${2:-/tmp/faktura-ha}
[[ $dir == /* ]] || dir="$PWD/$dir"
base=${FAKTURA_HA_PORT_BASE:-25400}
pg_bin=${FAKTURA_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}

etcd_port=$base
etcd_peer_port=$((base + 1))
haproxy_port=$((base + 2))
pg_ports=($((base + 10)) $((base + 11)))
rest_ports=($((base + 20)) $((base + 21)))
faktura_ports=($((base + 30)) $((base + 31)))

say() { echo "ha: $*" >&2; }
die() {
  say "$*"
  exit 1
}

faktura_binary() {
  if [[ -n ${FAKTURA_BINARY:-} ]]; then
    echo "$FAKTURA_BINARY"
  elif [[ -x $repo/build-release/src/cli/faktura ]]; then
    echo "$repo/build-release/src/cli/faktura"
  else
    echo "$repo/build-test/src/cli/faktura"
  fi
}

# The prefix that runs a command as the user PostgreSQL runs as. setpriv execs the command, so a
# background job's $! is the command's own pid (a shell function would put a subshell between).
as_postgres=()
if [[ $(id -u) -eq 0 ]]; then as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --); fi

record_pid() { echo "$2" >"$dir/pids/$1"; }
pid_of() { cat "$dir/pids/$1" 2>/dev/null || true; }
alive() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND…
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$what did not happen within ${seconds}s (logs in $dir)"
    sleep 0.2
  done
}

primary_node() {  # Prints pg1 or pg2: the node whose Patroni answers /primary with 200.
  local i
  for i in 0 1; do
    if curl -s -o /dev/null -w '%{http_code}' --max-time 1 \
      "http://127.0.0.1:${rest_ports[$i]}/primary" | grep -q '^200$'; then
      echo "pg$((i + 1))"
      return 0
    fi
  done
  return 1
}

replica_streaming() {  # True once the primary reports a synchronous standby.
  curl -s --max-time 1 "http://127.0.0.1:${rest_ports[0]}/cluster" | grep -q '"sync_standby"' ||
    curl -s --max-time 1 "http://127.0.0.1:${rest_ports[1]}/cluster" | grep -q '"sync_standby"'
}

psql_admin() {  # SQL through HAProxy as the superuser.
  PGPASSWORD=$(cat "$dir/secrets/postgres") "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$haproxy_port" -U postgres -d postgres "$@"
}

routes_to_primary_only() {
  local i
  for i in 1 2 3 4; do
    [[ $(psql_admin -tA -c "SELECT pg_is_in_recovery()") == f ]] || return 1
  done
}

write_patroni_config() {  # write_patroni_config INDEX
  local i=$1 name="pg$(($1 + 1))"
  mkdir -p "$dir/$name"
  cat >"$dir/$name/patroni.yml" <<EOF
scope: faktura
name: $name
log:
  level: WARNING
restapi:
  listen: 127.0.0.1:${rest_ports[$i]}
  connect_address: 127.0.0.1:${rest_ports[$i]}
etcd3:
  hosts: 127.0.0.1:$etcd_port
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 2
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
postgresql:
  listen: 127.0.0.1:${pg_ports[$i]}
  connect_address: 127.0.0.1:${pg_ports[$i]}
  data_dir: $dir/$name/data
  bin_dir: $pg_bin
  pgpass: $dir/$name/pgpass
  authentication:
    superuser:
      username: postgres
      password: $(cat "$dir/secrets/postgres")
    replication:
      username: replicator
      password: $(cat "$dir/secrets/replicator")
    rewind:
      username: postgres
      password: $(cat "$dir/secrets/postgres")
  parameters:
    unix_socket_directories: $dir/$name
    shared_buffers: 64MB
    password_encryption: scram-sha-256
EOF
  chmod 0600 "$dir/$name/patroni.yml"
  if [[ $(id -u) -eq 0 ]]; then chown -R postgres: "$dir/$name"; fi
}

start_patroni() {  # start_patroni INDEX
  local name="pg$(($1 + 1))"
  # In its own directory: Patroni's helper processes change into the working directory they were
  # started from, which the postgres user may not enter (a clone in a private directory).
  (cd "$dir/$name" && exec "${as_postgres[@]}" patroni "$dir/$name/patroni.yml" \
    >>"$dir/$name/patroni.log" 2>&1) &
  record_pid "patroni-$name" $!
}

start() {
  [[ -e $dir/pids ]] && die "$dir is in use; run '$0 stop $dir' first"
  for tool in etcd patroni haproxy curl "$pg_bin/psql" "$pg_bin/initdb"; do
    command -v "$tool" >/dev/null || die "$tool is missing (tools/install-deps.sh --ha installs it)"
  done
  local faktura
  faktura=$(faktura_binary)
  [[ -x $faktura ]] || die "no faktura binary at $faktura (build it, or set FAKTURA_BINARY)"
  local port
  for port in "$etcd_port" "$etcd_peer_port" "$haproxy_port" "${pg_ports[@]}" "${rest_ports[@]}" \
    "${faktura_ports[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      die "port $port is taken; set FAKTURA_HA_PORT_BASE"
    fi
  done
  mkdir -p "$dir/pids" "$dir/secrets" "$dir/etcd"
  chmod 0755 "$dir"
  chmod 0700 "$dir/secrets" "$dir/etcd"
  local secret
  for secret in postgres replicator faktura; do
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$dir/secrets/$secret"
  done

  say "etcd on 127.0.0.1:$etcd_port"
  etcd --name e1 --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" \
    --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "e1=http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster-state new --log-level warn >"$dir/etcd.log" 2>&1 &
  record_pid etcd $!
  wait_for 20 "etcd answering" curl -sf --max-time 1 "http://127.0.0.1:$etcd_port/health"

  say "PostgreSQL pg1 (127.0.0.1:${pg_ports[0]}) and pg2 (127.0.0.1:${pg_ports[1]}) under Patroni"
  write_patroni_config 0
  write_patroni_config 1
  start_patroni 0
  wait_for 60 "pg1 becoming primary" primary_node
  start_patroni 1
  wait_for 90 "pg2 streaming as the synchronous standby" replica_streaming

  say "HAProxy on 127.0.0.1:$haproxy_port, routed to the primary"
  cat >"$dir/haproxy.cfg" <<EOF
global
    maxconn 400
defaults
    mode tcp
    timeout connect 2s
    timeout client 30m
    timeout server 30m
    timeout check 1s
listen primary
    bind 127.0.0.1:$haproxy_port
    option httpchk GET /primary
    http-check expect status 200
    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
    server pg1 127.0.0.1:${pg_ports[0]} maxconn 150 check port ${rest_ports[0]}
    server pg2 127.0.0.1:${pg_ports[1]} maxconn 150 check port ${rest_ports[1]}
EOF
  haproxy -db -f "$dir/haproxy.cfg" >"$dir/haproxy.log" 2>&1 &
  record_pid haproxy $!
  # HAProxy counts a server up until its checks say otherwise: wait until every server it
  # routes to (round robin, so four connections meet both) is the primary.
  wait_for 30 "HAProxy routing to the primary only" routes_to_primary_only

  local password
  password=$(cat "$dir/secrets/faktura")
  psql_admin -c "CREATE ROLE faktura LOGIN PASSWORD '$password'" \
    -c "CREATE DATABASE faktura OWNER faktura"
  local url="postgresql://faktura:$password@127.0.0.1:$haproxy_port/faktura?connect_timeout=2"
  echo "$url" >"$dir/secrets/url"
  "$faktura" migrate --database "$url" >/dev/null
  "$faktura" merchant add --name "HA shop" --database "$url" >"$dir/secrets/merchant"

  local i
  for i in 0 1; do
    say "faktura serve on 127.0.0.1:${faktura_ports[$i]}"
    "$faktura" serve --listen "127.0.0.1:${faktura_ports[$i]}" --database "$url" --no-callbacks \
      >"$dir/faktura$((i + 1)).log" 2>&1 &
    record_pid "faktura$((i + 1))" $!
  done
  for i in 0 1; do
    wait_for 20 "faktura$((i + 1)) answering" curl -sf --max-time 1 \
      "http://127.0.0.1:${faktura_ports[$i]}/health"
  done
  say "up: Faktura at http://127.0.0.1:${faktura_ports[0]} and http://127.0.0.1:${faktura_ports[1]};" \
    "merchant in $dir/secrets/merchant; primary $(primary_node)"
}

status() {
  local name pid
  for name in etcd patroni-pg1 patroni-pg2 haproxy faktura1 faktura2; do
    pid=$(pid_of "$name")
    if alive "$pid"; then echo "$name: running (pid $pid)"; else echo "$name: not running"; fi
  done
  echo "primary: $(primary_node || echo none)"
}

stop_processes() {
  [[ -d $dir/pids ]] || return 0
  local name pid
  # Clients first, then the proxy, then the nodes (Patroni stops its PostgreSQL), then etcd.
  for name in faktura1 faktura2 haproxy patroni-pg2 patroni-pg1 etcd; do
    pid=$(pid_of "$name")
    alive "$pid" || continue
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while alive "$pid" && ((waited < 300)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  done
  # A node whose Patroni was killed (the failover test) leaves its postmaster or, when that was
  # killed too, backends finishing; both are of the data directory this script made.
  local node data postmaster
  for node in pg1 pg2; do
    data=$dir/$node/data
    [[ -f $data/postmaster.pid ]] || continue
    postmaster=$(head -n 1 "$data/postmaster.pid")
    if alive "$postmaster"; then
      "${as_postgres[@]}" "$pg_bin/pg_ctl" stop -s -m immediate -D "$data" || true
    fi
  done
  rm -rf "$dir/pids"
}

stop() {
  if [[ ! -d $dir/pids ]]; then
    say "nothing started in $dir"
  else
    stop_processes
  fi
  # Only a directory this script made (it holds the secrets it wrote).
  if [[ -d $dir/secrets ]]; then rm -rf "$dir"; fi
}

# failover-test: steady writes through both Faktura processes while the primary node dies.
failover_test() {
  # Whatever happens from here on, the processes started are stopped on the way out (the
  # directory and its logs stay when the test failed).
  trap stop_processes EXIT
  start
  local payee token
  payee=$(sed -nE 's/^payeeId: *([^ ]+).*/\1/p' "$dir/secrets/merchant")
  token=$(sed -nE 's/^token: *([^ ]+).*/\1/p' "$dir/secrets/merchant")
  local results=$dir/results
  mkdir -p "$results"
  local writers=6
  : >"$dir/stop-load"
  rm -f "$dir/stop-load"
  local load_pids=() w
  for w in $(seq "$writers"); do
    (
      port=${faktura_ports[$((w % 2))]}
      n=0
      while [[ ! -e $dir/stop-load ]]; do
        n=$((n + 1))
        reference="ha${w}n$n"
        body='{"payment":{"operation":"FinancingConsumer","intent":"Authorization","currency":"SEK","prices":[{"type":"Invoice","amount":10000,"vatAmount":0}],"description":"HA","userAgent":"Mozilla/5.0","language":"sv-SE","urls":{"hostUrls":["https://shop.example/"],"completeUrl":"https://shop.example/complete"},"payeeInfo":{"payeeId":"'$payee'","payeeReference":"'$reference'","payeeName":"HA shop"}},"invoice":{"invoiceType":"PayExFinancingSe"}}'
        started=$(date +%s.%N)
        # --max-time: an answer that takes longer counts as a hang.
        line=$(curl -s -o "$results/body.$w" -D "$results/headers.$w" -w '%{http_code}' \
          --max-time 10 -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
          --data-binary "$body" "http://127.0.0.1:$port/psp/invoice/payments" || true)
        location=$(sed -nE 's/^[Ll]ocation: *([^[:space:]]+).*/\1/p' "$results/headers.$w" | head -n 1)
        type=$(sed -nE 's/.*"type":"([^"]*)".*/\1/p' "$results/body.$w" | head -n 1)
        echo "$started $(date +%s.%N) ${line:-000} $reference ${location:--} ${type:--}" >>"$results/writer.$w"
      done
    ) &
    load_pids+=($!)
  done
  sleep 5
  local primary killed_at
  primary=$(primary_node) || die "no primary before the kill"
  say "killing the primary node $primary (Patroni and postmaster, SIGKILL) under load"
  local postmaster
  postmaster=$(head -n 1 "$dir/$primary/data/postmaster.pid")
  killed_at=$(date +%s.%N)
  kill -KILL "$(pid_of "patroni-$primary")" "$postmaster"
  local deadline=$((SECONDS + 60))
  until primary_node >/dev/null 2>&1 && [[ $(primary_node) != "$primary" ]]; do
    ((SECONDS < deadline)) || die "no new primary within 60 s"
    sleep 0.2
  done
  local promoted_at
  promoted_at=$(date +%s.%N)
  say "$(primary_node) promoted"
  sleep 6
  touch "$dir/stop-load"
  wait "${load_pids[@]}"

  cat "$results"/writer.* | sort -n >"$results/all"
  local total acknowledged unavailable failed
  total=$(wc -l <"$results/all")
  acknowledged=$(awk '$3 == 201' "$results/all" | wc -l)
  unavailable=$(awk '$3 == 503' "$results/all" | wc -l)
  failed=$(awk '$3 != 201 && $3 != 503' "$results/all" | wc -l)
  # The window: from the first write that did not get 201 to the last one, after the kill.
  local window
  window=$(awk -v k="$killed_at" '$1 >= k - 1 && $3 != 201 { if (!first) first = $1; last = $2 }
    END { if (first) printf "%.1f", last - first; else printf "0" }' "$results/all")
  local first_after
  first_after=$(awk -v k="$killed_at" '$1 > k && $3 == 201 { print $2; exit }' "$results/all")
  # Every acknowledged payment, read back through the other process.
  local missing=0 location
  while read -r location; do
    local path=${location#http*://*/}
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
      -H "Authorization: Bearer $token" "http://127.0.0.1:${faktura_ports[1]}/$path")
    [[ $code == 200 ]] || missing=$((missing + 1))
  done < <(awk '$3 == 201 { print $5 }' "$results/all")
  local promotion
  promotion=$(awk -v a="$killed_at" -v b="$promoted_at" 'BEGIN { printf "%.1f", b - a }')
  echo "failover: $total writes ($acknowledged acknowledged, $unavailable answered 503, $failed other)"
  echo "failover: new primary ${promotion} s after the kill; writes failing for $window s"
  echo "failover: acknowledged writes missing afterwards: $missing"
  awk '$3 != 201 && $3 != 503 { print "failover: other answer:", $0 }' "$results/all" | head -n 5
  echo "BENCH_FIGURE name=failover_promotion_s value=$promotion"
  echo "BENCH_FIGURE name=failover_window_s value=$window"
  local verdict=0
  ((missing == 0)) || verdict=1
  ((failed == 0)) || verdict=1
  ((acknowledged > 0)) || verdict=1
  [[ -n $first_after ]] || {
    say "no write was acknowledged after the kill"
    verdict=1
  }
  if ((verdict != 0)); then
    say "FAILED; logs kept in $dir"
    return 1
  fi
  trap - EXIT
  stop
  echo "failover: passed"
}

case $command in
  start) start ;;
  status) status ;;
  stop) stop ;;
  failover-test) failover_test ;;
  *)
    sed -n '2,21p' "$0" >&2
    exit 2
    ;;
esac
