#!/usr/bin/env bash
# A throw-away PostgreSQL 15 server for the storage tests, in a directory of its own:
#
#   tools/postgres-test-cluster.sh start DIR   # initdb into DIR/data, start, print the URL
#   tools/postgres-test-cluster.sh url DIR     # print the URL only
#   tools/postgres-test-cluster.sh stop DIR    # stop the server started in DIR, remove DIR
#
# The server listens on no TCP port, only on a Unix socket in DIR; its superuser is `faktura` with
# trust authentication, so only who may enter DIR can connect. fsync stays on: the tests check
# that acknowledged writes survive. PostgreSQL refuses to run as root, so under root the server
# runs as the `postgres` OS user and DIR is handed to it. Stopping goes by the server's own pid file
# (pg_ctl stop), never by a process name. The binaries: $FAKTURA_POSTGRES_BIN, else Debian's
# postgresql-15 package (tools/install-deps.sh installs it).
set -euo pipefail

usage() {
  echo "usage: $0 start|url|stop DIR" >&2
  exit 2
}
[[ $# -eq 2 ]] || usage
command=$1
dir=$2
[[ $dir == /* ]] || dir="$PWD/$dir"

bin=${FAKTURA_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
data="$dir/data"
url="postgresql:///postgres?host=$dir&user=faktura"

as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() {
  [[ -f $data/postmaster.pid ]] && as_server_user "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1
}

case $command in
  url)
    echo "$url"
    ;;
  start)
    if [[ ! -x $bin/initdb || ! -x $bin/pg_ctl ]]; then
      echo "postgres-test-cluster: no PostgreSQL server binaries in $bin (install postgresql-15," \
           "or set FAKTURA_POSTGRES_BIN)" >&2
      exit 1
    fi
    # A Unix socket path has at most 107 bytes.
    if (( ${#dir} + 16 > 107 )); then
      echo "postgres-test-cluster: $dir is too long for a Unix socket path" >&2
      exit 1
    fi
    if running; then
      echo "$url"
      exit 0
    fi
    mkdir -p "$dir"
    chmod 0700 "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    if [[ ! -f $data/PG_VERSION ]]; then
      rm -rf "$data"
      # --no-sync only for initdb's own files; the server below runs with fsync on.
      as_server_user "$bin/initdb" -D "$data" -A trust -U faktura -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        exit 1
      }
      cat >>"$data/postgresql.conf" <<EOF

# tools/postgres-test-cluster.sh
listen_addresses = ''
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
fsync = on
synchronous_commit = on
shared_buffers = 32MB
max_connections = 200
log_min_messages = warning
log_min_error_statement = panic
EOF
    fi
    as_server_user "$bin/pg_ctl" start -w -t 60 -s -D "$data" -l "$dir/server.log" || {
      cat "$dir/server.log" >&2
      exit 1
    }
    echo "$url"
    ;;
  stop)
    if running; then
      as_server_user "$bin/pg_ctl" stop -w -t 60 -s -m fast -D "$data"
    fi
    # Only a directory this script made: one holding a cluster's data directory, or nothing.
    if [[ -d $dir && ( -f $data/PG_VERSION || -z $(ls -A "$dir") || -f $dir/initdb.log ) ]]; then
      rm -rf "$dir"
    fi
    ;;
  *)
    usage
    ;;
esac
