"""The audit trail: who changed which field of which record, when, on which PC.

One row per changed field. Values are stored as JSON text so that 85 and "85" stay distinct.
The privacy issue will route sensitive fields' values through the store's codec before here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.store.database import Database


@dataclass(frozen=True)
class AuditEntry:
    time: str
    pc: str
    table_name: str
    record_id: int
    action: str
    field: str | None
    old: object
    new: object


def _encode(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _decode(text: str | None) -> object:
    return None if text is None else json.loads(text)


def record(
    db: Database,
    table: str,
    record_id: int,
    action: str,
    changes: Mapping[str, tuple[object, object]],
    *,
    time: str,
) -> None:
    """Write audit rows for ``changes`` (field -> (old, new)); caller holds the transaction."""
    for field, (old, new) in changes.items():
        db.execute(
            "INSERT INTO audit(time, pc, table_name, record_id, action, field, old, new) "
            "VALUES (:time, :pc, :table, :record_id, :action, :field, :old, :new)",
            {
                "time": time,
                "pc": db.pc,
                "table": table,
                "record_id": record_id,
                "action": action,
                "field": field,
                "old": _encode(old),
                "new": _encode(new),
            },
        )


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
