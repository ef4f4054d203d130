"""`fulian protect DB`: the password twice from the terminal or from FULIAN_NEW_PASSWORD; the
recovery key shown once (or written where the clerk says, never beside the database)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.cli import EXIT_DATA, EXIT_ENV, EXIT_OK, main
from desktop.operations import protection
from desktop.store import lock as lockfile
from desktop.store import vault
from desktop.store.backup import BackupStore
from desktop.store.database import Database
from desktop.store.session import Session
from tests.forms.helpers import bundled
from tests.helpers.vault import CHEAP

PASSWORD = "qingshan2026"


@pytest.fixture(scope="module")
def plain_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop import demo

    path = tmp_path_factory.mktemp("cli-protect") / "demo.fulian"
    demo.build(path)
    return path


@pytest.fixture
def db_file(plain_demo: Path, stick: Path) -> Path:
    path = stick / "演示.fulian"
    shutil.copyfile(plain_demo, path)
    return path


def answers(monkeypatch: pytest.MonkeyPatch, *typed: str) -> None:
    """What the clerk types at the two password prompts (no echo: getpass)."""
    queue = list(typed)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": queue.pop(0))


def test_typed_twice_and_the_key_is_shown_once_not_written(
    db_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers(monkeypatch, PASSWORD, PASSWORD)
    monkeypatch.delenv("FULIAN_NEW_PASSWORD", raising=False)
    assert main(["protect", str(db_file)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "已设置密码" in out
    assert "其他电脑上的备份" in out  # earlier copies stay readable: said plainly
    line = next(x for x in out.splitlines() if x.startswith("恢复密钥"))
    assert "没有写入任何文件" in line
    key = line.rpartition("：")[2]
    assert sorted(p.name for p in db_file.parent.iterdir()) == [db_file.name]  # no key file
    assert not lockfile.lock_path(db_file).exists()  # the lock was released
    db = Database.open(db_file, read_only=True)
    try:
        assert vault.stored_cost(db) == vault.DEFAULT_COST
        assert vault.unlock_with_recovery(db, key)
    finally:
        db.close()


def test_the_key_goes_to_the_named_file(
    db_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FULIAN_NEW_PASSWORD", PASSWORD)
    target = tmp_path / "drawer" / "恢复密钥.txt"
    target.parent.mkdir()
    assert main(["protect", str(db_file), "--recovery-key", str(target)]) == EXIT_OK
    assert f"恢复密钥已写入：{target}" in capsys.readouterr().out
    key = target.read_text(encoding="utf-8").split("：")[1].split()[0]
    db = Database.open(db_file, read_only=True)
    try:
        assert len(vault.unlock_with_recovery(db, key)) == 32
    finally:
        db.close()


def test_refusals_change_nothing(
    db_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = db_file.read_bytes()
    monkeypatch.delenv("FULIAN_NEW_PASSWORD", raising=False)
    answers(monkeypatch, PASSWORD, PASSWORD + "x")
    assert main(["protect", str(db_file)]) == EXIT_DATA
    assert "两次输入的密码不一样" in capsys.readouterr().err
    answers(monkeypatch, "short12", "short12")
    assert main(["protect", str(db_file)]) == EXIT_DATA
    assert "至少8位" in capsys.readouterr().err
    existing = db_file.parent / "已有.txt"
    existing.write_text("x", encoding="utf-8")
    monkeypatch.setenv("FULIAN_NEW_PASSWORD", PASSWORD)
    assert main(["protect", str(db_file), "--recovery-key", str(existing)]) == EXIT_DATA
    assert "文件已存在" in capsys.readouterr().err
    held = lockfile.acquire(db_file, pc="另一台电脑")
    try:
        assert main(["protect", str(db_file)]) == EXIT_ENV
    finally:
        held.release()
    assert "另一台电脑" in capsys.readouterr().err
    assert db_file.read_bytes() == before


def test_an_already_protected_database_is_refused(
    db_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    session = Session.open(db_file, BackupStore(db_file.parent / "b"), forms=bundled().forms)
    try:
        protection.set_password(session, PASSWORD, cost=CHEAP)
    finally:
        session.close()
    before = db_file.read_bytes()
    monkeypatch.setenv("FULIAN_NEW_PASSWORD", "another-one")
    assert main(["protect", str(db_file)]) == EXIT_DATA
    assert "已经设置了密码" in capsys.readouterr().err
    assert db_file.read_bytes() == before
