#!/usr/bin/env bash
# Starts a throwaway MariaDB server for Ferry's integration tests.
#
#   MARIADB_PORT      TCP port on 127.0.0.1 (default 3307)
#   MARIADB_DIR       data/socket/pid/log directory (default /tmp/ferry-mariadb-$MARIADB_PORT)
#   MARIADB_USER      TCP user created with all privileges (default ferry)
#   MARIADB_PASSWORD  its password (default ferry)
#
# Installs mariadb-server and libmariadb-dev with apt-get when they are missing. Idempotent: when the server
# on that port is already answering, it exits 0 without touching it. Stop it with scripts/stop-mariadb.sh.
set -euo pipefail

PORT="${MARIADB_PORT:-3307}"
DIR="${MARIADB_DIR:-/tmp/ferry-mariadb-$PORT}"
USER_NAME="${MARIADB_USER:-ferry}"
PASSWORD="${MARIADB_PASSWORD:-ferry}"
SOCKET="$DIR/mysqld.sock"
CNF="$DIR/my.cnf"

need=()
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server mariadb-client)
[ -f /usr/include/mariadb/mysql.h ] || need+=(libmariadb-dev)
if [ "${#need[@]}" -gt 0 ]; then
    echo "start-mariadb: installing ${need[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # policy-rc.d keeps the package from starting (and enabling) the system-wide server.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
MARIADBD="$(command -v mariadbd || echo /usr/sbin/mariadbd)"
CLIENT="$(command -v mariadb || command -v mysql)"

if [ -S "$SOCKET" ] && "$CLIENT" --no-defaults -S "$SOCKET" -uroot -e 'SELECT 1' >/dev/null 2>&1; then
    echo "start-mariadb: already running on 127.0.0.1:$PORT ($DIR)" >&2
    exit 0
fi

mkdir -p "$DIR"
cat >"$CNF" <<CNF
[mariadbd]
user=root
port=$PORT
bind-address=127.0.0.1
datadir=$DIR/data
socket=$SOCKET
pid-file=$DIR/mariadbd.pid
log-error=$DIR/error.log
skip-log-bin
skip-name-resolve
local-infile=1
innodb_buffer_pool_size=256M
innodb_flush_log_at_trx_commit=2
max_allowed_packet=256M
character-set-server=utf8mb4
collation-server=utf8mb4_bin
CNF

if [ ! -d "$DIR/data/mysql" ]; then
    mariadb-install-db --defaults-file="$CNF" --auth-root-authentication-method=socket >"$DIR/install.log" 2>&1 \
        || { cat "$DIR/install.log" >&2; exit 1; }
fi

nohup "$MARIADBD" --defaults-file="$CNF" >>"$DIR/mariadbd.out" 2>&1 &

for _ in $(seq 1 120); do
    if "$CLIENT" --no-defaults -S "$SOCKET" -uroot -e 'SELECT 1' >/dev/null 2>&1; then break; fi
    sleep 0.5
done
if ! "$CLIENT" --no-defaults -S "$SOCKET" -uroot -e 'SELECT 1' >/dev/null 2>&1; then
    echo "start-mariadb: server did not come up; see $DIR/error.log" >&2
    tail -n 20 "$DIR/error.log" >&2 || true
    exit 1
fi

"$CLIENT" --no-defaults -S "$SOCKET" -uroot <<SQL
CREATE USER IF NOT EXISTS '$USER_NAME'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
CREATE USER IF NOT EXISTS '$USER_NAME'@'localhost' IDENTIFIED BY '$PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$USER_NAME'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
echo "start-mariadb: ready on 127.0.0.1:$PORT (user $USER_NAME, dir $DIR)" >&2
