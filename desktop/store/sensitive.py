"""The one place where registers' sensitive fields (names, ID numbers, phones, addresses of
petitioners and assisted people) are encoded on their way into the database and decoded on
their way out: record columns, their lookup hashes, and their audit rows alike.

The codec (``store/vault.py``) is plain without a database password and AES-GCM with one;
while the password is not given, values read as ``已加密`` and cannot be written. Sensitive
columns are never compared, searched or sorted in SQL; ID numbers and phones are found by
exact match through a keyed hash stored beside them (``<field>__h``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from desktop.forms.definition import FieldDef, Sealed
from desktop.store.vault import PLAIN, Codec, PlainCodec, Tampered

if TYPE_CHECKING:
    from desktop.store.database import Database

log = logging.getLogger("fulian.store.sensitive")

#: field types found again by exact match (a returning petitioner, a duplicate)
LOOKUP_TYPES = frozenset({"id_number", "phone"})
DAMAGED = Sealed("无法解密")


def lookup_column(name: str) -> str:
    return f"{name}__h"


class SensitiveColumns:
    """Encodes and decodes the sensitive columns of one table's rows."""

    def __init__(self, table: str, fields: Iterable[FieldDef], codec: Codec = PLAIN) -> None:
        fields = list(fields)
        self.table = table
        self.names = frozenset(f.id for f in fields if f.sensitive)
        self.lookups = frozenset(f.id for f in fields if f.sensitive and f.type_id in LOOKUP_TYPES)
        self.codec = codec
        #: stored as typed: reading needs no decoding
        self.plain = isinstance(codec, PlainCodec)
        #: values that could not be decrypted while reading (shown as 无法解密)
        self.damaged = 0

    def where(self, name: str) -> str:
        return f"{self.table}.{name}"

    def encode(self, values: Mapping[str, object]) -> dict[str, object]:
        """Column values (already ``to_db``) with sensitive ones encoded."""
        return {
            name: self.codec.encode(str(value), self.where(name))
            if name in self.names and value is not None
            else value
            for name, value in values.items()
        }

    def lookup_values(self, values: Mapping[str, object]) -> dict[str, object]:
        """The keyed hashes of the lookup fields among ``values`` (plain values)."""
        return {
            lookup_column(name): None if value is None else self.codec.lookup(str(value))
            for name, value in values.items()
            if name in self.lookups
        }

    def lookup(self, text: str) -> str:
        return self.codec.lookup(text)

    def decode_value(self, name: str, stored: object) -> object:
        """One stored value, decoded; raises Tampered when it cannot be."""
        if name in self.names and stored is not None:
            return self.codec.decode(str(stored), self.where(name))
        return stored

    def reader(self, name: str) -> Callable[[object], object]:
        """A function reading many values of one column; a damaged one reads as 无法解密."""
        codec, where = self.codec, self.where(name)

        def read(stored: object) -> object:
            try:
                return codec.decode(str(stored), where)
            except Tampered:
                self.damaged += 1
                log.warning("cannot decrypt a value of %s", where)
                return DAMAGED

        return read


def reencode(
    db: Database,
    table: str,
    fields: Iterable[FieldDef],
    old: Codec,
    new: Codec,
    *,
    audit_table: str | None = None,
    audit_prefix: str = "",
) -> int:
    """Re-encode every sensitive value of ``table`` (and its lookup hashes, and the audit rows
    that hold them) from ``old`` to ``new``; the caller holds the transaction. Returns the
    number of values re-encoded."""
    source = SensitiveColumns(table, fields, old)
    target = SensitiveColumns(table, fields, new)
    if not source.names or not db.table_exists(table):
        return 0
    present = set(db.columns(table))
    names = [n for n in sorted(source.names) if n in present]
    count = 0
    if names:
        rows = db.query_all(f"SELECT id, {', '.join(names)} FROM {table}")
        for row in rows:
            plain = {n: source.decode_value(n, row[n]) for n in names}
            changes = target.encode(plain)
            changes |= {k: v for k, v in target.lookup_values(plain).items() if k in present}
            count += sum(1 for n in names if plain[n] is not None)
            assignments = ", ".join(f"{k} = :{k}" for k in changes)
            db.execute(
                f"UPDATE {table} SET {assignments} WHERE id = :_id", {**changes, "_id": row["id"]}
            )
    count += _reencode_audit(db, source, target, audit_table or table, audit_prefix)
    return count


def _reencode_audit(
    db: Database,
    source: SensitiveColumns,
    target: SensitiveColumns,
    audit_table: str,
    prefix: str,
) -> int:
    """Audit rows keep old and new values of sensitive fields encoded the same way."""
    count = 0
    rows = db.query_all(
        "SELECT id, field, old, new FROM audit WHERE table_name = :t AND field IS NOT NULL",
        {"t": audit_table},
    )
    for row in rows:
        field = str(row["field"])
        name = field.rpartition(".")[2] if prefix else field
        if prefix and not (field.startswith(prefix + "[") and "]." in field):
            continue
        if name not in source.names:
            continue
        values: dict[str, str | None] = {}
        for side in ("old", "new"):
            text = row[side]
            if text is None:
                values[side] = None
                continue
            stored = json.loads(text)
            if stored is None:
                values[side] = text
                continue
            plain = source.decode_value(name, stored)
            values[side] = json.dumps(target.encode({name: plain})[name], ensure_ascii=False)
            count += 1
        db.execute(
            "UPDATE audit SET old = :old, new = :new WHERE id = :id",
            {"old": values["old"], "new": values["new"], "id": row["id"]},
        )
    return count
