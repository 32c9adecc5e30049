#!/usr/bin/env bash
# Starts (and with `stop`, stops) what the integration tests need, from Debian's packages:
# chromium for the browser tests, Redis and PostgreSQL 15 for the distributed-crawl and
# PostgreSQL store tests. Both servers listen on loopback only, on fixed ports that match the
# tests' defaults (tests/scale/services.py), so nothing has to be exported:
#   PANTAU_TEST_REDIS_URL    redis://127.0.0.1:56379/0
#   PANTAU_TEST_DATABASE_URL postgresql+psycopg://pantau:pantau@127.0.0.1:55432/pantau_test
# Their data lives in $PANTAU_SERVICES_DIR (default /var/tmp/pantau-services), thrown away on
# stop. A service that cannot be installed or started is reported; its tests then skip.
set -uo pipefail

DIR="${PANTAU_SERVICES_DIR:-/var/tmp/pantau-services}"
REDIS_PORT=56379
PG_PORT=55432
PG_BIN=/usr/lib/postgresql/15/bin

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    APT_UPDATED=1
  fi
  apt-get install -y -qq "$@" >/dev/null 2>&1 || echo "warning: could not install $*" >&2
}

start_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  command -v redis-server >/dev/null 2>&1 || return 0
  mkdir -p "$DIR/redis"
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then return 0; fi
  # appendonly: the shared request queue survives a Redis restart (tests/scale)
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR/redis" \
    --appendonly yes --appendfsync everysec --save "" --protected-mode yes \
    --daemonize yes --pidfile "$DIR/redis/redis.pid" --logfile "$DIR/redis/redis.log" \
    || echo "warning: redis-server did not start" >&2
  for _ in $(seq 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "warning: redis-server not answering on 127.0.0.1:$REDIS_PORT" >&2
}

start_postgres() {
  [ -x "$PG_BIN/initdb" ] || apt_install postgresql postgresql-15
  [ -x "$PG_BIN/initdb" ] || return 0
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" postgres
  mkdir -p "$DIR"
  chmod 755 "$DIR"
  local data="$DIR/pg"
  as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data" && chown postgres: "$data" 2>/dev/null
    as_pg "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$DIR/initdb.log" 2>&1 || { echo "warning: initdb failed" >&2; return 0; }
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # fsync off: a throwaway test server; durability is not what these tests measure
    as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$data/postgres.log" -w -t 60 start -o \
      "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $data -c fsync=off -c max_connections=200" \
      >/dev/null 2>&1 || { echo "warning: PostgreSQL did not start" >&2; return 0; }
  fi
  local psql=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname='pantau'" | grep -q 1 \
    || "${psql[@]}" -c "CREATE ROLE pantau LOGIN PASSWORD 'pantau'"
  "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname='pantau_test'" | grep -q 1 \
    || "${psql[@]}" -c "CREATE DATABASE pantau_test OWNER pantau"
}

stop_all() {
  if [ -f "$DIR/redis/redis.pid" ]; then
    kill "$(cat "$DIR/redis/redis.pid")" 2>/dev/null
  fi
  if [ -f "$DIR/pg/PG_VERSION" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null 2>&1 \
      || "$PG_BIN/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null 2>&1
  fi
  rm -rf "$DIR"
}

case "${1:-start}" in
  start)
    if ! command -v chromium >/dev/null 2>&1; then
      apt_install chromium
      command -v chromium >/dev/null 2>&1 || echo "warning: chromium not installed" >&2
    fi
    start_redis
    start_postgres
    ;;
  stop) stop_all ;;
esac
