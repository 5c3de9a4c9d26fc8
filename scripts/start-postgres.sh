#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for Ferry's integration tests.
#
#   POSTGRES_PORT      TCP port on 127.0.0.1 (default 5433)
#   POSTGRES_DIR       data/socket/log directory (default /tmp/ferry-postgres-$POSTGRES_PORT)
#   POSTGRES_USER      role created with CREATEDB, CREATEROLE (tests make throwaway roles) and a password (default ferry)
#   POSTGRES_PASSWORD  its password (default ferry)
#   POSTGRES_DB        database created for it (default ferry)
#
# The cluster runs as the `postgres` OS user from /usr/lib/postgresql/15/bin (postgresql-15 is installed with
# apt-get only when those binaries are missing). TCP connections use scram-sha-256 password authentication (so a
# wrong password is refused); the socket in $POSTGRES_DIR trusts the local `postgres` superuser for setup.
# For speed the cluster runs with fsync=off, synchronous_commit=off and full_page_writes=off: a crash can lose or
# corrupt its data, which is fine for a throwaway test server and never for anything else.
# TLS is on, with a self-signed certificate for 127.0.0.1 and localhost made here ($DIR/server.crt, which clients
# can trust with sslrootcert=$DIR/server.crt); plain connections are accepted too.
# The test role may signal other sessions (pg_signal_backend): tests drop their databases WITH (FORCE), which must
# also end an autovacuum worker that happens to be visiting (its role is none, so only that grant allows it).
# Idempotent: when the server on that port already answers, only the role and database are ensured.
# Stop it with scripts/stop-postgres.sh.
set -euo pipefail

PORT="${POSTGRES_PORT:-5433}"
DIR="${POSTGRES_DIR:-/tmp/ferry-postgres-$PORT}"
USER_NAME="${POSTGRES_USER:-ferry}"
PASSWORD="${POSTGRES_PASSWORD:-ferry}"
DB_NAME="${POSTGRES_DB:-ferry}"
BIN=/usr/lib/postgresql/15/bin
DATA="$DIR/data"

if [ ! -x "$BIN/postgres" ] || [ ! -x "$BIN/initdb" ]; then
    echo "start-postgres: installing postgresql-15" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # policy-rc.d keeps the package from starting (and enabling) the system-wide cluster.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
fi

# Run a command as the postgres OS user (initdb and postgres refuse to run as root).
as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}
psql_admin() {
    as_postgres "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres -d postgres "$@"
}

if ! as_postgres "$BIN/pg_isready" -q -h "$DIR" -p "$PORT" 2>/dev/null; then
    mkdir -p "$DIR"
    chown postgres:postgres "$DIR" 2>/dev/null || true
    chmod 700 "$DIR"
    if [ ! -f "$DATA/PG_VERSION" ]; then
        as_postgres "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
            || { cat "$DIR/initdb.log" >&2; exit 1; }
    fi
    as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DIR/postgres.log" -w -t 60 start -o \
        "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 -c shared_buffers=128MB" \
        >/dev/null || { echo "start-postgres: server did not come up; see $DIR/postgres.log" >&2; tail -n 20 "$DIR/postgres.log" >&2 || true; exit 1; }
fi

for _ in $(seq 1 120); do
    if as_postgres "$BIN/pg_isready" -q -h "$DIR" -p "$PORT"; then break; fi
    sleep 0.5
done

# TLS with a throwaway self-signed certificate (also turned on for a server that was already running).
if [ ! -f "$DIR/server.key" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$DIR/server.key" -out "$DIR/server.crt" >/dev/null 2>&1
    chown postgres:postgres "$DIR/server.key" "$DIR/server.crt" 2>/dev/null || true
    chmod 600 "$DIR/server.key"
    chmod 644 "$DIR/server.crt"
fi
psql_admin -v cert="$DIR/server.crt" -v key="$DIR/server.key" <<'SQL'
ALTER SYSTEM SET ssl = on;
ALTER SYSTEM SET ssl_cert_file = :'cert';
ALTER SYSTEM SET ssl_key_file = :'key';
SELECT pg_reload_conf() \g /dev/null
SQL

# Role and database (idempotent). The password goes in through a psql variable, quoted by psql.
psql_admin -v user="$USER_NAME" -v password="$PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB CREATEROLE', :'user')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB CREATEROLE PASSWORD %L', :'user', :'password') \gexec
SELECT format('GRANT pg_signal_backend TO %I', :'user') \gexec
SQL
psql_admin -v user="$USER_NAME" -v db="$DB_NAME" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
echo "start-postgres: ready on 127.0.0.1:$PORT (user $USER_NAME, database $DB_NAME, dir $DIR)" >&2
