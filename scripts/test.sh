#!/usr/bin/env bash
# Installs what the tests need, starts the servers the integration tests use (MariaDB, PostgreSQL 15 and an
# S3-protocol server on 127.0.0.1),
# builds Ferry and its tests (debug), and runs every test: unit tests and integration tests. Servers this script
# started are stopped when it ends; set FERRY_KEEP_SERVERS=1 to leave them running for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
scripts/install-deps.sh
if [ "${FERRY_KEEP_SERVERS:-0}" != 1 ]; then
    running=()
    [ -S "${MARIADB_DIR:-/tmp/ferry-mariadb-${MARIADB_PORT:-3307}}/mysqld.sock" ] && running+=(mariadb)
    [ -f "${POSTGRES_DIR:-/tmp/ferry-postgres-${POSTGRES_PORT:-5433}}/data/postmaster.pid" ] && running+=(postgres)
    s3_pid="${S3_STATE_DIR:-/tmp/ferry-s3-${S3_PORT:-9100}}/s3.pid"
    [ -f "$s3_pid" ] && kill -0 "$(cat "$s3_pid")" 2>/dev/null && running+=(s3)
    stop_started() {
        for server in mariadb postgres s3; do
            [[ " ${running[*]} " == *" $server "* ]] || "scripts/stop-$server.sh" >/dev/null 2>&1 || true
        done
    }
    trap stop_started EXIT
fi
scripts/start-mariadb.sh
scripts/start-postgres.sh
scripts/start-s3.sh
scripts/install-botocore.sh
swift build --build-tests
swift test --skip-build
