"""A register's writes of many records at once: demo data, a checked import, purging personal
data after its retention period, the audit note of a full export. Each is one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from desktop.forms.definition import FieldDef, FormDef, Values
from desktop.store import records, register_rows
from desktop.store.database import Database, now_text
from desktop.store.register_names import lookup_column, quote
from desktop.store.sensitive import SensitiveColumns

Children = dict[str, list[Values]]


class RegisterStore(Protocol):
    """What these functions use of ``registers.RegisterStore`` (no import: no circle)."""

    db: Database
    form: FormDef
    sensitive: SensitiveColumns

    @property
    def sub_ids(self) -> frozenset[str]: ...

    def sub_sensitive(self, sub_id: str) -> SensitiveColumns: ...

    def check_writable(self) -> None: ...

    def to_columns(self, fields: Sequence[FieldDef], values: Mapping[str, object]) -> Values: ...

    def insert_child(self, table: str, parent: int, position: int, row: Values) -> None: ...

    def add(self, values: Mapping[str, object], children: Children | None = None) -> int: ...

    def update(
        self, record_id: int, values: Mapping[str, object], children: Children | None = None
    ) -> bool: ...


def add_many(store: RegisterStore, items: Sequence[tuple[Values, Children]], note: str) -> None:
    """Many records at once (demo data): one audit note instead of one row per field."""
    if not items:
        return
    store.check_writable()
    db, form = store.db, store.form
    time = now_text()
    with db.transaction():
        record_id = register_rows.next_id(db, form.table) - 1
        names = ["id", "created_at", "updated_at", *(f.id for f in form.fields)]
        lookups = [lookup_column(n) for n in sorted(store.sensitive.lookups)]
        names += [c for c in lookups if c in set(db.columns(form.table))]
        sql = (
            f"INSERT INTO {quote(form.table)} ({', '.join(map(quote, names))}) "
            f"VALUES ({', '.join(f':p{i}' for i in range(len(names)))})"
        )
        for values, children in items:
            plain = store.to_columns(form.fields, values)
            record_id += 1
            row = {n: None for n in names} | {
                "id": record_id,
                "created_at": time,
                "updated_at": time,
            }
            row |= store.sensitive.encode(plain, record_id)
            row |= {k: v for k, v in store.sensitive.lookup_values(plain).items() if k in row}
            db.execute(sql, {f"p{i}": row[n] for i, n in enumerate(names)})
            for sub in form.subforms:
                sensitive = store.sub_sensitive(sub.id)
                for position, sub_row in enumerate(children.get(sub.id, []), start=1):
                    encoded = sensitive.encode(
                        store.to_columns(sub.fields, sub_row), f"{record_id}.{position}"
                    )
                    store.insert_child(form.sub_table(sub), record_id, position, encoded)
        # one register-level entry (record 0), not thousands of field rows
        records.insert_audit_note(db, form.table, 0, f"{note}：{len(items)} 条")


def apply_import(
    store: RegisterStore,
    added: Sequence[tuple[Values, Children]],
    updated: Sequence[tuple[int, Values, Children | None]],
    note: str,
) -> None:
    """Apply a checked import in one transaction: every record audited as usual."""
    with store.db.transaction():
        for values, children in added:
            store.add(values, children)
        for record_id, values, sub_rows in updated:
            store.update(record_id, values, sub_rows)
        records.insert_audit_note(store.db, store.form.table, 0, note, action="import")


def purge(store: RegisterStore, record_ids: Sequence[int], reason: str) -> int:
    """Erase the personal data of records (their sensitive fields, in sub-records and in
    the audit trail too); the records stay as anonymous counts for statistics. One
    transaction; works while locked (nothing needs decrypting). Returns records purged."""
    db, form = store.db, store.form
    names = sorted(store.sensitive.names)
    if not names or not record_ids:
        return 0
    time = now_text()
    lookups = [lookup_column(n) for n in sorted(store.sensitive.lookups)]
    present = set(db.columns(form.table))
    erase = {c: None for c in [*names, *lookups] if c in present}
    purged = 0
    with db.transaction():
        for record_id in record_ids:
            row = db.query_one(
                f"SELECT purged_at FROM {quote(form.table)} WHERE id = :id", {"id": record_id}
            )
            if row is None or row["purged_at"] is not None:
                continue
            register_rows.set_columns(db, form.table, record_id, {**erase, "purged_at": time})
            _purge_children(store, record_id)
            _purge_audit(store, record_id, names)
            records.insert_audit_note(
                db, form.table, record_id, f"清除个人信息：{reason}", action="purge"
            )
            purged += 1
    return purged


def _purge_children(store: RegisterStore, record_id: int) -> None:
    for sub in store.form.subforms:
        sensitive = store.sub_sensitive(sub.id)
        table = store.form.sub_table(sub)
        if not sensitive.names or not store.db.table_exists(table):
            continue
        erase = ", ".join(f"{quote(n)} = NULL" for n in sorted(sensitive.names))
        store.db.execute(
            f"UPDATE {quote(table)} SET {erase} WHERE parent_id = :p", {"p": record_id}
        )


def _purge_audit(store: RegisterStore, record_id: int, names: Sequence[str]) -> None:
    """The old and new values of sensitive fields go from the record's history too."""
    rows = store.db.query_all(
        "SELECT id, field FROM audit WHERE table_name = :t AND record_id = :r",
        {"t": store.form.table, "r": record_id},
    )
    for row in rows:
        field = str(row["field"] or "")
        sensitive = field in names
        if "[" in field:
            sub_id, _sep, rest = field.partition("[")
            sub = store.sub_sensitive(sub_id) if sub_id in store.sub_ids else None
            sensitive = sub is not None and rest.partition("].")[2] in sub.names
        if sensitive:
            store.db.execute(
                "UPDATE audit SET old = NULL, new = NULL WHERE id = :id", {"id": row["id"]}
            )


def note_export(store: RegisterStore, text: str) -> None:
    with store.db.transaction():
        records.insert_audit_note(store.db, store.form.table, 0, text, action="export")
