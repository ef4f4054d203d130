"""A session's protection state: no password (plain), locked, or unlocked; and the actions
that change it. Setting, changing or removing the password re-encodes every sensitive value of
every register (records, sub-records, their lookup hashes and audit rows) in one transaction,
on an in-memory copy that replaces the file (``store/rewrite.py``; the user actions are in
``operations/protection.py``).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterator, Sequence

from desktop.forms.definition import FieldDef, FormDef
from desktop.store import attachments, vault
from desktop.store.database import Database
from desktop.store.register_names import quote
from desktop.store.sensitive import (
    BOUND,
    LOOKUP_TYPES,
    SensitiveColumns,
    bind_all,
    is_bound,
    lookup_column,
    mark_bound,
    reencode,
)
from desktop.store.vault import LOCKED, PLAIN, AesCodec, Codec, VaultError, VaultLocked

log = logging.getLogger("fulian.store.protection")


class Protection:
    def __init__(self, db: Database, forms: Sequence[FormDef]) -> None:
        self.db = db
        self.forms = tuple(forms)
        self._key: bytes | None = None
        self._codec: AesCodec | None = None
        #: seconds the last unlock took (scrypt), for the clerk's curiosity and the benchmark
        self.last_unlock_seconds = 0.0

    @property
    def protected(self) -> bool:
        return vault.is_protected(self.db)

    @property
    def unlocked(self) -> bool:
        return self._codec is not None

    @property
    def codec(self) -> Codec:
        if self._codec is not None:
            return self._codec
        return LOCKED if self.protected else PLAIN

    def describe(self) -> str:
        if not self.protected:
            return "未设置密码：个人信息以明文保存在数据库文件中。"
        if self.unlocked:
            return "已设置密码，当前已解锁。"
        return "已设置密码，当前已锁定：个人信息显示为“已加密”。"

    # ----- unlocking ----------------------------------------------------------------------
    def unlock(self, password: str) -> None:
        started = time.perf_counter()
        key = vault.unlock(self.db, password)
        self.last_unlock_seconds = time.perf_counter() - started
        self._open(key)
        if not unlock_work(self.db, self.forms, self.codec):
            return  # nothing to bring up to date: the file is not written (nor backed up)
        with self.db.transaction():  # one transaction for the three
            seal_new_fields(self.db, self.forms, key)
            bind_all(self.db, self.forms, self.codec)  # ciphertexts bound to their records
            fill_missing_lookups(self.db, self.forms, self.codec)

    def _open(self, key: bytes) -> None:
        self._key = key
        self._codec = AesCodec(key)

    def lock(self) -> None:
        self._key = None
        self._codec = None

    def reset_with_recovery(
        self, recovery_key: str, new_password: str, *, cost: vault.KdfCost = vault.DEFAULT_COST
    ) -> None:
        """Forgot the password: the recovery key unlocks and a new password is set (the old,
        forgotten password's wrap is of no use to anyone, so this is written in place)."""
        vault.check_password(new_password)
        key = vault.unlock_with_recovery(self.db, recovery_key)
        with self.db.transaction():
            vault.rewrap_password(self.db, key, new_password, cost=cost)
        seal_new_fields(self.db, self.forms, key)
        self.open_key(key)
        bind_all(self.db, self.forms, self.codec)

    def open_key(self, key: bytes) -> None:
        """Unlocked with ``key`` (after the file was rewritten under it)."""
        self._open(key)

    def rebind(self, db: Database) -> None:
        """The file was replaced: read and write through the new connection."""
        self.db = db

    def require_key(self) -> bytes:
        if self._key is None:
            raise VaultLocked("请先输入数据库密码解锁。")
        return self._key


# ----- whole-file changes: run on the in-memory copy of ``store/rewrite.py`` ----------------
def encrypt(
    db: Database,
    forms: Sequence[FormDef],
    key: bytes,
    password: str,
    recovery_key: str,
    cost: vault.KdfCost,
) -> int:
    """Protect a plain database: key material, and every sensitive value encrypted."""
    if vault.is_protected(db):
        raise VaultError("这个数据库已经设置了密码。")
    with db.transaction():
        vault.write_material(db, key, password, recovery_key, cost=cost)
        count = _reencode_all(db, forms, PLAIN, AesCodec(key))
        _record_sealed(db, forms)
    log.info("password set; %d sensitive values encrypted", count)
    return count


def rekey(
    db: Database,
    forms: Sequence[FormDef],
    old_key: bytes,
    new_key: bytes,
    password: str,
    recovery_key: str,
    cost: vault.KdfCost,
) -> int:
    """A new password: a new data key (so the old password and recovery key open nothing
    written from now on), every value re-encrypted, a new recovery key."""
    with db.transaction():
        vault.write_material(db, new_key, password, recovery_key, cost=cost)
        count = _reencode_all(db, forms, AesCodec(old_key), AesCodec(new_key))
        _record_sealed(db, forms)
    log.info("password changed; %d sensitive values re-encrypted", count)
    return count


def renew_recovery(db: Database, key: bytes, recovery_key: str) -> None:
    with db.transaction():
        vault.rewrap_recovery(db, key, recovery_key)


def decrypt(db: Database, forms: Sequence[FormDef], key: bytes) -> int:
    """Back to plain storage (the clerk decided the file needs no password)."""
    with db.transaction():
        count = _reencode_all(db, forms, AesCodec(key), PLAIN)
        db.execute("DELETE FROM vault")
        db.execute("DELETE FROM meta WHERE key = :k", {"k": SEALED_FIELDS_KEY})
    log.info("password removed; %d sensitive values decrypted", count)
    return count


def check_sealed(db: Database, forms: Sequence[FormDef]) -> None:
    """The verification of a protected file: no sensitive column holds a plain value."""
    from desktop.store.rewrite import RewriteFailed

    for form in forms:
        tables = [(form.table, form.fields)] + [
            (form.sub_table(sub), sub.fields) for sub in form.subforms
        ]
        for table, fields in tables:
            if not db.table_exists(table):
                continue
            present = set(db.columns(table))
            for f in fields:
                if not f.sensitive or f.id not in present:
                    continue
                column = quote(f.id)
                plain = db.scalar(
                    f"SELECT count(*) FROM {quote(table)} WHERE {column} IS NOT NULL "
                    f"AND substr({column}, 1, {len(vault.PREFIX)}) NOT IN (:prefix, :bound)",
                    {"prefix": vault.PREFIX, "bound": BOUND},
                )
                if plain:
                    raise RewriteFailed(
                        f"新写入的数据库文件中“{table}.{f.id}”仍有未加密的值，这次没有改动数据库。"
                    )


def _reencode_all(
    db: Database,
    forms: Sequence[FormDef],
    old: Codec,
    new: Codec,
    only: frozenset[str] | None = None,
) -> int:
    """Every sensitive value (``only``: of these ``table.field`` names) from old to new."""

    def chosen(table: str, fields: Sequence[FieldDef]) -> list[FieldDef]:
        return [f for f in fields if only is None or f"{table}.{f.id}" in only]

    count = 0
    for form in forms:
        count += reencode(db, form.table, chosen(form.table, form.fields), old, new)
        for sub in form.subforms:
            table = form.sub_table(sub)
            count += reencode(
                db,
                table,
                chosen(table, sub.fields),
                old,
                new,
                audit_table=form.table,
                audit_prefix=sub.id,
            )
        if only is None:
            count += attachments.reencode(db, form, old, new)
    if only is None and isinstance(new, AesCodec):
        mark_bound(db)  # every ciphertext now bound to its record (store/sensitive.py)
    return count


# ----- fields that became sensitive after the password was set ------------------------------
SEALED_FIELDS_KEY = "sealed_fields"


class _UpgradeCodec(AesCodec):
    """Reads a value stored before its field was declared sensitive as the plain text it is."""

    def decode(self, stored: str, where: str) -> str:
        return stored if not stored.startswith(vault.PREFIX) else super().decode(stored, where)


def sensitive_fields(forms: Sequence[FormDef]) -> frozenset[str]:
    names = {f"{form.table}.{f.id}" for form in forms for f in form.fields if f.sensitive}
    names |= {
        f"{form.sub_table(sub)}.{f.id}"
        for form in forms
        for sub in form.subforms
        for f in sub.fields
        if f.sensitive
    }
    return frozenset(names)


def _record_sealed(db: Database, forms: Sequence[FormDef]) -> None:
    """Which fields were encrypted (the caller holds the transaction)."""
    db.execute(
        "INSERT INTO meta(key, value) VALUES (:k, :v) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        {"k": SEALED_FIELDS_KEY, "v": json.dumps(sorted(sensitive_fields(forms)))},
    )


def seal_new_fields(db: Database, forms: Sequence[FormDef], key: bytes) -> int:
    """Encrypt the values of fields declared sensitive after the password was set (a form
    update, e.g. the case narratives of issue 17); the values of fields sealed before stay
    strict: a plain value there is tampering. Files from before this record existed seal
    every sensitive field's plain values once. Returns the number of values encrypted."""
    stored = db.meta(SEALED_FIELDS_KEY)
    before = frozenset(json.loads(stored)) if stored else frozenset()
    todo = sensitive_fields(forms) - before
    if not todo:
        return 0
    with db.transaction():
        count = _reencode_all(db, forms, _UpgradeCodec(key), AesCodec(key), only=todo)
        _record_sealed(db, forms)
    if count:
        log.info("encrypted %d values of newly sensitive fields %s", count, sorted(todo))
    return count


def unlock_work(db: Database, forms: Sequence[FormDef], codec: Codec) -> bool:
    """Whether an unlock has anything to write (read only): a field made sensitive since the
    password was set, ciphertexts not yet bound to their records, or lookup hashes missing."""
    stored = db.meta(SEALED_FIELDS_KEY)
    if sensitive_fields(forms) - (frozenset(json.loads(stored)) if stored else frozenset()):
        return True
    if isinstance(codec, AesCodec) and not is_bound(db):
        return True
    return any(True for _ in _missing_lookups(db, forms, codec, probe=True))


def _missing_lookups(
    db: Database, forms: Sequence[FormDef], codec: Codec, *, probe: bool = False
) -> Iterator[tuple[FormDef, FieldDef, SensitiveColumns, list[sqlite3.Row]]]:
    """Per lookup field, the rows with a value and no lookup hash; ``probe``: at most one."""
    if codec.locked:
        return
    legacy = not is_bound(db)
    for form in forms:
        if not db.table_exists(form.table):
            continue
        columns = SensitiveColumns(form.table, form.fields, codec, legacy=legacy)
        present = set(db.columns(form.table))
        for f in form.fields:
            column = lookup_column(f.id)
            if f.id not in columns.lookups or f.type_id not in LOOKUP_TYPES:
                continue
            if column not in present or f.id not in present:
                continue
            rows = db.query_all(
                f"SELECT id, {quote(f.id)} AS v FROM {quote(form.table)} "
                f"WHERE {quote(f.id)} IS NOT NULL AND {quote(column)} IS NULL"
                + (" LIMIT 1" if probe else "")
            )
            if rows:
                yield form, f, columns, rows


def fill_missing_lookups(db: Database, forms: Sequence[FormDef], codec: Codec) -> int:
    """Lookup hashes of values written before their column existed (older files)."""
    filled = 0
    for form, f, columns, rows in list(_missing_lookups(db, forms, codec)):
        column = lookup_column(f.id)
        with db.transaction():
            for row in rows:
                plain = columns.decode_value(f.id, row["v"], row["id"])
                db.execute(
                    f"UPDATE {quote(form.table)} SET {quote(column)} = :h WHERE id = :id",
                    {"h": columns.lookup(str(plain)), "id": row["id"]},
                )
        filled += len(rows)
    return filled
