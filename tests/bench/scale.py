"""Grow a copy of the large demo by SQL: every register's records (with their sub-records)
repeated ``factor`` times, so a benchmark can show the curve at ×2 and ×10.

Run: .venv/bin/python tests/bench/scale.py SOURCE TARGET --factor 10
The copies keep their dates, units and texts (searches find ``factor`` times the hits);
ids are new. One transaction; the target is made with ``VACUUM INTO`` and never overwrites.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'reg\\_%' ESCAPE '\\' "
        "AND name NOT LIKE '%#%' ORDER BY name"
    )
    return [r[0] for r in rows]


def grow_table(conn: sqlite3.Connection, table: str, target: int) -> int:
    """Copy the records of ``table`` (and their sub-records) until it holds ``target``."""
    have = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    if have == 0:
        return 0
    children = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE :p",
            {"p": f"{table}#%"},
        )
    ]
    columns = [c for c in _columns(conn, table) if c != "id"]
    names = ", ".join(f'"{c}"' for c in columns)
    original = conn.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0]
    added = 0
    while have + added < target:
        batch = min(target - have - added, have)
        offset = conn.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0]
        conn.execute(
            f'INSERT INTO "{table}"(id, {names}) SELECT id + :offset, {names} FROM "{table}" '
            f"WHERE id <= :original ORDER BY id LIMIT :batch",
            {"offset": offset, "original": original, "batch": batch},
        )
        for child in children:
            child_columns = [c for c in _columns(conn, child) if c not in ("id", "parent_id")]
            child_names = ", ".join(f'"{c}"' for c in child_columns)
            conn.execute(
                f'INSERT INTO "{child}"(parent_id, {child_names}) '
                f'SELECT parent_id + :offset, {child_names} FROM "{child}" '
                f'WHERE parent_id IN (SELECT id FROM "{table}" WHERE id <= :original '
                f"ORDER BY id LIMIT :batch)",
                {"offset": offset, "original": original, "batch": batch},
            )
        added += batch
    return added


def grow(source: Path, target: Path, factor: float, tables: list[str] | None = None) -> int:
    """A copy of ``source`` at ``target`` with the registers' records × ``factor``."""
    if target.exists():
        raise FileExistsError(target)
    with sqlite3.connect(source) as src:
        src.execute("VACUUM INTO :t", {"t": str(target)})
    src.close()
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("BEGIN")
    added = 0
    for table in tables or _tables(conn):
        have = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        added += grow_table(conn, table, int(have * factor))
    conn.execute("COMMIT")
    conn.close()
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--factor", type=float, default=10)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    added = grow(args.source, args.target, args.factor)
    size = args.target.stat().st_size / 2**20
    print(
        f"{args.target}: +{added} records (×{args.factor:g}), {size:.0f} MB, "
        f"{time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
