"""The offline round trip: templates out, filled the way people fill them, validated back in."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from desktop import demo
from desktop.cli import EXIT_DATA, EXIT_OK, main
from desktop.exchange import returns, templates
from desktop.operations.unit_forms import write_unit_forms
from desktop.store import monitoring, units
from desktop.store.database import Database
from tests.helpers.files import sha256
from tests.helpers.official import layout_text

YEAR = 2025


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo.build(tmp_path_factory.mktemp("exchange") / "demo.fulian")


@pytest.fixture
def db_file(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.fulian"
    shutil.copyfile(demo_file, path)
    return path


@pytest.fixture
def out(db_file: Path, tmp_path: Path) -> dict[str, Path]:
    """Templates of every reporting unit, by unit name."""
    db = Database.open(db_file, read_only=True)
    try:
        written = write_unit_forms(db, YEAR, tmp_path / "out")
        names = {u.id: u.name for u in units.list_units(db)}
        reporting = [names[uid] for uid, _n in monitoring.reporting_units(db, YEAR)]
    finally:
        db.close()
    assert len(written) == len(reporting)
    return {p.name.split("-")[-1].removesuffix(".xlsx"): p for p in written}


def _fill(path: Path, values: dict[int, object], *, sheet: str = templates.DATA_SHEET) -> None:
    book = load_workbook(path)
    ws = book[sheet]
    for row, value in values.items():
        ws.cell(templates.FIRST_ROW + row, templates.VALUE_COL).value = value  # type: ignore[union-attr]
    book.save(path)


def _preview(db_file: Path, path: Path) -> returns.FilePreview:
    db = Database.open(db_file)
    try:
        return returns.preview(db, path)
    finally:
        db.close()


def test_template_layout(out: dict[str, Path]) -> None:
    book = load_workbook(out["镇卫生院"])
    assert book.sheetnames[:2] == [templates.GUIDE_SHEET, templates.DATA_SHEET]
    assert book[templates.META_SHEET].sheet_state == "veryHidden"
    guide = book[templates.GUIDE_SHEET]
    assert guide.page_setup.fitToWidth == 1  # the guide prints on one page wide
    assert guide.sheet_properties.pageSetUpPr.fitToPage
    ws = book[templates.DATA_SHEET]
    assert [c.value for c in ws[templates.HEADER_ROW]] == list(templates.COLUMNS)
    first = templates.FIRST_ROW
    assert ws.cell(first, 2).value == "W-H-04"  # counts: the county computes the rate
    assert ws.protection.sheet
    assert ws.cell(first, templates.VALUE_COL).protection.locked is False
    assert ws.cell(first, 3).protection.locked is True
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.fitToWidth == 1
    validations = ws.data_validations.dataValidation
    assert validations
    assert "没有数据" in (validations[0].prompt or "")
    # a real zero (孕产妇死亡数 0) is 0, not 无: the instruction says so, and never "不要填0"
    instruction = str(ws["A3"].value)
    assert "实际为零的填0" in instruction
    assert "不要填0" not in instruction
    explained = book["指标解释"]  # only this unit's indicators, each once
    codes = [r[0] for r in explained.iter_rows(min_row=2, values_only=True)]
    assert codes == list(dict.fromkeys(c.value for c in ws["B"][first - 1 :] if c.value))
    assert "W-D-01" not in codes  # a village's row, not the health centre's
    first_row = next(explained.iter_rows(min_row=2, values_only=True))
    assert first_row[3]  # 定义
    assert "县级汇总" in first_row[4]  # 计算方法 of 孕产妇死亡数: the county computes the rate
    meta = json.loads(book[templates.META_SHEET]["A1"].value)
    assert meta["year"] == YEAR
    assert len(meta["rows"]) == ws.max_row - templates.HEADER_ROW


def test_filled_the_way_people_do(db_file: Path, out: dict[str, Path]) -> None:
    path = out["镇卫生院"]
    _fill(
        path,
        {
            0: 1,
            1: "３４２",
            2: "   330 ",
            3: "2.8%",
            4: "无",
            5: None,
            6: "见备注",
            7: "3，170",
        },
    )
    book = load_workbook(path)
    ws = book[templates.DATA_SHEET]
    ws.cell(templates.FIRST_ROW + 5, templates.NOTE_COL).value = "卫健统计年报未出"
    extra = ws.max_row + 1
    ws.cell(extra, templates.VALUE_COL).value = "99"  # a row added below the table
    ws.title = "我的填报"  # a renamed sheet
    book.save(path)
    result = _preview(db_file, path)
    assert not result.refused, result.problems
    kinds = {r.row - templates.FIRST_ROW: r for r in result.rows}
    assert kinds[0].new == "1"
    assert kinds[1].new == "342"
    assert kinds[2].new == "330"
    assert kinds[3].kind == "invalid"
    assert "单位不符" in kinds[3].message  # 2.8% typed for a count
    assert kinds[4].new == "无"
    assert kinds[6].kind == "invalid"
    assert "工作表“我的填报”第 11 行“本年值”" in kinds[6].message
    assert "不是有效的数字" in kinds[6].message
    assert kinds[7].new == "3170"  # a thousands separator typed as 1，234
    assert "变化超过30%" in kinds[7].warning  # implausible, but a warning, not a refusal
    assert any("改名" in n for n in result.notes)
    assert any("多出来" in n for n in result.notes)
    db = Database.open(db_file)
    try:
        with pytest.raises(ValueError, match="valid_only"):
            returns.apply(db, result)
        changed = returns.apply(db, result, valid_only=True)
        rows = {r.element_id: r for r in monitoring.form_rows(db, YEAR, result.unit_id)}
    finally:
        db.close()
    assert changed >= 4
    first = rows[result.rows[0].element_id]
    assert first.value == Decimal("1")
    assert rows[result.rows[4].element_id].no_data
    assert rows[result.rows[5].element_id].note == "卫健统计年报未出"


def test_a_percentage_typed_in_excel_is_read_as_shown(db_file: Path, out: dict[str, Path]) -> None:
    """Typed "96%", Excel and WPS keep 0.96 formatted as a percentage: it is 96 for a % row
    (not 0.96, shown as 1.0), and a percentage in a count's row is refused, naming why."""
    path = out["镇妇联"]
    book = load_workbook(path)
    ws = book[templates.DATA_SHEET]
    measures = {
        r: ws.cell(r, templates.COLUMNS.index("单位") + 1).value
        for r in range(templates.FIRST_ROW, ws.max_row + 1)
    }
    percent = next(r for r, m in measures.items() if m == "%")
    count = next(r for r, m in measures.items() if m not in ("%", None))
    for row, value in ((percent, 0.96), (count, 0.5)):
        cell = ws.cell(row, templates.VALUE_COL)
        cell.value = value
        cell.number_format = "0%"
    book.save(path)
    result = _preview(db_file, path)
    assert not result.refused, result.problems
    shown = {r.row: r for r in result.rows}
    assert shown[percent].kind != "invalid"
    assert shown[percent].new == "96.0"
    assert shown[count].kind == "invalid"
    assert "单位不符" in shown[count].message
    assert "填写的却是“%”" in shown[count].message


def test_locked_cell_edited_is_refused(db_file: Path, out: dict[str, Path]) -> None:
    path = out["中心学校"]
    book = load_workbook(path)
    book[templates.DATA_SHEET].cell(templates.FIRST_ROW, 5).value = "≥10"  # the target
    book.save(path)
    result = _preview(db_file, path)
    assert result.refused
    assert "不允许修改" in result.problems[0]


def test_deleted_row_is_refused(db_file: Path, out: dict[str, Path]) -> None:
    path = out["中心学校"]
    book = load_workbook(path)
    book[templates.DATA_SHEET].delete_rows(templates.FIRST_ROW + 1)
    book.save(path)
    assert _preview(db_file, path).refused


def test_foreign_file_and_other_database(
    db_file: Path, out: dict[str, Path], tmp_path: Path
) -> None:
    other = demo.build(tmp_path / "other.fulian")
    result = _preview(other, out["中心学校"])
    assert "另一个数据库" in result.problems[0]
    plain = tmp_path / "plain.xlsx"
    from openpyxl import Workbook

    Workbook().save(plain)
    assert "不是妇联工作台生成的填报表" in _preview(db_file, plain).problems[0]


def test_cli_import_refusal_leaves_database_identical(
    db_file: Path, out: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = out["镇卫生院"]
    _fill(path, {0: "abc"})
    before = sha256(db_file)
    assert main(["import", str(db_file), str(path)]) == EXIT_DATA
    assert sha256(db_file) == before
    text = capsys.readouterr().out
    assert "有误" in text
    assert "--valid-only" in text


def test_cli_dry_run_then_apply_then_reimport(
    db_file: Path, out: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = out["东岗村"] if "东岗村" in out else next(iter(out.values()))
    _fill(path, {0: 2, 1: 8})
    before = sha256(db_file)
    assert main(["import", str(db_file), str(path), "--dry-run"]) == EXIT_OK
    assert sha256(db_file) == before
    assert main(["import", str(db_file), str(path)]) == EXIT_OK
    assert "已写入" in capsys.readouterr().out
    assert main(["import", str(db_file), str(path)]) == EXIT_DATA
    assert "导入过" in capsys.readouterr().out


def test_conflict_when_the_app_changed_the_value(db_file: Path, out: dict[str, Path]) -> None:
    path = out["镇卫生院"]
    result = _preview(db_file, path)
    first = result.rows[0]
    db = Database.open(db_file)
    try:
        monitoring.save_values(
            db, YEAR, result.unit_id, [monitoring.ValueEntry(first.element_id, Decimal("2"))]
        )
    finally:
        db.close()
    _fill(path, {0: "1"})
    again = _preview(db_file, path)
    assert again.rows[0].kind == "conflict"
    assert "2" in again.rows[0].message


def test_templates_cli_writes_xlsx_and_pdf(db_file: Path, tmp_path: Path) -> None:
    assert main(["templates", str(db_file), "--year", str(YEAR), "-o", str(tmp_path / "x")]) == 0
    assert (
        main(
            [
                "templates",
                str(db_file),
                "--year",
                str(YEAR),
                "--unit",
                "D02",
                "--format",
                "pdf",
                "-o",
                str(tmp_path / "p"),
            ]
        )
        == 0
    )
    (pdf,) = (tmp_path / "p").glob("*.pdf")
    text = layout_text(pdf)
    assert "镇卫生院" in text
    assert "孕产妇死亡数" in text
    # rows 8 mm tall to write in (issue 19): a long form may take a second page
    assert re.search(r"第1页共\d+页", text.replace(" ", ""))
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    listed = fonts.splitlines()[2:]
    assert listed
    assert all(" yes yes " in line for line in listed), fonts  # every font embedded
    assert main(["templates", str(db_file), "--year", "1999", "-o", str(tmp_path / "y")]) == 1


def test_libreoffice_resaved_template_imports(
    db_file: Path, out: dict[str, Path], tmp_path: Path
) -> None:
    path = out["镇卫生院"]
    _fill(path, {0: 11.4})
    target = tmp_path / "resaved"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(target),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    result = _preview(db_file, target / path.name)
    assert not result.refused, result.problems
    assert result.rows[0].new == "11.4"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(
        st.tuples(
            st.integers(1, 20),
            st.integers(1, 12),
            st.one_of(
                st.none(),
                st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=8).filter(
                    lambda t: t[:1] != "="
                ),
                st.integers(-(10**12), 10**12),
                st.floats(allow_nan=False, allow_infinity=False),
            ),
        ),
        max_size=8,
    ),
)
def test_junk_never_raises_or_half_applies(
    db_file: Path, out: dict[str, Path], tmp_path: Path, cells: list
) -> None:
    path = tmp_path / "junk.xlsx"
    shutil.copyfile(out["镇卫生院"], path)
    book = load_workbook(path)
    ws = book[templates.DATA_SHEET]
    for row, col, value in cells:
        try:
            ws.cell(row, col).value = value
        except (ValueError, TypeError, IllegalCharacterError):
            continue  # openpyxl itself refuses some values (control characters)
    book.save(path)
    before = sha256(db_file)
    result = _preview(db_file, path)
    assert sha256(db_file) == before
    if result.refused or result.has_invalid:
        return
    db = Database.open(db_file)
    try:
        returns.apply(db, result, accept_conflicts=True)  # earlier examples changed values
    finally:
        db.close()
    with sqlite_conn(db_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def sqlite_conn(path: Path):
    import contextlib
    import sqlite3

    return contextlib.closing(sqlite3.connect(path))


@pytest.mark.slow
def test_killed_during_apply_leaves_old_or_new_state(demo_file: Path, tmp_path: Path) -> None:
    import os
    import random

    from tests.helpers.crash import run_and_kill

    seed = int(os.environ.get("FULIAN_CRASH_SEED", "20261129"))
    rng = random.Random(seed)
    writer = Path(__file__).resolve().parents[1] / "helpers" / "import_writer.py"
    root = str(Path(__file__).resolve().parents[2])
    os.environ["PYTHONPATH"] = root + os.pathsep + os.environ.get("PYTHONPATH", "")
    for trial in range(8):
        db_path = tmp_path / f"t{trial}.fulian"
        shutil.copyfile(demo_file, db_path)
        db = Database.open(db_path)
        try:
            (path,) = write_unit_forms(db, YEAR, tmp_path / f"o{trial}", unit_code="D02")
            before = {r.element_id: r.value for r in monitoring.form_rows(db, YEAR, 2)}
        finally:
            db.close()
        new_values = {i: 1 + i * 0.1 for i in range(len(before))}
        _fill(path, new_values)
        delay = rng.uniform(0.0, 0.03)
        run_and_kill(writer, [str(db_path), str(path)], delay)
        db = Database.open(db_path)  # rolls back a hot journal
        try:
            after = [r.value for r in monitoring.form_rows(db, YEAR, 2)]
            logged = db.scalar("SELECT count(*) FROM import_log")
        finally:
            db.close()
        expected_new = [Decimal(str(round(v, 1))) for v in new_values.values()]
        context = f"seed={seed} trial={trial} delay={delay:.3f}"
        if logged:
            assert after == expected_new, context
        else:
            assert after == list(before.values()), context


def test_every_demo_unit_round_trips_through_the_cli(
    db_file: Path, out: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    for path in out.values():
        book = load_workbook(path)
        ws = book[templates.DATA_SHEET]
        for row in range(templates.FIRST_ROW, ws.max_row + 1):
            last = ws.cell(row, 6).value
            ws.cell(row, templates.VALUE_COL).value = last if last not in (None, "无") else "无"
        book.save(path)
    assert main(["import", str(db_file), *map(str, out.values()), "--valid-only"]) == EXIT_OK
    text = capsys.readouterr().out
    assert text.count("已写入") == len(out)
    db = Database.open(db_file, read_only=True)
    try:
        logged = db.scalar("SELECT count(*) FROM import_log")
        for path in out.values():
            book = load_workbook(path, read_only=True)
            meta = json.loads(book[templates.META_SHEET]["A1"].value)
            rows = {r.element_id: r for r in monitoring.form_rows(db, YEAR, meta["unit_id"])}
            sheet = list(
                book[templates.DATA_SHEET].iter_rows(min_row=templates.FIRST_ROW, values_only=True)
            )
            for (element_id, _at), cells in zip(meta["rows"], sheet, strict=True):
                expected = cells[templates.VALUE_COL - 1]
                stored = rows[element_id]
                if expected == "无":
                    assert stored.no_data
                else:
                    assert stored.value == Decimal(str(expected)), (path.name, element_id)
            book.close()
    finally:
        db.close()
    assert logged == len(out)
