"""The one place where registers' sensitive fields (names, ID numbers, phones, addresses of
petitioners and assisted people) are encoded on their way into the database and decoded on
their way out: record columns, their lookup hashes, and their audit rows alike.

The codec (``store/vault.py``) is plain without a database password and AES-GCM with one;
while the password is not given, values read as ``已加密`` and cannot be written. Sensitive
columns are never compared, searched or sorted in SQL; ID numbers and phones are found by
exact match through a keyed hash stored beside them (``<field>#h``).

Each ciphertext is bound to its place: the associated data is ``table.field#key``, the key
being the record's id (a sub-record's: parent id and position, ``12.3``), so a value moved to
another record or field reads as ``无法解密``. Such values carry the format tag ``fx2:``.
Values written before (``fx1:``, bound to the table and field only) are read until the first
unlock re-encodes them all (``bind_all``) and marks the file (meta ``sensitive_bound``); from
then on an ``fx1:`` value is refused too, so an old ciphertext cannot be swapped back in.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from desktop.forms.definition import FieldDef, FormDef, Sealed
from desktop.store.register_names import lookup_column, quote
from desktop.store.vault import PLAIN, PREFIX, AesCodec, Codec, PlainCodec, Tampered

if TYPE_CHECKING:
    from desktop.store.database import Database

log = logging.getLogger("fulian.store.sensitive")

#: field types found again by exact match (a returning petitioner, a duplicate)
LOOKUP_TYPES = frozenset({"id_number", "phone"})
DAMAGED = Sealed("无法解密")
#: the format tag of a ciphertext bound to its record (see the module's docstring)
BOUND = "fx2:"
_BOUND_META = "sensitive_bound"
Key = int | str  # a record id, or a sub-record's "parent.position"

__all__ = ["LOOKUP_TYPES", "SensitiveColumns", "bind_all", "lookup_column", "reencode"]


def is_bound(db: Database) -> bool:
    """Whether every ciphertext of the file is bound to its record (older ones refused)."""
    return db.meta(_BOUND_META) == "1"


def mark_bound(db: Database) -> None:
    db.execute(
        "INSERT INTO meta(key, value) VALUES (:k, '1') ON CONFLICT(key) DO UPDATE SET value = '1'",
        {"k": _BOUND_META},
    )


class SensitiveColumns:
    """Encodes and decodes the sensitive columns of one table's rows."""

    def __init__(
        self,
        table: str,
        fields: Iterable[FieldDef],
        codec: Codec = PLAIN,
        *,
        legacy: bool = True,
    ) -> None:
        """``legacy``: still read ``fx1:`` values (the file was not re-encoded yet)."""
        fields = list(fields)
        self.legacy = legacy
        self.table = table
        self.names = frozenset(f.id for f in fields if f.sensitive)
        self.lookups = frozenset(f.id for f in fields if f.sensitive and f.type_id in LOOKUP_TYPES)
        self.codec = codec
        #: stored as typed: reading needs no decoding
        self.plain = isinstance(codec, PlainCodec)
        #: values that could not be decrypted while reading (shown as 无法解密)
        self.damaged = 0

    def where(self, name: str, key: Key | None = None) -> str:
        place = f"{self.table}.{name}"
        return place if key is None else f"{place}#{key}"

    def encode_one(self, name: str, value: object, key: Key) -> object:
        if name not in self.names or value is None:
            return value
        sealed = self.codec.encode(str(value), self.where(name, key))
        if isinstance(self.codec, AesCodec):
            return BOUND + sealed[len(PREFIX) :]
        return sealed

    def encode(self, values: Mapping[str, object], key: Key) -> dict[str, object]:
        """Column values (already ``to_db``) with sensitive ones encoded for record ``key``."""
        return {name: self.encode_one(name, value, key) for name, value in values.items()}

    def lookup_values(self, values: Mapping[str, object]) -> dict[str, object]:
        """The keyed hashes of the lookup fields among ``values`` (plain values)."""
        return {
            lookup_column(name): None if value is None else self.codec.lookup(str(value))
            for name, value in values.items()
            if name in self.lookups
        }

    def lookup(self, text: str) -> str:
        return self.codec.lookup(text)

    def decode_value(self, name: str, stored: object, key: Key) -> object:
        """One stored value of record ``key``, decoded; raises Tampered when it cannot be."""
        if name not in self.names or stored is None:
            return stored
        text = str(stored)
        if text.startswith(BOUND):
            return self.codec.decode(PREFIX + text[len(BOUND) :], self.where(name, key))
        if text.startswith(PREFIX) and not self.legacy:
            raise Tampered(f"“{self.where(name)}”中的个人信息无法解密：数据已被改动过。")
        return self.codec.decode(text, self.where(name))

    def reader(self, name: str) -> Callable[[object, Key], object]:
        """A function reading many values of one column (each with its record's key); a
        damaged one reads as 无法解密."""

        if name not in self.names:
            return lambda stored, key: stored
        decode, place, legacy = self.codec.decode, self.where(name), self.legacy

        def read(stored: object, key: Key) -> object:
            if stored is None:
                return None
            text = str(stored)
            try:
                if text.startswith(BOUND):
                    return decode(PREFIX + text[4:], f"{place}#{key}")
                if legacy or not text.startswith(PREFIX):
                    return decode(text, place)
                raise Tampered(f"“{place}”中的个人信息无法解密：数据已被改动过。")
            except Tampered:
                self.damaged += 1
                log.warning("cannot decrypt a value of %s", self.where(name))
                return DAMAGED

        return read


def audit_key(field: str, record_id: int) -> tuple[str | None, str, Key]:
    """An audit row's field (``name`` or ``steps[2].name``) → (sub-form id or None, field
    id, the key its values are bound to)."""
    if "[" in field and "]." in field:
        sub_id, _sep, rest = field.partition("[")
        position, _sep, name = rest.partition("].")
        return sub_id, name, f"{record_id}.{position}"
    return None, field, record_id


def reencode(
    db: Database,
    table: str,
    fields: Iterable[FieldDef],
    old: Codec,
    new: Codec,
    *,
    audit_table: str | None = None,
    audit_prefix: str = "",
    skip_damaged: bool = False,
) -> int:
    """Re-encode every sensitive value of ``table`` (and its lookup hashes, and the audit rows
    that hold them) from ``old`` to ``new``, bound to their records; the caller holds the
    transaction. A sub-form's table (``audit_prefix`` set) is keyed by parent and position.
    ``skip_damaged``: a value that cannot be decoded stays as it is (it reads as 无法解密)
    instead of stopping everything. Returns the number of values re-encoded."""
    fields = list(fields)
    source = SensitiveColumns(table, fields, old, legacy=not is_bound(db))
    target = SensitiveColumns(table, fields, new)
    if not source.names or not db.table_exists(table):
        return 0
    present = set(db.columns(table))
    names = [n for n in sorted(source.names) if n in present]
    count = 0
    if names:
        key_sql = "parent_id || '.' || position" if audit_prefix else "id"
        rows = db.query_all(
            f"SELECT id, {key_sql} AS _key, {', '.join(quote(n) for n in names)} "
            f"FROM {quote(table)}"
        )
        for row in rows:
            key: Key = row["_key"]
            plain = {}
            for n in names:
                try:
                    plain[n] = source.decode_value(n, row[n], key)
                except Tampered:
                    if not skip_damaged:
                        raise
            if not plain:
                continue
            changes = target.encode(plain, key)
            changes |= {k: v for k, v in target.lookup_values(plain).items() if k in present}
            count += sum(1 for n in plain if plain[n] is not None)
            columns = list(changes)
            assignments = ", ".join(f"{quote(c)} = :p{i}" for i, c in enumerate(columns))
            params = {f"p{i}": changes[c] for i, c in enumerate(columns)}
            db.execute(
                f"UPDATE {quote(table)} SET {assignments} WHERE id = :_id",
                {**params, "_id": row["id"]},
            )
    count += _reencode_audit(db, source, target, audit_table or table, audit_prefix, skip_damaged)
    return count


def _reencode_audit(
    db: Database,
    source: SensitiveColumns,
    target: SensitiveColumns,
    audit_table: str,
    prefix: str,
    skip_damaged: bool = False,
) -> int:
    """Audit rows keep old and new values of sensitive fields encoded the same way."""
    count = 0
    rows = db.query_all(
        "SELECT id, record_id, field, old, new FROM audit "
        "WHERE table_name = :t AND field IS NOT NULL",
        {"t": audit_table},
    )
    for row in rows:
        sub_id, name, key = audit_key(str(row["field"]), int(row["record_id"]))
        if sub_id != (prefix or None) or name not in source.names:
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
            try:
                plain = source.decode_value(name, stored, key)
            except Tampered:
                if not skip_damaged:
                    raise
                values[side] = text
                continue
            values[side] = json.dumps(target.encode_one(name, plain, key), ensure_ascii=False)
            count += 1
        db.execute(
            "UPDATE audit SET old = :old, new = :new WHERE id = :id",
            {"old": values["old"], "new": values["new"], "id": row["id"]},
        )
    return count


def _reencode_fields(
    db: Database, forms: Iterable[FormDef], old: Codec, new: Codec, *, skip_damaged: bool
) -> int:
    count = 0
    for form in forms:
        count += reencode(db, form.table, form.fields, old, new, skip_damaged=skip_damaged)
        for sub in form.subforms:
            count += reencode(
                db,
                form.sub_table(sub),
                sub.fields,
                old,
                new,
                audit_table=form.table,
                audit_prefix=sub.id,
                skip_damaged=skip_damaged,
            )
    return count


def bind_all(db: Database, forms: Iterable[FormDef], codec: Codec) -> int:
    """On unlock: re-encode values written before ciphertexts were bound to their records
    (once per file); returns the number re-encoded."""
    if not isinstance(codec, AesCodec) or is_bound(db):
        return 0
    with db.transaction():
        count = _reencode_fields(db, forms, codec, codec, skip_damaged=True)
        mark_bound(db)
    return count
