"""The database's own secret for signing what it sends out (fill-in templates).

A template's hidden ``_meta`` sheet names the database, year and unit; anyone can edit it. Its
signature is an HMAC-SHA256 keyed with this secret, which lives only in the database (``meta``
table, key ``template_key``) and is never written into a workbook: a relabelled ``_meta``
(another unit or year) or a hand-made file cannot carry a valid signature. Migration 10 gives
every database its secret; ``template_key`` also makes one on first need for a database that
somehow lacks it.
"""

from __future__ import annotations

import secrets

from desktop.store.database import Database
from desktop.store.errors import StoreError

KEY = "template_key"


def new_key() -> str:
    return secrets.token_hex(32)


def template_key(db: Database) -> bytes:
    """The 32-byte secret; created (in its own transaction) when missing."""
    text = db.meta(KEY)
    if text is None:
        if db.read_only:
            raise StoreError("数据库缺少模板签名密钥，请先用妇联工作台打开一次（会自动补上）。")
        with db.transaction():
            db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES (:key, :value)",
                {"key": KEY, "value": new_key()},
            )
        text = db.meta(KEY)
        assert text is not None
    return bytes.fromhex(text)
