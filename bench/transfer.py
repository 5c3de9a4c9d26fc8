#!/usr/bin/env python3
"""Ferry's extract and load against the databases' own bulk paths, in one run, on the same data.

    swift build -c release --product ferry          # once; the benchmark runs .build/release/ferry
    scripts/start-mariadb.sh && scripts/start-postgres.sh
    python3 bench/transfer.py [--rows 100000,1000000,5000000]

For each size it generates bench/tricky_table.py's 7-column table (NULL vs '', quotes, CR/LF, tabs, non-ASCII,
exact decimals, extreme doubles, microsecond timestamps, binary) and times, each path on a table with a primary key:

  MariaDB  load:    ferry load (CSV file -> staging table -> RENAME)   vs  LOAD DATA INFILE (server-side file)
  MariaDB  export:  ferry extract (SELECT -> CSV file + manifest)      vs  SELECT ... INTO OUTFILE
  Postgres load:    ferry load (CSV -> COPY FROM STDIN -> swap)        vs  COPY ... FROM 'file'
  Postgres export:  ferry extract                                      vs  COPY ... TO 'file'

Native paths run in the server on server-side files (the fastest they can be). Every path runs --repeat times
(default 3), native and Ferry alternating, and the medians are reported; each load goes into a table dropped and
created again just before it (untimed), and the first Ferry load (untimed: it fills the table the exports read)
runs before any of them. Before the PostgreSQL exports the loaded table is vacuumed and checkpointed (untimed), so
background work left by the load does not land on whichever export happens to run next. "exact" means the CSV
Ferry exports after its own load has the same SHA-256 as the CSV it loaded (every value survived, NULL stayed NULL,
'' stayed ''); for PostgreSQL, whose heap returns rows in no set order, that check uses a second, untimed
`ORDER BY id` export after the last timed load.
Peak RSS is the Ferry process's maximum resident set (getrusage of the child).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import tricky_table  # noqa: E402

MYSQL_PORT = int(os.environ.get("MARIADB_PORT", "3307"))
MYSQL_SOCKET = os.environ.get("MARIADB_DIR", f"/tmp/ferry-mariadb-{MYSQL_PORT}") + "/mysqld.sock"
MYSQL_URL = f"mysql://ferry:{os.environ.get('MARIADB_PASSWORD', 'ferry')}@127.0.0.1:{MYSQL_PORT}/ferry_bench"
PG_PORT = int(os.environ.get("POSTGRES_PORT", "5433"))
PG_SOCKET_DIR = os.environ.get("POSTGRES_DIR", f"/tmp/ferry-postgres-{PG_PORT}")
PG_URL = f"postgres://ferry:{os.environ.get('POSTGRES_PASSWORD', 'ferry')}@127.0.0.1:{PG_PORT}/ferry_bench"
PSQL = "/usr/lib/postgresql/15/bin/psql"

MYSQL_DDL = (
    "CREATE TABLE {t} (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(100), note TEXT, amount DECIMAL(18,6), "
    "ratio DOUBLE, at DATETIME(6), data BLOB) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
)
PG_DDL = (
    "CREATE TABLE {t} (id bigint NOT NULL PRIMARY KEY, name varchar(100), note text, amount numeric(18,6), "
    "ratio float8, at timestamp(6), data bytea)"
)


def mysql(sql, database="ferry_bench"):
    subprocess.run(
        ["mariadb", "--no-defaults", "-S", MYSQL_SOCKET, "-uroot", database, "-e", sql], check=True,
        stdout=subprocess.DEVNULL)


def psql(sql, database="ferry_bench"):
    command = [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", PG_SOCKET_DIR, "-p", str(PG_PORT), "-U", "postgres",
               "-d", database, "-c", sql]
    quiet = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")  # no "does not exist, skipping"
    subprocess.run(["runuser", "-u", "postgres", "--"] + command, check=True, stdout=subprocess.DEVNULL, env=quiet)


def timed(function, *arguments):
    start = time.perf_counter()
    function(*arguments)
    return time.perf_counter() - start


def ferry_measured(binary, arguments):
    """Runs ferry; returns (seconds, peak RSS in MB from wait4, the JSON summary it printed)."""
    start = time.perf_counter()
    process = subprocess.Popen([binary] + arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"ferry {' '.join(arguments)} failed: {stderr.decode()}")
    return seconds, usage.ru_maxrss / 1024, json.loads(stdout)


def alternating(binary, native, arguments, repeat, reset=lambda: None):
    """Times the native path and Ferry's `repeat` times each, alternating, calling `reset` (untimed) before each;
    returns the medians, Ferry's highest peak RSS, and its last JSON summary."""
    native_times, ferry_times, peaks, summary = [], [], [], None
    for _ in range(repeat):
        reset()
        native_times.append(timed(native))
        reset()
        seconds, rss, summary = ferry_measured(binary, arguments)
        ferry_times.append(seconds)
        peaks.append(rss)
    return statistics.median(ferry_times), statistics.median(native_times), max(peaks), summary


def server_export(run_sql, sql, path):
    """A native export `sql` into the server-side file `path`, removed first (servers refuse to overwrite)."""
    def export():
        if os.path.exists(path):
            os.remove(path)
        run_sql(sql)
    return export


def run_size(binary, rows, work, repeat):
    folder = os.path.join(work, str(rows))
    os.makedirs(folder, exist_ok=True)
    os.chmod(folder, 0o777)
    source_db = os.path.join(folder, "source.db")
    if not os.path.exists(source_db):
        print(f"  generating {rows:,} rows ...", file=sys.stderr)
        tricky_table.create(source_db + ".tmp", rows)
        os.rename(source_db + ".tmp", source_db)
    csv = os.path.join(folder, "input.csv")
    _, _, extracted = ferry_measured(
        binary, ["extract", "--source", "sqlite://" + source_db, "--query", "SELECT * FROM big ORDER BY id",
                 "--to", "file://" + csv])
    reference = extracted["sha256"]
    results = []

    # MariaDB.
    mysql("DROP DATABASE IF EXISTS ferry_bench; CREATE DATABASE ferry_bench", database="mysql")
    mysql(MYSQL_DDL.format(t="big"))
    mysql_load = ["load", "--from", "file://" + csv, "--target", MYSQL_URL, "--table", "big"]
    ferry_measured(binary, mysql_load)
    native_file = os.path.join(folder, "mysql-native.tsv")
    out = os.path.join(folder, "mysql.csv")

    mysql_native_export = server_export(mysql, f"SELECT * FROM big INTO OUTFILE '{native_file}'", native_file)
    export_s, native_export, export_rss, exported = alternating(
        binary, mysql_native_export, ["extract", "--source", MYSQL_URL, "--query", "SELECT * FROM big",
                                      "--to", "file://" + out], repeat)
    exact = exported["sha256"] == reference

    def mysql_fresh_tables():
        mysql("DROP TABLE IF EXISTS big, big_native; " + MYSQL_DDL.format(t="big") + "; "
              + MYSQL_DDL.format(t="big_native"))

    load_s, native_load, load_rss, _ = alternating(
        binary, lambda: mysql(f"LOAD DATA INFILE '{native_file}' INTO TABLE big_native"), mysql_load, repeat,
        reset=mysql_fresh_tables)
    results.append(("MariaDB load", load_s, native_load, "LOAD DATA INFILE", load_rss, exact))
    results.append(("MariaDB export", export_s, native_export, "SELECT ... INTO OUTFILE", export_rss, exact))

    # PostgreSQL.
    psql("DROP DATABASE IF EXISTS ferry_bench", database="postgres")
    psql("CREATE DATABASE ferry_bench OWNER ferry", database="postgres")
    psql(PG_DDL.format(t="big") + "; ALTER TABLE big OWNER TO ferry")
    postgres_load = ["load", "--from", "file://" + csv, "--target", PG_URL, "--table", "big"]
    ferry_measured(binary, postgres_load)
    # Untimed: set hint bits and the visibility map, and write the loaded pages out, so that no background work
    # (autovacuum, checkpoints) from the load competes with either export.
    psql("VACUUM (ANALYZE) big")
    psql("CHECKPOINT")
    native_file = os.path.join(folder, "postgres-native.txt")
    out = os.path.join(folder, "postgres.csv")

    postgres_native_export = server_export(psql, f"COPY big TO '{native_file}'", native_file)
    export_s, native_export, export_rss, _ = alternating(
        binary, postgres_native_export, ["extract", "--source", PG_URL, "--query", "SELECT * FROM big",
                                         "--to", "file://" + out], repeat)

    def postgres_fresh_tables():
        psql("DROP TABLE IF EXISTS big, big_native; " + PG_DDL.format(t="big") + "; " + PG_DDL.format(t="big_native")
             + "; ALTER TABLE big OWNER TO ferry")

    load_s, native_load, load_rss, _ = alternating(
        binary, lambda: psql(f"COPY big_native FROM '{native_file}'"), postgres_load, repeat,
        reset=postgres_fresh_tables)
    # A heap has no order (unlike InnoDB's clustered index): check exactness on an ordered export, not timed.
    _, _, ordered = ferry_measured(
        binary, ["extract", "--source", PG_URL, "--query", "SELECT * FROM big ORDER BY id", "--to", "file://" + out])
    exact = ordered["sha256"] == reference
    results.append(("PostgreSQL load", load_s, native_load, "COPY FROM file", load_rss, exact))
    results.append(("PostgreSQL export", export_s, native_export, "COPY TO file", export_rss, exact))
    for name in ("input.csv", "input.csv.manifest.json", "mysql.csv", "mysql.csv.manifest.json", "postgres.csv",
                 "postgres.csv.manifest.json", "mysql-native.tsv", "postgres-native.txt"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            os.remove(path)
    return extracted["bytes"], results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="100000,1000000,5000000")
    parser.add_argument("--ferry", default=os.path.join(ROOT, ".build/release/ferry"))
    parser.add_argument("--work", default="/tmp/ferry-transfer-bench")
    parser.add_argument("--keep", action="store_true", help="keep the generated SQLite sources for the next run")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each path, native and Ferry alternating "
                        "(the medians are reported)")
    arguments = parser.parse_args()
    if not os.path.exists(arguments.ferry):
        sys.exit(f"{arguments.ferry} not found: build it with `swift build -c release --product ferry`")
    os.makedirs(arguments.work, exist_ok=True)
    os.chmod(arguments.work, 0o777)
    print("| rows | CSV MB | path | Ferry s | native s | native path | ratio | Ferry peak RSS MB | exact |")
    print("|---|---|---|---|---|---|---|---|---|")
    for rows in [int(value) for value in arguments.rows.split(",")]:
        size, results = run_size(arguments.ferry, rows, arguments.work, arguments.repeat)
        for name, ferry_s, native_s, native_name, rss, exact in results:
            print(f"| {rows:,} | {size / 1e6:.0f} | {name} | {ferry_s:.2f} | {native_s:.2f} | {native_name} | "
                  f"{ferry_s / native_s:.2f}x | {rss:.0f} | {'yes' if exact else 'NO'} |", flush=True)
    if not arguments.keep:
        shutil.rmtree(arguments.work, ignore_errors=True)


if __name__ == "__main__":
    main()
