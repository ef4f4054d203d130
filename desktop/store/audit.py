"""The audit trail: who changed which field of which record, when, on which PC.

One row per changed field. Values are stored as JSON text so that 85 and "85" stay distinct.
The privacy issue will route sensitive fields' values through the store's codec before here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring as _encode_str
from typing import TYPE_CHECKING

from desktop.domain.plain import Frozen

if TYPE_CHECKING:
    from desktop.store.database import Database


class AuditEntry(Frozen):
    time: str
    pc: str
    table_name: str
    record_id: int
    action: str
    field: str | None
    old: object
    new: object


#: ``json.dumps(value, ensure_ascii=False)`` builds this encoder anew on every call; an import
#: encodes thousands of values (issue 21). Its settings never change: the text is the same.
_JSON = json.JSONEncoder(ensure_ascii=False)


def _encode(value: object) -> str | None:
    # what the encoder writes for a str, an int and a finite float, without its dispatch
    # (an import encodes thousands): ``encode_basestring`` and the types' own ``repr``
    if type(value) is str:
        return _encode_str(value)
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    if type(value) is int:
        return int.__repr__(value)
    return None if value is None else _JSON.encode(value)


def _decode(text: str | None) -> object:
    return None if text is None else json.loads(text)


_INSERT = (
    "INSERT INTO audit(time, pc, table_name, record_id, action, field, old, new) "
    "VALUES (:time, :pc, :table, :record_id, :action, :field, :old, :new)"
)


def _rows(
    db: Database,
    table: str,
    record_id: int,
    action: str,
    changes: Mapping[str, tuple[object, object]],
    time: str,
) -> list[dict[str, object]]:
    return [
        {
            "time": time,
            "pc": db.pc,
            "table": table,
            "record_id": record_id,
            "action": action,
            "field": field,
            "old": _encode(old),
            "new": _encode(new),
        }
        for field, (old, new) in changes.items()
    ]


def record(
    db: Database,
    table: str,
    record_id: int,
    action: str,
    changes: Mapping[str, tuple[object, object]],
    *,
    time: str,
) -> None:
    """Write audit rows for ``changes`` (field -> (old, new)); caller holds the transaction.
    One statement for all the fields (a new value record has ten: issue 21's import)."""
    record_many(db, table, action, [(record_id, changes)], time=time)


def record_many(
    db: Database,
    table: str,
    action: str,
    changes: Sequence[tuple[int, Mapping[str, tuple[object, object]]]],
    *,
    time: str,
) -> None:
    """``record`` for many records of one table at once (record id, its changes), in that
    order, as one statement; the caller holds the transaction."""
    rows = [r for record_id, c in changes for r in _rows(db, table, record_id, action, c, time)]
    if rows:
        db.execute_many(_INSERT, rows)


def history(db: Database, table: str, record_id: int) -> list[AuditEntry]:
    """The changes of one record, oldest first."""
    rows = db.query_all(
        "SELECT time, pc, table_name, record_id, action, field, old, new FROM audit "
        "WHERE table_name = :table AND record_id = :record_id ORDER BY id",
        {"table": table, "record_id": record_id},
    )
    return [
        AuditEntry(
            r["time"],
            r["pc"],
            r["table_name"],
            r["record_id"],
            r["action"],
            r["field"],
            _decode(r["old"]),
            _decode(r["new"]),
        )
        for r in rows
    ]
