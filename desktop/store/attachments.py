"""Files attached to register records (photos, 签到表, 会议纪要, scans), kept inside the
database (``register_attachment``) so that they travel with the file.

Caps, stated and enforced: **20 MB a file** (a phone photo is 3-8 MB, a scanned multi-page PDF
a few MB; larger files are usually videos, which do not belong on the stick) and **500 MB a
database** (every backup copies the whole file: 500 MB is about a minute on a USB 2.0 stick,
and SQLite keeps one value under 1 GB). The clerk is told both numbers when a file is refused.

For a register with personal data and a database password, the file's bytes and its name are
encrypted (AES-GCM, bound to the record and the attachment) like personal fields; while the
database is locked they cannot be read or added. Adding and removing are audited under the
record (field ``#attachment``, which no field id can be), so they show in its history.
"""

from __future__ import annotations

import json
from pathlib import Path

from desktop.domain.plain import Frozen
from desktop.forms.definition import FormDef, Sealed
from desktop.store import audit
from desktop.store.database import Database, now_text
from desktop.store.errors import StoreError
from desktop.store.vault import AesCodec, Codec, LockedCodec, Tampered

MAX_FILE = 20 * 1024 * 1024
MAX_TOTAL = 500 * 1024 * 1024
AUDIT_FIELD = "#attachment"
PREVIEWABLE = ("image/png", "image/jpeg", "image/gif", "image/bmp", "application/pdf")


class AttachmentRefused(StoreError):
    exit_code = 1
    title = "无法添加附件"


class Attachment(Frozen):
    id: int
    record_id: int
    name: str
    mime: str
    size: int
    added_at: str
    sealed: bool

    @property
    def previewable(self) -> bool:
        return self.mime in PREVIEWABLE


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def totals(db: Database) -> tuple[int, int]:
    """Every attachment of the database: how many and their size in bytes."""
    if not db.table_exists("register_attachment"):
        return 0, 0
    row = db.query_one("SELECT count(*) AS n, coalesce(sum(size), 0) AS s FROM register_attachment")
    assert row is not None
    return int(row["n"]), int(row["s"])


class Attachments:
    """One register's attachments."""

    def __init__(self, db: Database, form: FormDef, codec: Codec) -> None:
        self.db = db
        self.form = form
        self.codec = codec

    @property
    def sealing(self) -> bool:
        """Whether new attachments are encrypted."""
        return (
            self.form.personal and not isinstance(self.codec, type(None)) and self.codec.encrypted
        )

    def _name_where(self, record_id: int) -> str:
        return f"{self.form.table}#attachment-name#{record_id}"

    def _data_where(self, record_id: int, attachment_id: int) -> str:
        return f"{self.form.table}#attachment#{record_id}.{attachment_id}"

    def _name(self, stored: str, sealed: bool, record_id: int, codec: Codec | None = None) -> str:
        codec = codec or self.codec
        if not sealed:
            return stored
        if isinstance(codec, LockedCodec):
            return Sealed("已加密")
        try:
            return codec.decode(stored, self._name_where(record_id))
        except Tampered:
            return Sealed("无法解密")

    def list(self, record_id: int) -> list[Attachment]:
        rows = self.db.query_all(
            "SELECT id, record_id, name, mime, size, added_at, sealed FROM register_attachment "
            "WHERE form_id = :f AND record_id = :r ORDER BY id",
            {"f": self.form.id, "r": record_id},
        )
        return [
            Attachment(
                r["id"],
                r["record_id"],
                self._name(r["name"], bool(r["sealed"]), record_id),
                r["mime"],
                r["size"],
                r["added_at"],
                bool(r["sealed"]),
            )
            for r in rows
        ]

    def check_size(self, name: str, size: int) -> None:
        """Refuse a file over the per-file or the per-database cap (before reading it)."""
        if size > MAX_FILE:
            raise AttachmentRefused(
                f"“{name}”有 {megabytes(size)}，超过每个附件 {megabytes(MAX_FILE)} 的上限。"
                "照片请先压缩，扫描件请分成几个文件。"
            )
        _count, used = totals(self.db)
        if used + size > MAX_TOTAL:
            raise AttachmentRefused(
                f"数据库中的附件已有 {megabytes(used)}，再加“{name}”会超过整个数据库 "
                f"{megabytes(MAX_TOTAL)} 的上限（附件随数据库一起备份，太大会拖慢U盘）。"
            )

    def add(self, record_id: int, name: str, data: bytes) -> int:
        """Attach a file to a record (one audited transaction); refused over the caps."""
        self.check_size(name, len(data))
        if self.form.personal and isinstance(self.codec, LockedCodec):
            raise AttachmentRefused("个人信息已加密，请先输入数据库密码解锁，再添加附件。")
        import mimetypes  # adding a file only; registers import this module at start-up

        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        sealed = self.form.personal and isinstance(self.codec, AesCodec)
        with self.db.transaction():
            attachment_id = int(
                self.db.scalar("SELECT coalesce(max(id), 0) + 1 FROM register_attachment")
            )
            stored_name = name
            stored = data
            if sealed:
                stored_name = self.codec.encode(name, self._name_where(record_id))
                stored = self.codec.seal(data, self._data_where(record_id, attachment_id))
            self.db.execute(
                "INSERT INTO register_attachment(id, form_id, record_id, name, mime, size, "
                "sealed, data, added_at) VALUES (:id, :f, :r, :name, :mime, :size, :sealed, "
                ":data, :time)",
                {
                    "id": attachment_id,
                    "f": self.form.id,
                    "r": record_id,
                    "name": stored_name,
                    "mime": mime,
                    "size": len(data),
                    "sealed": int(sealed),
                    "data": stored,
                    "time": now_text(),
                },
            )
            change = {AUDIT_FIELD: (None, stored_name)}
            audit.record(self.db, self.form.table, record_id, "insert", change, time=now_text())
        return attachment_id

    def add_file(self, record_id: int, path: Path) -> int:
        self.check_size(path.name, path.stat().st_size)
        return self.add(record_id, path.name, path.read_bytes())

    def data(self, attachment_id: int) -> bytes:
        row = self.db.query_one(
            "SELECT record_id, sealed, data FROM register_attachment WHERE id = :id AND "
            "form_id = :f",
            {"id": attachment_id, "f": self.form.id},
        )
        if row is None:
            raise KeyError(attachment_id)
        if not row["sealed"]:
            return bytes(row["data"])
        where = self._data_where(row["record_id"], attachment_id)
        return self.codec.unseal(bytes(row["data"]), where)

    def remove(self, attachment_id: int) -> None:
        row = self.db.query_one(
            "SELECT record_id, name FROM register_attachment WHERE id = :id AND form_id = :f",
            {"id": attachment_id, "f": self.form.id},
        )
        if row is None:
            return
        with self.db.transaction():
            self.db.execute("DELETE FROM register_attachment WHERE id = :id", {"id": attachment_id})
            change = {AUDIT_FIELD: (row["name"], None)}
            audit.record(
                self.db, self.form.table, row["record_id"], "delete", change, time=now_text()
            )

    def decode_audit(self, stored: object, record_id: int) -> object:
        """An audit value of ``#attachment`` (the file's name), decoded."""
        if stored is None or not self.form.personal or not self.codec.encrypted:
            return stored
        return self._name(str(stored), True, record_id)


def reencode(db: Database, form: FormDef, old: Codec, new: Codec) -> int:
    """Password set or removed: a personal register's attachments (and their names in the
    audit trail) from ``old`` to ``new``; the caller holds the transaction."""
    if not form.personal or not db.table_exists("register_attachment"):
        return 0
    source, target = Attachments(db, form, old), Attachments(db, form, new)
    rows = db.query_all(
        "SELECT id, record_id, name, sealed, data FROM register_attachment WHERE form_id = :f",
        {"f": form.id},
    )
    seal = isinstance(new, AesCodec)
    for row in rows:
        record_id, attachment_id = row["record_id"], row["id"]
        name = source._name(row["name"], bool(row["sealed"]), record_id)
        data = source.data(attachment_id)
        if seal:
            name = new.encode(name, target._name_where(record_id))
            data = new.seal(data, target._data_where(record_id, attachment_id))
        db.execute(
            "UPDATE register_attachment SET name = :n, data = :d, sealed = :s WHERE id = :id",
            {"n": name, "d": data, "s": int(seal), "id": attachment_id},
        )
    entries = db.query_all(
        "SELECT id, record_id, old, new FROM audit WHERE table_name = :t AND field = :f",
        {"t": form.table, "f": AUDIT_FIELD},
    )
    for entry in entries:
        values = {}
        for side in ("old", "new"):
            text = entry[side]
            value = None if text is None else json.loads(text)
            if value is not None:
                plain = source._name(str(value), old.encrypted, entry["record_id"])
                value = new.encode(plain, target._name_where(entry["record_id"])) if seal else plain
            values[side] = None if value is None else json.dumps(value, ensure_ascii=False)
        db.execute(
            "UPDATE audit SET old = :old, new = :new WHERE id = :id",
            {"old": values["old"], "new": values["new"], "id": entry["id"]},
        )
    return len(rows)
