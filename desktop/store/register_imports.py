"""Which register workbooks were imported, so a second import is recognised (issue 17 item 5).

Two levels. The *file*: its SHA-256; the same bytes imported again into the same register are
refused. The *rows*: a row without a record id is a new record; once imported, the same row in
a later version of the same workbook (the clerk added more rows and imports again) must not be
added twice. Each added row leaves a fingerprint: HMAC-SHA256 of the row's values, keyed with the
database's secret (store/signing.py), so the log holds no personal data in clear. "The same
workbook" is its export id (written by 完整导出 in the hidden sheet), else its file name.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence

from desktop.store import signing
from desktop.store.database import Database, now_text


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(key: bytes, form_id: str, values: Mapping[str, object]) -> str:
    """The row as the file gave it (empty fields left out), keyed."""
    kept = {k: str(v) for k, v in values.items() if v is not None and v != ""}
    text = json.dumps([form_id, sorted(kept.items())], ensure_ascii=False)
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def earlier_import(db: Database, form_id: str, digest: str) -> tuple[str, str] | None:
    """(time, PC) of an earlier import of the same file into the same register."""
    row = db.query_one(
        "SELECT time, pc FROM register_import WHERE form_id = :f AND file_hash = :h "
        "ORDER BY id DESC LIMIT 1",
        {"f": form_id, "h": digest},
    )
    return (str(row["time"]), str(row["pc"])) if row is not None else None


def known_rows(db: Database, form_id: str, export_id: str, file_name: str) -> set[str]:
    """Fingerprints of rows earlier imports of the same workbook added."""
    if export_id:
        where, params = "i.export_id = :e", {"e": export_id}
    else:
        where, params = "i.export_id = '' AND i.file_name = :n", {"n": file_name}
    rows = db.query_all(
        "SELECT r.fingerprint FROM register_import_row r "
        f"JOIN register_import i ON i.id = r.import_id WHERE i.form_id = :f AND {where}",
        {"f": form_id, **params},
    )
    return {str(r["fingerprint"]) for r in rows}


def log_import(
    db: Database,
    form_id: str,
    file_name: str,
    digest: str,
    export_id: str,
    added: Sequence[str],
    updated: int,
) -> int:
    """Record an applied import (inside the caller's transaction)."""
    with db.transaction():
        import_id = int(
            db.execute(
                "INSERT INTO register_import(form_id, file_name, file_hash, export_id, time, pc, "
                "added, updated) VALUES (:f, :n, :h, :e, :t, :pc, :a, :u)",
                {
                    "f": form_id,
                    "n": file_name,
                    "h": digest,
                    "e": export_id,
                    "t": now_text(),
                    "pc": db.pc,
                    "a": len(added),
                    "u": updated,
                },
            ).lastrowid
            or 0
        )
        for print_ in added:
            db.execute(
                "INSERT INTO register_import_row(import_id, fingerprint) VALUES (:i, :p)",
                {"i": import_id, "p": print_},
            )
    return import_id


def key(db: Database) -> bytes:
    return signing.template_key(db)
