#!/usr/bin/env python3
"""A deterministic 7-column table of awkward data, written to SQLite by Python's own sqlite3 module.

Used by the 1,000,000-row round-trip test (Tests/IntegrationTests/LargeRoundTripTests.swift) and by
bench/transfer.py, so both start from data no Ferry code wrote, and compare results with a digest no Ferry code
computed.

Columns: id BIGINT primary key; name VARCHAR(100) and note TEXT (NULL and '' both present, quotes, commas, tabs,
CR, LF, CRLF, backslashes, `\\N`, non-ASCII including astral-plane characters, text up to ~2 KB; about 100 bytes a row in CSV); amount
DECIMAL(18,6) kept as exact text; ratio DOUBLE (shortest round-trip floats, tiny, huge, negative, -0.0); at
DATETIME(6) with microseconds; data BLOB (NULL, empty, every byte value including 0x00).

The values are stored the way Ferry stores them in SQLite (decimals and timestamps as canonical text, doubles as
REAL, bytes as BLOB), so a table Ferry loads into SQLite from the same rows has the same digest.

    tricky_table.py create --rows N DB        create table `big` with N rows in the SQLite file DB
    tricky_table.py digest DB [TABLE]         print row count and SHA-256 of the table's rows, ordered by id
"""

import argparse
import datetime
import hashlib
import sqlite3
import sys

DDL = (
    "CREATE TABLE big (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(100), note TEXT, amount DECIMAL_TEXT(18,6), "
    "ratio DOUBLE, at DATETIME(6), data BLOB)"
)

_BASE = datetime.datetime(1999, 12, 31, 23, 0, 0)
_NAMES = [
    None,
    "",
    'quote " and "" doubled, comma',
    "tab\there\rcr\nlf\r\ncrlf",
    "back\\slash \\N NULL",
    "héllo wörld ✓ 𝄞 日本語 Ελληνικά",
    " padded ",
    '"',
]
_NOTES = [None, "", "\\N", "NULL", "line one\nline two", "ümlaut, \"quoted\" 🚀"]


def row(i):
    """The row with id `i` (1-based)."""
    name = _NAMES[i % len(_NAMES)]
    if name is not None and i % 3 == 0:
        name = f"{name} #{i}"
    note = _NOTES[i % len(_NOTES)]
    if i % 100 == 99:
        note = ("long ✓ text, with \"quotes\"\n" * (1 + i % 70)) + str(i)
    amount = None if i % 9 == 0 else f"{'-' if i % 2 else ''}{(i * 7919) % 10**12}.{(i * 104729) % 10**6:06d}"
    ratio_choices = [None, i / 7.0, -i * 1e-300, i * 1.7e300, 0.1 * i, -0.0, float(i)]
    ratio = ratio_choices[i % len(ratio_choices)]
    at = None if i % 13 == 0 else _BASE + datetime.timedelta(seconds=i * 37, microseconds=(i * 7) % 1_000_000)
    at_text = None if at is None else at.strftime("%Y-%m-%dT%H:%M:%S.%f")
    if i % 5 == 0:
        data = None
    elif i % 5 == 1:
        data = b""
    else:
        data = bytes((i * 31 + j * 17) & 0xFF for j in range(i % 24)) + (bytes(range(256)) if i % 997 == 2 else b"")
    return (i, name, note, amount, ratio, at_text, data)


def create(path, rows):
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE IF EXISTS big")
    connection.execute(DDL)
    batch = []
    for i in range(1, rows + 1):
        batch.append(row(i))
        if len(batch) == 10_000:
            connection.executemany("INSERT INTO big VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
            batch.clear()
    connection.executemany("INSERT INTO big VALUES (?, ?, ?, ?, ?, ?, ?)", batch)
    connection.commit()
    connection.close()


def digest(path, table="big"):
    """Row count and SHA-256 over every value with its SQLite storage class, ordered by id."""
    connection = sqlite3.connect(path)
    quoted = '"' + table.replace('"', '""') + '"'
    sha = hashlib.sha256()
    count = 0
    for values in connection.execute(f"SELECT id, name, note, amount, ratio, at, data FROM {quoted} ORDER BY id"):
        count += 1
        for value in values:
            if value is None:
                sha.update(b"N;")
            elif isinstance(value, bytes):
                sha.update(b"B%d:" % len(value) + value)
            elif isinstance(value, float):
                sha.update(b"F" + repr(value).encode() + b";")
            elif isinstance(value, int):
                sha.update(b"I%d;" % value)
            else:
                encoded = value.encode("utf-8", "surrogatepass")
                sha.update(b"T%d:" % len(encoded) + encoded)
    connection.close()
    return count, sha.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    create_parser = commands.add_parser("create")
    create_parser.add_argument("--rows", type=int, required=True)
    create_parser.add_argument("db")
    digest_parser = commands.add_parser("digest")
    digest_parser.add_argument("db")
    digest_parser.add_argument("table", nargs="?", default="big")
    arguments = parser.parse_args()
    if arguments.command == "create":
        create(arguments.db, arguments.rows)
    else:
        count, sha = digest(arguments.db, arguments.table)
        print(f"{count} {sha}")


if __name__ == "__main__":
    sys.exit(main())
