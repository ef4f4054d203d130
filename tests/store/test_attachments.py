"""Attachments on register records: kept in the database, capped per file and per database,
encrypted for registers with personal data when a password is set, in the record's history,
counted by ``fulian check``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.forms.loader import load_file
from desktop.operations import protection as protection_ops
from desktop.operations import registers as operations
from desktop.store import attachments, register_sync
from desktop.store.attachments import AttachmentRefused, Attachments
from desktop.store.backup import BackupStore
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.session import Session
from desktop.store.vault import LOCKED, PLAIN, AesCodec, new_data_key
from tests.forms.helpers import FIXTURE_FORMS
from tests.helpers.vault import CHEAP

FORM = load_file(FIXTURE_FORMS / "lecture.toml")  # has personal data (主讲人)
SECRET = b"%PDF-1.4 sign-in sheet of Li Xiulan " + bytes(range(256)) * 4


def raw_bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_an_attachment_is_kept_in_the_database_and_listed_in_the_history(
    db: Database, tmp_path: Path
) -> None:
    register_sync.sync(db, [FORM])
    store = RegisterStore(db, FORM)
    record_id = store.add({"held_on": "2026-03-08", "topic": "亲子沟通", "speaker": "王芳"})
    file = tmp_path / "签到表.pdf"
    file.write_bytes(SECRET)
    operations.add_attachment(db, FORM, PLAIN, record_id, file)
    file.unlink()  # the database holds it, not the folder
    files = Attachments(db, FORM, PLAIN)
    [item] = files.list(record_id)
    assert (item.name, item.mime, item.size, item.previewable) == (
        "签到表.pdf",
        "application/pdf",
        len(SECRET),
        True,
    )
    assert files.data(item.id) == SECRET
    history = [(e.action, e.field, e.new) for e in store.history(record_id)]
    assert ("insert", "#attachment", "签到表.pdf") in history
    operations.remove_attachment(db, FORM, PLAIN, item.id)
    assert files.list(record_id) == []
    assert ("delete", "#attachment", None) in [
        (e.action, e.field, e.new) for e in store.history(record_id)
    ]


def test_caps_per_file_and_per_database_are_enforced(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register_sync.sync(db, [FORM])
    record_id = RegisterStore(db, FORM).add({"held_on": "2026-03-08", "topic": "亲子沟通"})
    big = tmp_path / "录像.mp4"
    with big.open("wb") as out:  # sparse: 21 MB without writing them
        out.truncate(attachments.MAX_FILE + 1024 * 1024)
    with pytest.raises(AttachmentRefused, match=r"超过每个附件 20\.0 MB 的上限"):
        operations.add_attachment(db, FORM, PLAIN, record_id, big)
    monkeypatch.setattr(attachments, "MAX_TOTAL", 3000)
    files = Attachments(db, FORM, PLAIN)
    files.add(record_id, "a.jpg", b"x" * 2000)
    with pytest.raises(AttachmentRefused, match="整个数据库"):
        files.add(record_id, "b.jpg", b"x" * 1500)
    assert attachments.totals(db) == (1, 2000)


def test_with_a_password_attachments_are_encrypted_and_locked(tmp_path: Path) -> None:
    session = Session.create(tmp_path / "a.fulian", BackupStore(tmp_path / "b"), forms=[FORM])
    store = RegisterStore(session.db, FORM)
    record_id = store.add({"held_on": "2026-03-08", "topic": "亲子沟通", "speaker": "王芳"})
    Attachments(session.db, FORM, PLAIN).add(record_id, "李秀兰签到表.pdf", SECRET)
    protection_ops.set_password(
        session, "qingshan-2026", cost=CHEAP
    )  # existing attachments are encrypted
    codec = session.protection.codec
    assert isinstance(codec, AesCodec)
    files = Attachments(session.db, FORM, codec)
    files.add(record_id, "王芳照片.png", SECRET[::-1])
    assert [f.name for f in files.list(record_id)] == ["李秀兰签到表.pdf", "王芳照片.png"]
    assert files.data(files.list(record_id)[0].id) == SECRET
    names = [e.new for e in RegisterStore(session.db, FORM, codec).history(record_id)]
    assert "王芳照片.png" in names
    locked = Attachments(session.db, FORM, LOCKED)
    assert [str(f.name) for f in locked.list(record_id)] == ["已加密", "已加密"]
    with pytest.raises(AttachmentRefused):
        locked.add(record_id, "x.png", b"x")
    path = session.path
    session.close()
    data = raw_bytes(path)
    assert SECRET[:40] not in data
    assert SECRET[::-1][:40] not in data
    assert "李秀兰".encode() not in data
    assert "王芳照片".encode() not in data
    conn = sqlite3.connect(path)  # swapping two encrypted files is detected
    conn.execute("UPDATE register_attachment SET id = id + 100")
    conn.commit()
    conn.close()
    session = Session.open(path, BackupStore(tmp_path / "b"), forms=[FORM])
    try:
        session.protection.unlock("qingshan-2026")
        files = Attachments(session.db, FORM, session.protection.codec)
        with pytest.raises(Exception, match="无法解密"):
            files.data(files.list(record_id)[0].id)
    finally:
        session.close()


def test_check_reports_count_and_size(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register_sync.sync(db, [FORM])
    record_id = RegisterStore(db, FORM).add({"held_on": "2026-03-08", "topic": "亲子沟通"})
    Attachments(db, FORM, AesCodec(new_data_key())).add(record_id, "a.png", b"y" * 300_000)
    db.close()
    assert main(["check", str(db_path)]) == 0
    assert "附件：1 个，共 0.3 MB（上限 500.0 MB）" in capsys.readouterr().out
