#!/usr/bin/env python3
"""The replication pipeline end to end: Ferry's fan-out against the original design and `mysqldump | mysql`.

    scripts/start-mariadb.sh                        # MariaDB on 127.0.0.1:3307 (user ferry/ferry)
    python3 -m pip install pymysql                  # the original method's driver, and this script's
    apt-get install time                            # GNU time (/usr/bin/time) measures peak RSS
    swift build -c release --product ferry --scratch-path .build-release
    python3 bench/pipeline.py --ferry .build-release/release/ferry [--rows-per-table 200000] [--companies 10]

Source: MariaDB database `bench_pipeline_prod`, three tables (users, orders, events) with a `company_id` column,
`--companies` companies x `--rows-per-table` rows per company and table (10 x 200,000 x 3 = 6,000,000 rows by
default): BIGINT/INT/TINYINT, DECIMAL, CHAR/VARCHAR with non-ASCII text, emoji, quotes, commas and JSON-ish payloads,
DATETIME, NULLs in every nullable type and '' next to NULL. Generated inside the server (INSERT ... SELECT from the
sequence engine), cached between runs (kept when the marker table says the same sizes; `--regenerate` forces it).
The tables' primary key is (company_id, id), as a multi-tenant schema clusters it, so one company's rows are one
range scan.

Methods, each into fresh target databases on the same server, one after the other, nothing else of the script
running meanwhile:

  original  The original AWS design, sequential as its Lambdas were: for each company x table, Python (PyMySQL)
            runs the SELECT and fetchall()s every row, writes them to a CSV file with the csv module, reads the
            file back and loads it with string-built multi-row `INSERT INTO t VALUES ('..','..'),(...)` statements of
            30,000 rows (every value quoted by hand, quotes doubled; a NULL was written to the CSV as '' and is
            inserted as ''). The target connection runs with a non-strict sql_mode, which the original needed: in
            strict mode '' is refused by INT, DECIMAL and DATETIME columns (non-strict stores 0 and the zero date).
            Targets: `bench_orig_<company>`, tables created beforehand (CREATE TABLE ... LIKE, not timed). Runs in
            a child Python process, so its peak RSS is its own (GNU time's %M of the child).
  dump      `mysqldump --single-transaction --where="company_id=N" bench_pipeline_prod <table> | mysql
            bench_dump_<company>`, one pipe per company x table (the dump carries DROP/CREATE TABLE), 4 pipes at a
            time (`--dump-concurrency`, default 4: the same work items and parallelism as Ferry's Map). Peak RSS is
            the largest sum of the RSS of all mysqldump and mysql processes alive at once (sampled from /proc every
            20 ms).
  ferry     `ferry run examples/fan-out.asl.json --config ferry.yaml --json`: plan -> Map (MaxConcurrency 4) over the
            companies x tables -> export to CSV objects in a local directory store -> load (LOAD DATA LOCAL INFILE
            into a staging table, swap). Catalog (SQLite), table entries and onboarding (which creates
            `bench_ferry_<company>` and its tables) are set up beforehand and not timed (their time is printed).
            Each item is one export part unless `--ferry-chunk-size N` sets the entries' key-range parts (on id).
            Peak RSS: the ferry process's maximum resident set (GNU time's %M).

Verification, for every method, table and company: one canonical form of each row, computed by the server from the
values' text as the protocol sends them (`CONCAT_WS(',', QUOTE(col1), QUOTE(col2), ...)`: a NULL is the bare word
NULL, '' is ''), hashed with MD5; the source's rows of that company against the target table's rows, compared as
(count, BIT_XOR, SUM) of the hashes; when they differ, row by row on `id`. "exact" means every table of every
company matched; otherwise the number of differing rows (rows with another value, plus rows missing or extra) is
reported. The original method is expected to differ in every row with a NULL (now '' or 0 or the zero date).

Output: a Markdown table (method, wall s, rows/s, peak RSS MB, exact, time / Ferry's time); `--json` prints one
JSON object instead.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

HOST = "127.0.0.1"
PORT = int(os.environ.get("MARIADB_PORT", "3307"))
USER = os.environ.get("MARIADB_USER", "ferry")
PASSWORD = os.environ.get("MARIADB_PASSWORD", "ferry")
SOURCE_DB = "bench_pipeline_prod"
TABLES = ("users", "orders", "events")
BATCH = 30000          # the original design's INSERT batch
DATA_VERSION = 2       # bump when the generated data changes


def connect(database=None, **options):
    try:
        import pymysql
    except ImportError:
        sys.exit("pymysql is missing: python3 -m pip install pymysql")
    return pymysql.connect(host=HOST, port=PORT, user=USER, password=PASSWORD, database=database,
                           charset="utf8mb4", autocommit=True, **options)


def execute(statements, database=None):
    connection = connect(database)
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def query(sql, database=None, arguments=None):
    connection = connect(database)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, arguments)
            return cursor.fetchall()
    finally:
        connection.close()


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- Source data ---------------------------------------------------------------------------------------------

DDL = {
    "users": """CREATE TABLE users (
        id BIGINT NOT NULL, company_id INT NOT NULL, username VARCHAR(64) NOT NULL, email VARCHAR(128),
        full_name VARCHAR(128), balance DECIMAL(14,2), status TINYINT NOT NULL, created_at DATETIME NOT NULL,
        last_login DATETIME NULL, note VARCHAR(255) NULL,
        PRIMARY KEY (company_id, id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""",
    "orders": """CREATE TABLE orders (
        id BIGINT NOT NULL, company_id INT NOT NULL, user_id BIGINT NOT NULL, order_no VARCHAR(32) NOT NULL,
        amount DECIMAL(12,2) NOT NULL, tax DECIMAL(10,4) NULL, currency CHAR(3) NOT NULL, status VARCHAR(16) NOT NULL,
        quantity INT NOT NULL, ordered_at DATETIME NOT NULL, shipped_at DATETIME NULL,
        shipping_address VARCHAR(255) NULL,
        PRIMARY KEY (company_id, id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""",
    "events": """CREATE TABLE events (
        id BIGINT NOT NULL, company_id INT NOT NULL, user_id BIGINT NULL, kind VARCHAR(32) NOT NULL,
        payload VARCHAR(512) NULL, score INT NULL, duration_ms BIGINT NULL, occurred_at DATETIME NOT NULL,
        source_ip VARCHAR(45) NULL,
        PRIMARY KEY (company_id, id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin""",
}

# Each company gets every C-th sequence number, so ids are unique across companies and interleaved in id order.
FILL = {
    "users": """INSERT INTO users
        SELECT seq, seq % {c} + 1, CONCAT('user', seq), IF(k % 11 = 0, NULL, CONCAT('u', seq, '@example.com')),
          ELT(1 + k % 9, 'Zoë Müller', 'O''Brien, Seán', 'Smith, "JJ"', '山田 太郎', 'Ana-María López',
              'Łukasz Żółć', 'plain name', '😀 emoji user', 'Ærøskøbing; tab-free'),
          IF(k % 7 = 0, NULL, (seq * 7919 % 10000000) / 100 - 20000),
          k % 4,
          TIMESTAMP'2020-01-01 00:00:00' + INTERVAL (seq * 7 % 150000000) SECOND,
          IF(k % 5 = 0, NULL, TIMESTAMP'2024-01-01 00:00:00' + INTERVAL (seq * 13 % 60000000) SECOND),
          CASE k % 6 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'comma, separated, note'
            WHEN 3 THEN 'it''s "quoted", really' ELSE CONCAT('note ', seq, ' — ünïcödé ✓') END
        FROM (SELECT seq, seq DIV {c} AS k FROM seq_1_to_{n}) s""",
    "orders": """INSERT INTO orders
        SELECT seq, seq % {c} + 1, seq * 31 % 1000003, CONCAT('ORD-', LPAD(seq, 9, '0')),
          (seq * 104729 % 10000000) / 100, IF(k % 4 = 0, NULL, (seq * 17 % 1000000) / 10000),
          ELT(1 + k % 4, 'EUR', 'USD', 'JPY', 'GBP'),
          ELT(1 + k % 5, 'new', 'paid', 'shipped', 'cancelled', 'refunded'),
          1 + k % 20,
          TIMESTAMP'2022-01-01 00:00:00' + INTERVAL (seq * 11 % 100000000) SECOND,
          IF(k % 3 = 0, NULL, TIMESTAMP'2022-02-01 00:00:00' + INTERVAL (seq * 11 % 100000000) SECOND),
          CASE k % 5 WHEN 0 THEN NULL WHEN 1 THEN ''
            WHEN 2 THEN CONCAT(seq % 997, ' Rue de l''Église, 75001 Paris')
            WHEN 3 THEN 'Hauptstraße 5, "Hinterhaus", Köln'
            ELSE CONCAT('〒100-0001 東京都千代田区 ', seq % 100) END
        FROM (SELECT seq, seq DIV {c} AS k FROM seq_1_to_{n}) s""",
    "events": """INSERT INTO events
        SELECT seq, seq % {c} + 1, IF(k % 9 = 0, NULL, seq * 7 % 1000003),
          ELT(1 + k % 6, 'login', 'logout', 'page_view', 'purchase', 'error', 'search'),
          CASE k % 4 WHEN 0 THEN NULL WHEN 1 THEN ''
            ELSE CONCAT('{{"path": "/p/', seq % 1000, '", "q": "a, b", "note": "it''s ok"}}') END,
          IF(k % 6 = 0, NULL, CAST(seq * 37 % 2001 AS SIGNED) - 1000),
          IF(k % 8 = 0, NULL, seq * 1009 % 86400000),
          TIMESTAMP'2023-06-01 00:00:00' + INTERVAL (seq * 3 % 50000000) SECOND,
          IF(k % 10 = 0, NULL, CONCAT('10.', seq % 256, '.', seq * 7 % 256, '.', seq * 13 % 256))
        FROM (SELECT seq, seq DIV {c} AS k FROM seq_1_to_{n}) s""",
}


def ensure_source(companies, rows, regenerate):
    present = query("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = %s AND table_name = "
                    "'bench_meta'", arguments=(SOURCE_DB,))[0][0]
    if present and not regenerate:
        meta = query(f"SELECT companies, rows_per_table, version FROM {SOURCE_DB}.bench_meta")
        if meta and meta[0][1] == rows and meta[0][0] >= companies and meta[0][2] == DATA_VERSION:
            log(f"source: {SOURCE_DB} present ({meta[0][0]} companies x {rows:,} rows x 3 tables), kept")
            return meta[0][0]
    log(f"source: generating {SOURCE_DB}: {companies} companies x {rows:,} rows x {len(TABLES)} tables ...")
    start = time.perf_counter()
    execute([f"DROP DATABASE IF EXISTS {SOURCE_DB}", f"CREATE DATABASE {SOURCE_DB} CHARACTER SET utf8mb4 "
             "COLLATE utf8mb4_bin"])
    for table in TABLES:
        execute([DDL[table], FILL[table].format(c=companies, n=companies * rows)], SOURCE_DB)
        log(f"  {table}: {time.perf_counter() - start:.1f} s")
    execute(["CREATE TABLE bench_meta (companies INT, rows_per_table INT, version INT)",
             f"INSERT INTO bench_meta VALUES ({companies}, {rows}, {DATA_VERSION})"], SOURCE_DB)
    return companies


# --- Measuring -----------------------------------------------------------------------------------------------

def descendants_rss(names):
    """Total RSS (bytes) of the descendants of this process whose command name is in `names`.

    Only named processes count: a child between fork and exec still shows this script's memory."""
    parents = {}
    rss = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
            fields = stat[stat.rindex(")") + 2:].split()
            parents[int(entry)] = int(fields[1])
            if stat[stat.index("(") + 1:stat.rindex(")")] in names:
                rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    me = os.getpid()
    total = 0
    for pid in rss:
        ancestor = parents.get(pid)
        for _ in range(64):
            if ancestor is None or ancestor <= 1:
                break
            if ancestor == me:
                total += rss[pid]
                break
            ancestor = parents.get(ancestor)
    return total


class Sampler:
    """Samples the summed RSS of this process's descendants named `names` every `interval` seconds; `peak` is the
    largest sum."""

    def __init__(self, names, interval=0.02):
        self.names = set(names)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, descendants_rss(self.names))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()


def run_measured(command, work, env=None, capture_stdout=False):
    """Runs `command` under GNU time; returns (seconds, its peak RSS in MB, stdout, stderr, exit status).

    Not wait4's ru_maxrss: a child's maximum resident set starts from its parent's high-water mark (the memory it
    shares between fork and exec), so a child of this script would inherit the script's own peak. GNU time is a
    small parent, and its %M is the child's own peak."""
    report = os.path.join(work, "time.txt")
    start = time.perf_counter()
    process = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", report] + command,
                               stdout=subprocess.PIPE if capture_stdout else None, stderr=subprocess.PIPE, env=env)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    try:
        with open(report) as f:
            peak = int(f.read().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        peak = float("nan")
    return seconds, peak, stdout, stderr, process.returncode


# --- Method: the original design -----------------------------------------------------------------------------

def original_worker(companies, work):
    """The original design, as its Lambdas ran it (this runs in a child process)."""
    import pymysql
    source = pymysql.connect(host=HOST, port=PORT, user=USER, password=PASSWORD, database=SOURCE_DB,
                             charset="utf8mb4")
    for company in companies:
        target = pymysql.connect(host=HOST, port=PORT, user=USER, password=PASSWORD,
                                 database=f"bench_orig_{company}", charset="utf8mb4")
        target_cursor = target.cursor()
        # Without this the '' that stands for NULL is refused by INT, DECIMAL and DATETIME columns.
        target_cursor.execute("SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION'")
        for table in TABLES:
            # Export Lambda: fetch everything, write a CSV file.
            cursor = source.cursor()
            cursor.execute("SELECT * FROM " + table + " WHERE company_id = %s", (company,))
            rows = cursor.fetchall()
            cursor.close()
            path = os.path.join(work, f"{table}_{company}.csv")
            with open(path, "w", newline="", encoding="utf-8") as f:
                csv.writer(f).writerows(rows)
            del rows
            # Load Lambda: read the CSV, build multi-row INSERTs by string concatenation, 30,000 rows a statement.
            with open(path, newline="", encoding="utf-8") as f:
                values = ""
                count = 0
                for row in csv.reader(f):
                    value = "("
                    for i, field in enumerate(row):
                        if i:
                            value += ","
                        value += "'" + field.replace("'", "''") + "'"
                    value += ")"
                    values += ("," if count else "") + value
                    count += 1
                    if count == BATCH:
                        target_cursor.execute("INSERT INTO " + table + " VALUES " + values)
                        target.commit()
                        values = ""
                        count = 0
                if count:
                    target_cursor.execute("INSERT INTO " + table + " VALUES " + values)
                    target.commit()
            os.remove(path)
        target.close()
    source.close()


def method_original(companies, work):
    execute([f"DROP DATABASE IF EXISTS bench_orig_{c}" for c in companies]
            + [f"CREATE DATABASE bench_orig_{c} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" for c in companies]
            + [f"CREATE TABLE bench_orig_{c}.{t} LIKE {SOURCE_DB}.{t}" for c in companies for t in TABLES])
    folder = os.path.join(work, "original")
    os.makedirs(folder, exist_ok=True)
    command = [sys.executable, os.path.abspath(__file__), "--original-worker", folder,
               "--worker-companies", ",".join(str(c) for c in companies)]
    seconds, peak, _, stderr, status = run_measured(command, work)
    if status != 0:
        return {"error": stderr.decode(errors="replace")[-2000:]}
    return {"seconds": seconds, "peak_rss_mb": peak, "targets": {c: f"bench_orig_{c}" for c in companies}}


# --- Method: mysqldump | mysql -------------------------------------------------------------------------------

def method_dump(companies, work, concurrency):
    execute([f"DROP DATABASE IF EXISTS bench_dump_{c}" for c in companies]
            + [f"CREATE DATABASE bench_dump_{c} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" for c in companies])
    env = dict(os.environ, MYSQL_PWD=PASSWORD)
    connection = ["--no-defaults", "-h", HOST, "-P", str(PORT), "-u", USER,
                  "--default-character-set=utf8mb4"]
    errors = []

    def pipe(item):
        company, table = item
        dump = subprocess.Popen(["mysqldump"] + connection + ["--single-transaction", f"--where=company_id={company}",
                                                            SOURCE_DB, table],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        load = subprocess.Popen(["mysql"] + connection + [f"bench_dump_{company}"], stdin=dump.stdout,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        dump.stdout.close()
        _, load_err = load.communicate()
        dump_err = dump.stderr.read()
        dump.wait()
        if dump.returncode or load.returncode:
            errors.append(f"{company}/{table}: {dump_err.decode(errors='replace')} {load_err.decode(errors='replace')}")

    items = [(c, t) for c in companies for t in TABLES]
    with Sampler(["mysqldump", "mysql", "mariadb-dump", "mariadb"]) as sampler:
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(pipe, items))
        seconds = time.perf_counter() - start
    if errors:
        return {"error": "\n".join(errors[:5])}
    return {"seconds": seconds, "peak_rss_mb": sampler.peak / 2**20,
            "targets": {c: f"bench_dump_{c}" for c in companies}}


# --- Method: Ferry -------------------------------------------------------------------------------------------

def ferry_setup(binary, companies, work, chunk_size):
    """Catalog, table entries, onboarding (creates bench_ferry_<company> and its tables), config. Not timed."""
    folder = os.path.join(work, "ferry")
    shutil.rmtree(folder, ignore_errors=True)
    store = os.path.join(folder, "store")
    os.makedirs(store)
    catalog = "sqlite://" + os.path.join(folder, "catalog.db")
    server = f"mysql://{USER}:${{FERRY_BENCH_PASSWORD}}@{HOST}:{PORT}/"
    env = dict(os.environ, FERRY_BENCH_PASSWORD=PASSWORD)
    execute([f"DROP DATABASE IF EXISTS bench_ferry_{c}" for c in companies])

    def ferry(*arguments):
        result = subprocess.run([binary] + list(arguments), capture_output=True, env=env)
        if result.returncode != 0:
            raise RuntimeError(f"ferry {' '.join(arguments[:3])} failed ({result.returncode}): "
                               f"{result.stderr.decode(errors='replace')}")
        return result.stdout

    start = time.perf_counter()
    ferry("catalog", "init", "--catalog", catalog)
    for table in TABLES:
        ferry("catalog", "table", "add", "--catalog", catalog, "--name", table,
              "--select", f"SELECT * FROM {table} WHERE company_id = :company_id", "--mode", "replace",
              *(["--chunk-column", "id", "--chunk-size", str(chunk_size)] if chunk_size else []))
    for company in companies:
        ferry("catalog", "company", "onboard", "--catalog", catalog, "--company-id", str(company),
              "--alias", f"co{company}", "--look-back-days", "3650", "--target-database", f"bench_ferry_{company}",
              "--store", "file://" + store, "--target", server, "--source", server + SOURCE_DB)
    config = os.path.join(folder, "ferry.yaml")
    with open(config, "w") as f:
        f.write(f"catalog: {catalog}\n"
                f"source: {server}{SOURCE_DB}\n"
                f"target: {server}\n"
                f"store: file://{store}\n"
                f"gzip: false\n"
                f"concurrency: 4\n")
    return config, env, time.perf_counter() - start


def method_ferry(binary, definition, companies, work, chunk_size):
    try:
        config, env, setup_seconds = ferry_setup(binary, companies, work, chunk_size)
    except RuntimeError as error:
        return {"error": str(error)}
    command = [binary, "run", definition, "--config", config, "--json"]
    seconds, peak, stdout, stderr, status = run_measured(command, work, env=env, capture_stdout=True)
    summary = None
    try:
        summary = json.loads(stdout)
    except ValueError:
        pass
    # Exit status 0: succeeded and no item failed; 3: succeeded, but the summary lists failed items.
    if status != 0:
        return {"error": f"ferry run exited {status}: {stderr.decode(errors='replace')[-2000:]} "
                         f"{stdout.decode(errors='replace')[-2000:]}"}
    output = summary.get("output") if isinstance(summary, dict) else None
    return {"seconds": seconds, "peak_rss_mb": peak, "setup_seconds": setup_seconds,
            "status": summary.get("status") if isinstance(summary, dict) else None,
            "rows_reported": output.get("rows") if isinstance(output, dict) else None,
            "targets": {c: f"bench_ferry_{c}" for c in companies}}


# --- Verification --------------------------------------------------------------------------------------------

def columns_of(database, table):
    return [row[0] for row in query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
        "ORDER BY ordinal_position", arguments=(database, table))]


def row_text(columns):
    return "CONCAT_WS(',', " + ", ".join(f"QUOTE(`{c}`)" for c in columns) + ")"


def hashed(columns):
    return f"CAST(CONV(LEFT(MD5({row_text(columns)}), 16), 16, 10) AS UNSIGNED)"


def source_checksums(companies):
    """{table: {company: (count, xor, sum)}} over the source, one scan a table."""
    result = {}
    for table in TABLES:
        columns = columns_of(SOURCE_DB, table)
        rows = query(f"SELECT company_id, COUNT(*), BIT_XOR(h), SUM(h) FROM (SELECT company_id, {hashed(columns)} h "
                     f"FROM {SOURCE_DB}.{table}) x GROUP BY company_id")
        result[table] = {row[0]: tuple(int(v) for v in row[1:]) for row in rows if row[0] in companies}
    return result


def differing_rows(database, table, company, columns):
    """(rows that differ, are missing or extra; how many of the differing source rows hold a NULL)."""
    any_null = " OR ".join(f"`{c}` IS NULL" for c in columns)
    source = {row[0]: (row[1], row[2]) for row in query(
        f"SELECT id, MD5({row_text(columns)}), {any_null} FROM {SOURCE_DB}.{table} WHERE company_id = %s",
        arguments=(company,))}
    target = dict(query(f"SELECT id, MD5({row_text(columns)}) FROM {database}.{table}"))
    differing = [key for key, (value, _) in source.items() if target.get(key) != value]
    with_null = sum(1 for key in differing if source[key][1])
    return len(differing) + sum(1 for key in target if key not in source), with_null


def verify(targets, reference):
    """Returns (differing rows in all, how many of them hold a NULL in the source, per-table detail)."""
    total = 0
    total_with_null = 0
    detail = {}
    for table in TABLES:
        columns = columns_of(SOURCE_DB, table)
        for company, database in targets.items():
            target_columns = columns_of(database, table)
            if target_columns != columns:
                detail[f"{table}/{company}"] = f"columns differ: {target_columns}"
                total += reference[table].get(company, (0,))[0]
                continue
            row = query(f"SELECT COUNT(*), BIT_XOR(h), SUM(h) FROM (SELECT {hashed(columns)} h FROM "
                        f"{database}.{table}) x")[0]
            checksum = tuple(int(v) if v is not None else 0 for v in row)
            if checksum == reference[table].get(company, (0, 0, 0)):
                continue
            differing, with_null = differing_rows(database, table, company, columns)
            detail[f"{table}/{company}"] = differing
            total += differing
            total_with_null += with_null
    return total, total_with_null, detail


# --- Main ----------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ferry", default=os.path.join(ROOT, ".build-release/release/ferry"),
                        help="the ferry binary (a release build)")
    parser.add_argument("--definition", default=os.path.join(ROOT, "examples/fan-out.asl.json"),
                        help="the fan-out state machine (default: examples/fan-out.asl.json)")
    parser.add_argument("--rows-per-table", type=int, default=200000, help="rows per company and table")
    parser.add_argument("--companies", type=int, default=10)
    parser.add_argument("--methods", default="original,dump,ferry")
    parser.add_argument("--dump-concurrency", type=int, default=4, help="mysqldump | mysql pipes at a time")
    parser.add_argument("--ferry-chunk-size", type=int, default=0,
                        help="export each item in key-range parts of N rows on id (default 0: one part)")
    parser.add_argument("--regenerate", action="store_true", help="regenerate the source data even if present")
    parser.add_argument("--keep", action="store_true", help="keep the target databases and work files")
    parser.add_argument("--work", default="/tmp/ferry-pipeline-bench")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--original-worker", help=argparse.SUPPRESS)
    parser.add_argument("--worker-companies", help=argparse.SUPPRESS)
    arguments = parser.parse_args()

    if arguments.original_worker:
        original_worker([int(c) for c in arguments.worker_companies.split(",")], arguments.original_worker)
        return

    methods = [m.strip() for m in arguments.methods.split(",") if m.strip()]
    unknown = set(methods) - {"original", "dump", "ferry"}
    if unknown:
        sys.exit(f"unknown methods: {', '.join(sorted(unknown))} (choose from original, dump, ferry)")
    if "ferry" in methods:
        arguments.ferry = os.path.abspath(arguments.ferry)
        if not os.path.exists(arguments.ferry):
            sys.exit(f"{arguments.ferry} not found: build it with "
                     "`swift build -c release --product ferry --scratch-path .build-release`, or pass --ferry")
        if not os.path.exists(arguments.definition):
            sys.exit(f"{arguments.definition} not found; pass --definition")
    if not os.path.exists("/usr/bin/time"):
        sys.exit("/usr/bin/time not found: apt-get install time (GNU time measures the peak RSS)")
    for tool in ("mysqldump", "mysql"):
        if "dump" in methods and not shutil.which(tool):
            sys.exit(f"{tool} not found: scripts/start-mariadb.sh installs the MariaDB client")

    companies = list(range(1, arguments.companies + 1))
    rows = arguments.rows_per_table
    total_rows = len(companies) * len(TABLES) * rows
    os.makedirs(arguments.work, exist_ok=True)
    ensure_source(arguments.companies, rows, arguments.regenerate)
    log("source: checksums ...")
    reference = source_checksums(set(companies))
    for table in TABLES:
        for company in companies:
            if reference[table].get(company, (0,))[0] != rows:
                sys.exit(f"source {table} has {reference[table].get(company, (0,))[0]} rows for company {company}, "
                         f"expected {rows}; run with --regenerate")

    results = []
    for method in methods:
        log(f"{method}: running ...")
        if method == "original":
            outcome = method_original(companies, arguments.work)
        elif method == "dump":
            outcome = method_dump(companies, arguments.work, arguments.dump_concurrency)
        else:
            outcome = method_ferry(arguments.ferry, arguments.definition, companies, arguments.work,
                                   arguments.ferry_chunk_size)
        outcome["method"] = method
        outcome["load_average_1min"] = os.getloadavg()[0]
        if "error" in outcome:
            log(f"{method}: FAILED: {outcome['error']}")
        else:
            log(f"{method}: {outcome['seconds']:.2f} s, peak RSS {outcome['peak_rss_mb']:.0f} MB; verifying ...")
            outcome["differing_rows"], outcome["differing_rows_with_null"], outcome["differences"] = verify(
                outcome["targets"], reference)
            outcome["exact"] = outcome["differing_rows"] == 0
            outcome["rows_per_second"] = total_rows / outcome["seconds"]
        outcome.pop("targets", None)
        results.append(outcome)

    ferry_seconds = next((r["seconds"] for r in results if r["method"] == "ferry" and "seconds" in r), None)
    for result in results:
        if "seconds" in result and ferry_seconds:
            result["time_vs_ferry"] = result["seconds"] / ferry_seconds

    if not arguments.keep:
        prefixes = {"original": "bench_orig_", "dump": "bench_dump_", "ferry": "bench_ferry_"}
        execute([f"DROP DATABASE IF EXISTS {prefixes[m]}{c}" for m in methods for c in companies])
        shutil.rmtree(arguments.work, ignore_errors=True)

    if arguments.json:
        print(json.dumps({"companies": len(companies), "tables": len(TABLES), "rows_per_table": rows,
                          "total_rows": total_rows, "results": results}, indent=2))
        return
    names = {"original": "original design (fetchall, CSV, 30k-row INSERTs)", "dump": "mysqldump \\| mysql",
             "ferry": "Ferry fan-out (MaxConcurrency 4)"}
    print(f"{len(companies)} companies x {len(TABLES)} tables x {rows:,} rows = {total_rows:,} rows")
    print()
    print("| method | wall s | rows/s | peak RSS MB | exact | time / Ferry's |")
    print("|---|---|---|---|---|---|")
    for result in results:
        if "error" in result:
            print(f"| {names[result['method']]} | failed | | | | |")
            continue
        exact = "yes" if result["exact"] else (f"no: {result['differing_rows']:,} rows differ "
                                               f"({result['differing_rows_with_null']:,} of them hold a NULL)")
        ratio = f"{result['time_vs_ferry']:.2f}x" if "time_vs_ferry" in result else ""
        print(f"| {names[result['method']]} | {result['seconds']:.2f} | {result['rows_per_second']:,.0f} | "
              f"{result['peak_rss_mb']:.0f} | {exact} | {ratio} |")
    for result in results:
        if result.get("setup_seconds") is not None:
            print(f"\nFerry's setup (catalog init, 3 table entries, {len(companies)} onboardings; not timed above): "
                  f"{result['setup_seconds']:.2f} s")
    by_method = {r["method"]: r for r in results if "error" not in r}
    ferry = by_method.get("ferry")
    if ferry:
        print("\nTargets:")
        if "original" in by_method:
            ratio = by_method["original"]["seconds"] / ferry["seconds"]
            print(f"- at least 2x faster than the original design: {ratio:.2f}x, {'met' if ratio >= 2 else 'NOT met'}")
        if "dump" in by_method:
            ratio = by_method["dump"]["seconds"] / ferry["seconds"]
            print(f"- faster than mysqldump | mysql: {ratio:.2f}x, {'met' if ratio > 1 else 'NOT met'}")
        print(f"- peak RSS under 100 MB: {ferry['peak_rss_mb']:.0f} MB, "
              f"{'met' if ferry['peak_rss_mb'] < 100 else 'NOT met'}")
        print(f"- byte-identical: {'met' if ferry['exact'] else 'NOT met'}")
    print("\nLoad average (1 min) when each method ended: " + ", ".join(
        f"{r['method']} {r['load_average_1min']:.1f}" for r in results) + f" ({os.cpu_count()} CPUs)")
    failed = [r for r in results if "error" in r]
    for result in failed:
        print(f"\n{result['method']} failed: {result['error']}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
