#!/usr/bin/env bash
# Stops the throwaway MariaDB server started by scripts/start-mariadb.sh and removes its directory.
#
#   MARIADB_PORT  the port it was started on (default 3307)
#   MARIADB_DIR   its directory (default /tmp/ferry-mariadb-$MARIADB_PORT)
#   MARIADB_KEEP  set to 1 to keep the data directory
set -euo pipefail

PORT="${MARIADB_PORT:-3307}"
DIR="${MARIADB_DIR:-/tmp/ferry-mariadb-$PORT}"
PIDFILE="$DIR/mariadbd.pid"

if [ -f "$PIDFILE" ]; then
    pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" || true; fi
    fi
fi
if [ "${MARIADB_KEEP:-0}" != 1 ]; then rm -rf "$DIR"; fi
echo "stop-mariadb: stopped (port $PORT)" >&2
