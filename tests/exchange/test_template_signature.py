"""Issue 17 item 3: a template's ``_meta`` is signed with a secret kept in the database, so a
relabelled (another unit or year), hand-made or pre-signature template is refused."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop import demo
from desktop.cli import EXIT_DATA, EXIT_OK, main
from desktop.exchange import returns, templates
from desktop.store import signing, units
from desktop.store.database import Database
from tests.helpers.files import sha256

YEAR = 2025


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.build(tmp_path_factory.mktemp("signature") / "demo.fulian")


@pytest.fixture
def db_file(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.fulian"
    shutil.copyfile(demo_file, path)
    return path


def _template(db_file: Path, tmp_path: Path, name: str = "镇卫生院") -> Path:
    db = Database.open(db_file, read_only=True)
    try:
        unit = next(u for u in units.list_units(db) if u.name == name)
        path = tmp_path / f"{name}.xlsx"
        templates.write_template(db, YEAR, unit, path)
    finally:
        db.close()
    book = load_workbook(path)
    book[templates.DATA_SHEET].cell(
        templates.FIRST_ROW, templates.VALUE_COL
    ).value = 6  # a count (孕产妇死亡数)
    book.save(path)
    return path


def _edit_meta(path: Path, **changes: object) -> None:
    book = load_workbook(path)
    cell = book[templates.META_SHEET]["A1"]
    meta = json.loads(str(cell.value))
    for key, value in changes.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    cell.value = json.dumps(meta, ensure_ascii=False)
    book.save(path)


def _meta(path: Path) -> dict[str, object]:
    book = load_workbook(path)
    return dict(json.loads(str(book[templates.META_SHEET]["A1"].value)))


def _refused(db_file: Path, path: Path, capsys: pytest.CaptureFixture[str], words: str) -> None:
    before = sha256(db_file)
    assert main(["import", str(db_file), str(path)]) == EXIT_DATA
    out = capsys.readouterr().out
    assert "不能导入" in out
    assert words in out
    assert sha256(db_file) == before


def test_genuine_template_imports(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _template(db_file, tmp_path)
    assert main(["import", str(db_file), str(path)]) == EXIT_OK
    assert "已写入" in capsys.readouterr().out


def test_meta_relabelled_to_another_unit_is_refused(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _template(db_file, tmp_path)
    other = _meta(_template(db_file, tmp_path, "中心学校"))
    # the clerk's copy for 镇卫生院, relabelled as 中心学校's, rows and all
    _edit_meta(path, unit_id=other["unit_id"], unit_code=other["unit_code"])
    _refused(db_file, path, capsys, "隐藏标识信息")


def test_meta_relabelled_to_another_year_is_refused(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _template(db_file, tmp_path)
    _edit_meta(path, year=YEAR - 1)
    _refused(db_file, path, capsys, "隐藏标识信息")


def test_hand_made_signature_and_recomputed_checksum_are_refused(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _template(db_file, tmp_path)
    meta = _meta(path)
    guess = templates.signature(b"\0" * 32, {**meta, "year": YEAR - 1}, [])
    _edit_meta(path, year=YEAR - 1, signature=guess)
    _refused(db_file, path, capsys, "隐藏标识信息")
    # signed with another secret (a hand-made file, or a copy of the database whose secret
    # differs): same content, refused
    genuine = _template(db_file, tmp_path, "中心学校")
    db = Database.open(db_file)
    try:
        assert len(signing.template_key(db)) == 32
        with db.transaction():
            db.execute(
                "UPDATE meta SET value = :v WHERE key = :k",
                {"v": signing.new_key(), "k": signing.KEY},
            )
    finally:
        db.close()
    _refused(db_file, genuine, capsys, "隐藏标识信息")


def test_templates_from_before_signatures_are_refused(
    db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _template(db_file, tmp_path)
    _edit_meta(path, template_version=1, signature=None)
    _refused(db_file, path, capsys, "请用“生成填报模板”重新生成")
    db = Database.open(db_file)
    try:
        assert "旧版本" in returns.preview(db, path).problems[0]
    finally:
        db.close()


def test_the_secret_never_leaves_the_database(db_file: Path, tmp_path: Path) -> None:
    path = _template(db_file, tmp_path)
    db = Database.open(db_file, read_only=True)
    try:
        key = db.meta(signing.KEY)
    finally:
        db.close()
    assert key is not None
    assert len(key) == 64
    with zipfile.ZipFile(path) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert key.encode() not in everything
    assert bytes.fromhex(key) not in everything


def test_every_database_has_its_own_secret(tmp_path: Path) -> None:
    keys = set()
    for name in ("a", "b"):
        db = Database.create(tmp_path / f"{name}.fulian")
        try:
            keys.add(db.meta(signing.KEY))
        finally:
            db.close()
    assert len(keys) == 2
    assert None not in keys
