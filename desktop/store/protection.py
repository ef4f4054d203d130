"""A session's protection state: no password (plain), locked, or unlocked; and the actions
that change it. Setting or removing the password re-encodes every sensitive value of every
register (records, sub-records, their lookup hashes and audit rows) in one transaction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from desktop.forms.definition import FormDef
from desktop.store import vault
from desktop.store.database import Database
from desktop.store.register_names import quote
from desktop.store.sensitive import (
    LOOKUP_TYPES,
    SensitiveColumns,
    bind_all,
    is_bound,
    lookup_column,
    reencode_forms,
    seal_plain,
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
        seal_plain(self.db, self.forms, self.codec)
        bind_all(self.db, self.forms, self.codec)
        fill_missing_lookups(self.db, self.forms, self.codec)

    def _open(self, key: bytes) -> None:
        self._key = key
        self._codec = AesCodec(key)

    def lock(self) -> None:
        self._key = None
        self._codec = None

    def reset_with_recovery(self, recovery_key: str, new_password: str) -> None:
        """Forgot the password: the recovery key unlocks and a new password is set."""
        vault.check_password(new_password)
        key = vault.unlock_with_recovery(self.db, recovery_key)
        with self.db.transaction():
            vault.rewrap_password(self.db, key, new_password)
        self._open(key)

    # ----- setting and changing -----------------------------------------------------------
    def set_password(self, password: str) -> str:
        """Protect the database; returns the recovery key to print (shown once)."""
        if self.protected:
            raise VaultError("这个数据库已经设置了密码。")
        vault.check_password(password)
        key = vault.new_data_key()
        recovery = vault.new_recovery_key()
        new = AesCodec(key)
        with self.db.transaction():
            vault.write_material(self.db, key, password, recovery)
            count = _reencode_all(self.db, self.forms, PLAIN, new)
        log.info("password set; %d sensitive values encrypted", count)
        self._open(key)
        return recovery

    def change_password(self, new_password: str) -> None:
        key = self._require_key()
        with self.db.transaction():
            vault.rewrap_password(self.db, key, new_password)

    def remove_password(self) -> None:
        """Back to plain storage (the clerk decided the file needs no password)."""
        key = self._require_key()
        with self.db.transaction():
            count = _reencode_all(self.db, self.forms, AesCodec(key), PLAIN)
            self.db.execute("DELETE FROM vault")
        log.info("password removed; %d sensitive values decrypted", count)
        self.lock()

    def _require_key(self) -> bytes:
        if self._key is None:
            raise VaultLocked("请先输入数据库密码解锁。")
        return self._key


def _reencode_all(db: Database, forms: Sequence[FormDef], old: Codec, new: Codec) -> int:
    return reencode_forms(db, forms, old, new)


def fill_missing_lookups(db: Database, forms: Sequence[FormDef], codec: Codec) -> int:
    """Lookup hashes of values written before their column existed (older files)."""
    if codec.locked:
        return 0
    filled = 0
    for form in forms:
        if not db.table_exists(form.table):
            continue
        columns = SensitiveColumns(form.table, form.fields, codec, legacy=not is_bound(db))
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
            )
            if not rows:
                continue
            with db.transaction():
                for row in rows:
                    plain = columns.decode_value(f.id, row["v"], row["id"])
                    db.execute(
                        f"UPDATE {quote(form.table)} SET {quote(column)} = :h WHERE id = :id",
                        {"h": columns.lookup(str(plain)), "id": row["id"]},
                    )
            filled += len(rows)
    return filled
