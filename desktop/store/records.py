"""Generic audited writes: insert, update and delete one row of a table.

Repositories (profile, units, and later registers) call these; widgets never run SQL. Table
and column names are checked against the live schema, values always go as named parameters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from desktop.store import audit
from desktop.store.database import Database, now_text

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


def _check(db: Database, table: str, fields: Mapping[str, object]) -> None:
    columns = db.columns(table)
    for name in fields:
        if not _IDENT.match(name) or name not in columns:
            raise KeyError(f"{table} has no column {name!r}")


def insert(db: Database, table: str, values: Mapping[str, object]) -> int:
    _check(db, table, values)
    names = list(values)
    with db.transaction():
        cursor = db.execute(
            f"INSERT INTO {table} ({', '.join(names)}) "
            f"VALUES ({', '.join(':' + n for n in names)})",
            dict(values),
        )
        record_id = int(cursor.lastrowid or 0)
        changes = {n: (None, v) for n, v in values.items() if v is not None}
        audit.record(db, table, record_id, "insert", changes, time=now_text())
    return record_id


def update(
    db: Database,
    table: str,
    record_id: int,
    values: Mapping[str, object],
    *,
    action: str = "update",
) -> dict[str, tuple[object, object]]:
    """Update the given fields; only fields whose value changed are written and audited
    (as ``action``: ``update``, or ``delete`` / ``restore`` for a soft delete)."""
    _check(db, table, values)
    with db.transaction():
        row = db.query_one(f"SELECT * FROM {table} WHERE id = :id", {"id": record_id})
        if row is None:
            raise KeyError(f"{table} has no record {record_id}")
        changes = {n: (row[n], v) for n, v in values.items() if row[n] != v}
        if changes:
            assignments = ", ".join(f"{n} = :{n}" for n in changes)
            params: dict[str, object] = {n: new for n, (_old, new) in changes.items()}
            params["_id"] = record_id
            db.execute(f"UPDATE {table} SET {assignments} WHERE id = :_id", params)
            audit.record(db, table, record_id, action, changes, time=now_text())
    return changes


def delete(db: Database, table: str, record_id: int) -> None:
    _check(db, table, {})
    with db.transaction():
        row = db.query_one(f"SELECT * FROM {table} WHERE id = :id", {"id": record_id})
        if row is None:
            raise KeyError(f"{table} has no record {record_id}")
        db.execute(f"DELETE FROM {table} WHERE id = :id", {"id": record_id})
        old = dict(row)
        changes = {k: (v, None) for k, v in old.items() if k != "id" and v is not None}
        audit.record(db, table, record_id, "delete", changes, time=now_text())


def insert_audit_note(
    db: Database, table: str, record_id: int, note: str, *, action: str = "insert"
) -> None:
    """An audit entry for a bulk action that is not a single field change (e.g. rollover,
    a full export)."""
    audit.record(db, table, record_id, action, {"note": (None, note)}, time=now_text())
