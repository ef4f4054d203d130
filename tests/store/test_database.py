from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from desktop.store import migrations, records, schema_latest
from desktop.store.database import APPLICATION_ID, Database
from desktop.store.errors import (
    Corrupt,
    DatabaseBusy,
    FileMissing,
    NewerSchema,
    NotAFulianDatabase,
    ReadOnly,
    StoreError,
)
from tests.helpers.files import sha256, siblings


def test_created_file_has_usb_safe_pragmas(db_path: Path) -> None:
    db = Database.open(db_path)
    try:
        conn = db.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.schema_version == migrations.LATEST
        assert len(db.db_id) == 36
    finally:
        db.close()
    # read back with a plain connection: the journal mode is stored in the file itself
    plain = sqlite3.connect(db_path)
    assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    plain.close()


def test_no_wal_or_shm_files_ever_appear(db_path: Path) -> None:
    db = Database.open(db_path)
    for i in range(20):
        records.insert(db, "unit", {"code": f"U{i}", "name": f"单位{i}"})
        assert not any(n.endswith(("-wal", "-shm")) for n in siblings(db_path))
    db.close()
    assert siblings(db_path) == {db_path.name}


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "x.fulian"
    path.write_bytes(b"keep me")
    with pytest.raises(StoreError, match="已存在"):
        Database.create(path)
    assert path.read_bytes() == b"keep me"


def _other_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('别人的数据')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: p.write_text("姓名,电话\n张三,13800000000\n", "utf-8"), id="text"),
        pytest.param(lambda p: p.write_bytes(os.urandom(8192)), id="random-bytes"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(_other_sqlite, id="other-sqlite"),
    ],
)
@pytest.mark.parametrize("read_only", [False, True])
def test_foreign_files_are_refused_untouched(tmp_path: Path, make, read_only: bool) -> None:
    path = tmp_path / "别的文件.db"
    make(path)
    before = sha256(path)
    with pytest.raises(NotAFulianDatabase) as info:
        Database.open(path, read_only=read_only)
    assert "不是妇联工作台的数据库" in info.value.message
    assert info.value.exit_code == 1
    assert sha256(path) == before
    assert siblings(path) == {path.name}


def test_newer_schema_is_refused_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    conn.commit()
    conn.close()
    before = sha256(db_path)
    with pytest.raises(NewerSchema, match="更新版本"):
        Database.open(db_path)
    assert sha256(db_path) == before


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileMissing, match="找不到"):
        Database.open(tmp_path / "没有.fulian")


def test_corrupt_file_is_refused_and_not_written(db_path: Path) -> None:
    db = Database.open(db_path)
    with db.transaction():
        for i in range(300):
            db.execute(
                "INSERT INTO unit(code, name) VALUES (:c, :n)",
                {"c": f"C{i}", "n": "名称" * 40 + str(i)},
            )
    db.close()
    data = bytearray(db_path.read_bytes())
    # damage the second page onward (leave the header so identity still matches)
    for offset in range(4096 + 100, 4096 * 3, 7):
        data[offset] = 0xAB
    db_path.write_bytes(bytes(data))
    before = sha256(db_path)
    with pytest.raises((Corrupt, NotAFulianDatabase)) as info:
        Database.open(db_path)
    assert info.value.exit_code == 1
    assert sha256(db_path) == before


def test_write_outside_transaction_is_a_bug(db: Database) -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        db.execute("INSERT INTO unit(code, name) VALUES ('a', 'b')")


def test_positional_parameters_are_rejected(db: Database) -> None:
    with pytest.raises(TypeError, match="named"):
        db.execute("SELECT * FROM unit WHERE code = ?", ("a",))  # type: ignore[arg-type]


def test_failed_transaction_leaves_database_as_it_was(db: Database) -> None:
    records.insert(db, "unit", {"code": "A", "name": "甲"})

    def failing_action() -> None:
        with db.transaction():
            records.insert(db, "unit", {"code": "B", "name": "乙"})
            raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        failing_action()
    assert [r["code"] for r in db.query_all("SELECT code FROM unit")] == ["A"]
    audit_codes = db.query_all("SELECT new FROM audit WHERE field = 'code'")
    assert [r["new"] for r in audit_codes] == ['"A"']


def test_constraint_violation_is_a_bug_and_rolls_back(db: Database) -> None:
    records.insert(db, "unit", {"code": "A", "name": "甲"})
    with pytest.raises(sqlite3.IntegrityError):
        records.insert(db, "unit", {"code": "A", "name": "另一个"})
    assert db.scalar("SELECT count(*) FROM unit") == 1


def test_read_only_connection_write_is_a_known_error(db_path: Path) -> None:
    db = Database.open(db_path, read_only=True)
    try:
        with pytest.raises(ReadOnly, match="只读"), db.transaction():
            db.execute("INSERT INTO unit(code, name) VALUES ('a', 'b')")
    finally:
        db.close()


def test_busy_database_is_a_known_error(db_path: Path) -> None:
    db = Database.open(db_path, busy_timeout_ms=50)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseBusy, match="占用"):
            records.insert(db, "unit", {"code": "a", "name": "b"})
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    records.insert(db, "unit", {"code": "a", "name": "b"})  # works again once released
    db.close()


def test_forward_migration_runs_after_backup_in_one_transaction(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = migrations.Migration(
        migrations.LATEST + 1,
        "test: add a column",
        ("ALTER TABLE unit ADD COLUMN note TEXT NOT NULL DEFAULT ''",),
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, extra))
    monkeypatch.setattr(schema_latest, "LATEST", extra.version)
    seen: list[tuple[int, str]] = []

    def before(db: Database, old: int) -> None:
        seen.append((old, sha256(db.path)))

    db = Database.open(db_path, before_migrate=before)
    assert db.schema_version == extra.version
    assert "note" in db.columns("unit")
    db.close()
    assert seen
    assert seen[0][0] == extra.version - 1


def test_failed_migration_leaves_file_at_old_version(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = migrations.Migration(
        migrations.LATEST + 1,
        "test: second statement fails",
        ("ALTER TABLE unit ADD COLUMN note TEXT", "CREATE TABLE unit (x)"),
    )
    old_version = migrations.LATEST
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, bad))
    monkeypatch.setattr(schema_latest, "LATEST", bad.version)
    with pytest.raises(sqlite3.OperationalError):
        Database.open(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
    columns = [r[1] for r in conn.execute("PRAGMA table_info(unit)")]
    conn.close()
    assert "note" not in columns


def test_version_1_file_migrates_forward_with_its_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "旧版本.fulian"
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        patch.setattr(schema_latest, "LATEST", 1)
        old = Database.create(path)
        records.insert(old, "unit", {"code": "D01", "name": "镇卫生院"})
        old.close()
    backed_up: list[int] = []
    db = Database.open(path, before_migrate=lambda _db, version: backed_up.append(version))
    try:
        assert backed_up == [1]
        assert db.schema_version == migrations.LATEST
        row = db.query_one("SELECT name, address FROM unit")
        assert row is not None
        assert (row["name"], row["address"]) == ("镇卫生院", "")
        assert db.table_exists("indicator")
    finally:
        db.close()


def test_table_names_are_read_once_per_open_and_new_tables_still_found(db_path: Path) -> None:
    """The open reads every table's name once; asking about them again asks SQLite nothing,
    a missing table is asked each time (it may have been made), and ``forget_schema`` (what
    every schema change calls) forgets what was read."""
    db = Database.open(db_path)
    asked: list[str] = []
    db.connection.set_trace_callback(asked.append)
    try:
        assert db.table_exists("meta")
        assert db.table_exists("unit")
        assert asked == []
        assert not db.table_exists("reg_test")
        with db.transaction():
            db.execute("CREATE TABLE reg_test (id INTEGER PRIMARY KEY)")
        assert db.table_exists("reg_test")  # made since: found without forget_schema
        with db.transaction():
            db.execute("DROP TABLE reg_test")
        db.forget_schema()
        assert not db.table_exists("reg_test")
        assert len([s for s in asked if "sqlite_master" in s]) == 3
    finally:
        db.connection.set_trace_callback(None)
        db.close()


def test_a_table_made_in_a_rolled_back_transaction_is_not_remembered(db_path: Path) -> None:
    db = Database.open(db_path)
    try:

        def failed_save() -> None:
            with db.transaction():
                db.execute("CREATE TABLE reg_gone (id INTEGER PRIMARY KEY)")
                assert db.table_exists("reg_gone")
                assert db.columns("reg_gone") == ("id",)
                raise RuntimeError("the save failed")

        with pytest.raises(RuntimeError):
            failed_save()
        assert not db.table_exists("reg_gone")
        with pytest.raises(KeyError):
            db.columns("reg_gone")
    finally:
        db.close()
