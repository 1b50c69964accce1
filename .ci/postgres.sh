#!/usr/bin/env bash
# One throwaway PostgreSQL server on 127.0.0.1 for a whole CI run (the tests take it from CODING_TEST_POSTGRES_URL;
# without it, each test JVM starts its own with this script: TestPostgres, ChangeLogPostgres).
#   .ci/postgres.sh start DIR [PORT]   initdb into DIR/data, start the server (on PORT, else a free port), create the
#                                      database "coding"; prints its JDBC URL (user postgres, no password) on stdout
#   .ci/postgres.sh stop DIR           stop the server of DIR (DIR itself is left to the caller)
# As root the server runs as the postgres user (PostgreSQL refuses root), so DIR must be reachable by that user:
# take one under /tmp (mktemp -d). Installs Debian's postgresql package when no PostgreSQL is installed (root only).
set -euo pipefail

usage() { echo "usage: $0 start DIR [PORT] | stop DIR" >&2; exit 2; }
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || usage

find_bin() {
  local b
  b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$b" ] && [ -x "$b/pg_ctl" ] && [ -x "$b/initdb" ]; then echo "$b"; return; fi
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then dirname "$(command -v pg_ctl)"; fi
}

# Runs a command as the postgres user when we are root, else as ourselves.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null; then runuser -u postgres -- "$@"
    else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

bin=$(find_bin)
case "$cmd" in
start)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "PostgreSQL is not installed (no initdb/pg_ctl in /usr/lib/postgresql/*/bin or on the PATH):" \
           "install it with: apt-get install postgresql" >&2
      exit 1
    fi
    echo "installing PostgreSQL (apt-get install postgresql)..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
    bin=$(find_bin)
    [ -n "$bin" ] || { echo "apt-get install postgresql did not provide initdb/pg_ctl" >&2; exit 1; }
  fi
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "no 'postgres' user to run PostgreSQL as (it refuses root)" >&2; exit 1; }
    chown postgres "$dir"
    as_pg test -w "$dir" || { echo "the postgres user cannot write $dir: take a directory under /tmp (mktemp -d)" >&2; exit 1; }
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    LC_ALL=C as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync --no-locale -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  # A free port: the one asked for, else a random one nobody answers on; retried when the bind loses a race.
  for attempt in 1 2 3 4 5; do
    port=${3:-}
    if [ -z "$port" ]; then
      while :; do
        port=$((20000 + RANDOM % 30000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
      done
    fi
    if LC_ALL=C as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
         -o "-h 127.0.0.1 -p $port -k $dir/data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
         start >"$dir/pg_ctl.log" 2>&1; then
      break
    fi
    if [ -n "${3:-}" ] || [ "$attempt" -eq 5 ]; then
      echo "PostgreSQL did not start; pg_ctl said:" >&2; cat "$dir/pg_ctl.log" >&2
      echo "server log ($dir/server.log):" >&2; tail -20 "$dir/server.log" >&2 || true
      exit 1
    fi
  done
  psql="$bin/psql"; [ -x "$psql" ] || psql=$(command -v psql)
  if [ -z "$(as_pg "$psql" -X -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'coding'")" ]; then
    as_pg "$psql" -X -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE coding" >&2
  fi
  echo "$port" >"$dir/port"
  echo "jdbc:postgresql://127.0.0.1:$port/coding?user=postgres" ;;
stop)
  [ -d "$dir" ] || exit 0
  dir=$(cd "$dir" && pwd)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 || true
  fi ;;
*) usage ;;
esac
