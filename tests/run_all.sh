#!/usr/bin/env bash
# The whole suite: every test on SQLite, then the database-facing tests again on a
# throwaway PostgreSQL cluster when PostgreSQL's server binaries are installed (as in CI).
# The system tests (marker "system": primary + replica, Redis, two gunicorns, HAProxy; backup
# round trip) start their own servers and run once, in the first pass.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

echo "== tests on SQLite"
$PY -m pytest -q

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "== PostgreSQL server not installed: skipping the PostgreSQL run"
  exit 0
fi

D=$(mktemp -d)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$D"
cleanup() { as_pg "$PG_BIN/pg_ctl" -D "$D/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$D"; }
trap cleanup EXIT
as_pg "$PG_BIN/initdb" -D "$D/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$D/data" -o "-k $D -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" -l "$D/log" -w start >/dev/null

echo "== tests on PostgreSQL (throwaway cluster in $D)"
TEST_DATABASE_URL="postgresql+psycopg://postgres@/postgres?host=$D" \
  $PY -m pytest -q -m "not browser and not system" -p no:randomly
