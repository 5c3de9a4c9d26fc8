#!/usr/bin/env bash
# Stops the throwaway PostgreSQL cluster started by scripts/start-postgres.sh and removes its directory.
#
#   POSTGRES_PORT  the port it was started on (default 5433)
#   POSTGRES_DIR   its directory (default /tmp/ferry-postgres-$POSTGRES_PORT)
#   POSTGRES_KEEP  set to 1 to keep the data directory
set -euo pipefail

PORT="${POSTGRES_PORT:-5433}"
DIR="${POSTGRES_DIR:-/tmp/ferry-postgres-$PORT}"
BIN=/usr/lib/postgresql/15/bin

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

if [ -f "$DIR/data/postmaster.pid" ]; then
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 || {
        pid="$(head -n 1 "$DIR/data/postmaster.pid" 2>/dev/null || true)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" || true; fi
    }
fi
if [ "${POSTGRES_KEEP:-0}" != 1 ]; then rm -rf "$DIR"; fi
echo "stop-postgres: stopped (port $PORT)" >&2
