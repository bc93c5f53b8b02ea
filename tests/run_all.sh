#!/usr/bin/env bash
# The whole suite: every test on SQLite (with the browser journeys) and, when PostgreSQL's
# server binaries are installed (as in CI), everything but the browser tests on a throwaway
# PostgreSQL cluster. The two runs go at the same time, each on two pytest-xdist workers
# (TEST_WORKERS), so that both cores stay busy; their reports follow each other at the end.
# The system tests (marker "system": primary + replica, Redis, two gunicorns, HAProxy; backup
# round trip) start their own servers and run once, in the SQLite run.
# The pure domain tests (tests/domain: no flask, no database; their one CLI test reads policy
# files only) prove nothing about a database: they run once, in the SQLite run. The PostgreSQL
# run takes tests/services and tests/web (PG_TESTS), so it does not even import the others.
# Likewise the modules marked "no_database" (catalogues, the sources check, file sniffing,
# start-up probes in their own processes on in-memory SQLite; tests/conftest.py refuses the
# mark on a test that asks for the database).
# `run_all.sh sqlite` or `run_all.sh postgres` runs one of them. Exits non-zero on any failure.
#
# --dist loadfile --no-loadscope-reorder hands out whole test files in collection order, so
# the two long browser journeys (tests/browser comes first) start at once on different workers.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
WHICH=${1:-all}
# Python may keep compiled modules, even where the environment says not to
# (PYTHONDONTWRITEBYTECODE, as in our containers): without them every worker, and every
# process a test starts, compiles the register again, and pytest rewrites the asserts of all
# ~165 test modules again in each worker (about 15 s of CPU per worker). The __pycache__
# folders stay out of git (.gitignore).
unset PYTHONDONTWRITEBYTECODE
PYTEST=("$PY" -m pytest -q -n "${TEST_WORKERS:-2}" --dist loadfile --no-loadscope-reorder)

PG_TESTS=(tests/services tests/web)

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ "$WHICH" = sqlite ] || { [ "$WHICH" = all ] && { [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; }; }; then
  [ "$WHICH" = all ] && echo "== PostgreSQL server not installed: the PostgreSQL run is skipped"
  echo "== tests on SQLite"
  exec "${PYTEST[@]}"
fi
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "== PostgreSQL server not installed" >&2
  exit 1
fi

D=$(mktemp -d)
pids=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$D"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  as_pg "$PG_BIN/pg_ctl" -D "$D/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$D"
}
trap cleanup EXIT
as_pg "$PG_BIN/initdb" -D "$D/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$D/data" -o "-k $D -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" -l "$D/log" -w start >/dev/null
PG_URL="postgresql+psycopg://postgres@/postgres?host=$D"

if [ "$WHICH" = postgres ]; then
  echo "== tests on PostgreSQL (throwaway cluster in $D)"
  TEST_DATABASE_URL="$PG_URL" "${PYTEST[@]}" -m "not browser and not system and not no_database" -p no:randomly "${PG_TESTS[@]}"
  exit
fi

echo "== tests on SQLite and on PostgreSQL (throwaway cluster in $D), at the same time"
"${PYTEST[@]}" >"$D/sqlite.out" 2>&1 &
pids+=($!)
TEST_DATABASE_URL="$PG_URL" "${PYTEST[@]}" -m "not browser and not system and not no_database" -p no:randomly "${PG_TESTS[@]}" >"$D/postgres.out" 2>&1 &
pids+=($!)
sqlite_status=0 postgres_status=0
wait "${pids[0]}" || sqlite_status=$?
wait "${pids[1]}" || postgres_status=$?
pids=()
echo "== tests on SQLite"
cat "$D/sqlite.out"
echo "== tests on PostgreSQL"
cat "$D/postgres.out"
[ "$sqlite_status" = 0 ] || echo "== the SQLite run failed (exit $sqlite_status)" >&2
[ "$postgres_status" = 0 ] || echo "== the PostgreSQL run failed (exit $postgres_status)" >&2
[ "$sqlite_status" = 0 ] && [ "$postgres_status" = 0 ]
