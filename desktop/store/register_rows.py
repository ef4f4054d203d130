"""Audited row writes of registers' tables, with every name quoted (field ids may be SQL
keywords): the register store's counterpart of ``store/records.py``."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.store import audit
from desktop.store.database import Database, now_text
from desktop.store.register_names import quote


def _check(db: Database, table: str, names: list[str]) -> None:
    columns = set(db.columns(table))
    for name in names:
        if name not in columns:
            raise KeyError(f"{table} has no column {name!r}")


def _params(values: Mapping[str, object]) -> tuple[list[str], dict[str, object]]:
    names = list(values)
    return names, {f"p{i}": values[n] for i, n in enumerate(names)}


def next_id(db: Database, table: str) -> int:
    """The id the next record will have (known before its values are encrypted: each
    ciphertext is bound to its record's id). The caller holds the transaction."""
    return int(db.scalar(f"SELECT coalesce(max(id), 0) + 1 FROM {quote(table)}"))


def insert(db: Database, table: str, values: Mapping[str, object], *, audited: bool = True) -> int:
    """Insert one row (``values`` may hold ``id``); audit its filled fields."""
    names, params = _params(values)
    _check(db, table, names)
    columns = ", ".join(quote(n) for n in names)
    marks = ", ".join(f":p{i}" for i in range(len(names)))
    with db.transaction():
        cursor = db.execute(f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})", params)
        given = values.get("id")
        record_id = given if isinstance(given, int) else int(cursor.lastrowid or 0)
        if audited:
            changes = {n: (None, v) for n, v in values.items() if v is not None and n != "id"}
            audit.record(db, table, record_id, "insert", changes, time=now_text())
    return record_id


def update(
    db: Database,
    table: str,
    record_id: int,
    values: Mapping[str, object],
    *,
    action: str = "update",
    audited: bool = True,
) -> dict[str, tuple[object, object]]:
    """Write the fields whose value changed and audit them (as ``action``)."""
    _check(db, table, list(values))
    with db.transaction():
        row = db.query_one(f"SELECT * FROM {quote(table)} WHERE id = :id", {"id": record_id})
        if row is None:
            raise KeyError(f"{table} has no record {record_id}")
        changes = {n: (row[n], v) for n, v in values.items() if row[n] != v}
        if changes:
            names, params = _params({n: new for n, (_old, new) in changes.items()})
            assignments = ", ".join(f"{quote(n)} = :p{i}" for i, n in enumerate(names))
            db.execute(
                f"UPDATE {quote(table)} SET {assignments} WHERE id = :_id",
                {**params, "_id": record_id},
            )
            if audited:
                audit.record(db, table, record_id, action, changes, time=now_text())
    return changes


def set_columns(db: Database, table: str, record_id: int, values: Mapping[str, object]) -> None:
    """Unaudited column writes (lookup hashes, timestamps: derived from audited values)."""
    if not values:
        return
    names, params = _params(values)
    assignments = ", ".join(f"{quote(n)} = :p{i}" for i, n in enumerate(names))
    db.execute(
        f"UPDATE {quote(table)} SET {assignments} WHERE id = :_id", {**params, "_id": record_id}
    )
