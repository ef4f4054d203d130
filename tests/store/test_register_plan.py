"""Registers' definitions live in the database file; a newer TOML changes them only through
a migration plan that is computed first, refused whole when it would lose data, run after a
backup in one transaction and audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.exchange import register_excel
from desktop.forms.definition import FormDef
from desktop.forms.loader import FormDefinitionError, load_dirs, parse_form
from desktop.operations import protection as protection_ops
from desktop.store.backup import BackupStore
from desktop.store.registers import RegisterStore
from desktop.store.session import Session
from desktop.store.units import unit_choices
from tests.helpers.vault import CHEAP

VISITS = """version = 1
id = "home_visit"
title = "入户走访"
record_name = "走访"
list_columns = ["name", "visited"]

[[fields]]
id = "name"
label = "户主"
type = "person_name"
required = true
sensitive = true

[[fields]]
id = "visited"
label = "走访日期"
type = "date"

[[fields]]
id = "count"
label = "人数"
type = "text"

[[fields]]
id = "group"
label = "分组"
type = "text"
"""


def form(text: str = VISITS, file: str = "home_visit.toml") -> FormDef:
    return parse_form(text, file, Path(file))


def newer(*edits: tuple[str, str], extra: str = "") -> FormDef:
    text = VISITS.replace("version = 1", "version = 2")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    return form(text + extra)


@pytest.fixture
def backups(tmp_path: Path) -> BackupStore:
    return BackupStore(tmp_path / "backups")


@pytest.fixture
def made(stick: Path, backups: BackupStore) -> Path:
    """A database made on a PC that has the clerk's own register, with two records."""
    path = stick / "镇妇联.fulian"
    session = Session.create(path, backups, forms=[form()])
    store = RegisterStore(session.db, session.forms[0])
    store.add({"name": "张秀英", "visited": "2026-03-08", "count": "12", "group": "一组"})
    store.add({"name": "李桂兰", "count": "3"})
    session.close()
    return path


def test_a_register_travels_with_the_file_to_a_pc_without_its_toml(
    made: Path, backups: BackupStore, tmp_path: Path
) -> None:
    session = Session.open(made, backups, forms=[])  # the other PC has no home_visit.toml
    try:
        assert [f.title for f in session.forms] == ["入户走访"]
        shown = session.forms[0]
        store = RegisterStore(session.db, shown)
        assert [r.values["name"] for r in store.list_records()] == ["张秀英", "李桂兰"]
        assert store.update(2, {"group": "二组"})
        out = tmp_path / "走访.xlsx"
        units = unit_choices(session.db)
        register_excel.export(out, shown, store.list_records(), {}, units, full=True)
        sheet = load_workbook(out).worksheets[0]
        texts = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
        assert {"张秀英", "二组", "户主"} <= texts
    finally:
        session.close()


def test_a_retired_field_keeps_its_data_and_an_undeclared_removal_is_refused(
    made: Path, backups: BackupStore
) -> None:
    gone = newer(('[[fields]]\nid = "group"\nlabel = "分组"\ntype = "text"\n', ""))
    session = Session.open(made, backups, forms=[gone])
    try:
        [problem] = session.registers.problems
        assert problem.file == "home_visit.toml"
        assert "分组" in problem.message
        assert "[[retired]]" in problem.message
        assert session.forms[0].version == 1, "the stored definition stays in use"
        assert RegisterStore(session.db, session.forms[0]).get(1).values["group"] == "一组"
    finally:
        session.close()
    assert backups.backups(_db_id(made, backups)) == [], "a refused plan changes nothing"
    retired = newer(
        ('[[fields]]\nid = "group"\nlabel = "分组"\ntype = "text"\n', ""),
        extra='\n[[retired]]\nid = "group"\nnote = "分组不再使用"\n',
    )
    session = Session.open(made, backups, forms=[retired])
    try:
        assert not session.registers.problems
        assert session.registers.changed == ["入户走访：停用字段“分组”（数据保留）"]
        assert session.db.scalar('SELECT "group" FROM reg_home_visit WHERE id = 1') == "一组"
        assert "group" not in RegisterStore(session.db, retired).get(1).values
    finally:
        session.close()


def _db_id(path: Path, backups: BackupStore) -> str:
    from desktop.store.database import Database

    db = Database.open(path, read_only=True)
    try:
        return db.db_id
    finally:
        db.close()


def test_a_type_change_runs_when_every_value_converts_after_a_backup_and_is_audited(
    made: Path, backups: BackupStore
) -> None:
    as_number = newer(
        (
            'id = "count"\nlabel = "人数"\ntype = "text"',
            'id = "count"\nlabel = "人数"\ntype = "integer"',
        )
    )
    session = Session.open(made, backups, forms=[as_number])
    try:
        assert not session.registers.problems
        [change] = session.registers.changed
        assert "“人数”从“文本”改为“整数”（2 个值已转换）" in change
        store = RegisterStore(session.db, session.forms[0])
        assert [r.values["count"] for r in store.list_records()] == [12, 3]
        notes = [e.new for e in store.history(0)]
        assert any("台账定义更新为第 2 版" in str(n) for n in notes)
        db_id = session.db_id
    finally:
        session.close()
    [backup] = backups.backups(db_id)
    old = Session.open(backup.path, BackupStore(backups.root / "x"), forms=[])
    try:  # the backup holds the file as it was before the plan ran
        assert old.forms[0].field("count").type_id == "text"
        assert old.db.scalar("SELECT count FROM reg_home_visit WHERE id = 1") == "12"
    finally:
        old.close()


def test_a_type_change_that_loses_data_is_refused_naming_file_field_and_value(
    made: Path, backups: BackupStore
) -> None:
    as_date = newer(
        (
            'id = "group"\nlabel = "分组"\ntype = "text"',
            'id = "group"\nlabel = "分组"\ntype = "date"',
        )
    )
    session = Session.open(made, backups, forms=[as_date])
    try:
        [problem] = session.registers.problems
        text = str(problem)
        assert text.startswith("home_visit.toml: fields.group.type")
        assert "“分组”从“文本”改为“日期”" in text
        assert "“一组”" in text
        assert session.forms[0].version == 1
    finally:
        session.close()


def test_a_rename_onto_a_column_with_data_is_refused(made: Path, backups: BackupStore) -> None:
    onto = newer(
        ('id = "count"\nlabel = "人数"', 'id = "people"\nlabel = "人数"'),
        extra='\n[[fields]]\nid = "old_count"\nlabel = "旧"\ntype = "text"\n'
        '\n[[renamed]]\nfrom = "count"\nto = "group"\n',
    )
    session = Session.open(made, backups, forms=[onto])
    try:
        assert "已有一列数据" in str(session.registers.problems[0])
        assert "renamed[0].to" in str(session.registers.problems[0])
    finally:
        session.close()


def test_an_older_toml_never_downgrades_the_stored_definition(
    made: Path, backups: BackupStore
) -> None:
    session = Session.open(made, backups, forms=[newer(extra=_VENUE)])
    session.close()
    session = Session.open(made, backups, forms=[form()])
    try:
        assert session.forms[0].version == 2
        assert "venue" in [f.id for f in session.forms[0].fields]
        assert "旧" in session.registers.notes[0]
    finally:
        session.close()


_VENUE = '\n[[fields]]\nid = "venue"\nlabel = "地点"\ntype = "text"\n'


def test_a_misspelt_key_is_refused_naming_file_and_key(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "visit.toml").write_text(
        VISITS.replace("sensitive = true", "sensitve = true"), encoding="utf-8"
    )
    loaded = load_dirs([folder])
    assert loaded.forms == []
    [problem] = loaded.problems
    assert isinstance(problem, FormDefinitionError)
    assert str(problem) == "visit.toml: fields[0].sensitve：未知的键“sensitve”"


def test_check_names_a_refused_form_and_the_file_still_opens(
    made: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "forms").mkdir(parents=True)
    text = VISITS.replace("version = 1", "version = 2").replace(
        'type = "text"\n', 'type = "date"\n'
    )
    (data_dir / "forms" / "home_visit.toml").write_text(text, encoding="utf-8")
    assert main(["check", str(made)]) == 0
    out = capsys.readouterr().out
    assert "台账定义的修改未采用（会丢失数据）：home_visit.toml: fields.count.type" in out


def test_a_field_made_sensitive_under_a_password_is_encrypted_at_the_next_unlock(
    made: Path, backups: BackupStore
) -> None:
    session = Session.open(made, backups, forms=[form()])
    protection_ops.set_password(session, "qingshan-2026", cost=CHEAP)
    session.close()
    secret = newer(
        ('label = "分组"\ntype = "text"', 'label = "分组"\ntype = "text"\nsensitive = true')
    )
    session = Session.open(made, backups, forms=[secret])
    try:
        assert not session.registers.problems
        assert "“分组”改为加密保存" in session.registers.changed[0]
        assert session.db.scalar('SELECT "group" FROM reg_home_visit WHERE id = 1') == "一组"
        session.protection.unlock("qingshan-2026")
        stored = session.db.scalar('SELECT "group" FROM reg_home_visit WHERE id = 1')
        assert str(stored).startswith("fx2:")
        store = RegisterStore(session.db, session.forms[0], session.protection.codec)
        assert store.get(1).values["group"] == "一组"
        assert ("insert", "group", "一组") in [(e.action, e.field, e.new) for e in store.history(1)]
        raw = session.db.scalar(
            "SELECT new FROM audit WHERE table_name = 'reg_home_visit' AND field = 'group'"
        )
        assert str(raw).startswith('"fx2:')
    finally:
        session.close()
