"""Issue 17 item 6: user text is never written to Excel as a formula, by any workbook writer,
and a full export imports back the exact text. A guard keeps new writers on the helper."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop import demo
from desktop.cli import EXIT_OK, main
from desktop.exchange import register_excel
from desktop.exchange.catalogue_excel import export_catalogue
from desktop.exchange.sheets import FORMULA_LEADS, append_row, new_sheet, put
from desktop.exchange.units_excel import export_units
from desktop.forms.loader import default_forms
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import unit_choices

YEAR = 2025
UNIT_CODE = "D02"  # 镇卫生院, renamed to a formula below
LINK = '=HYPERLINK("http://x","click")'
HOSTILE = {
    "unit": LINK,
    "indicator": "@SUM(1+1)*cmd|' /C calc'!A0",
    "task": "-2+3+cmd|' /C calc'!A0",
    "township": "=1+1镇",
    "liaison": "\t+86=A1",
    "result": "@办结 =2+2",
}


@pytest.fixture(scope="module")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "demo.fulian"
    demo.build(path)
    db = Database.open(path)
    try:
        with db.transaction():
            unit = db.execute("SELECT id FROM unit WHERE code = :c", {"c": UNIT_CODE}).fetchone()[0]
            db.execute(
                "UPDATE unit SET name = :n, liaison = :l WHERE id = :u",
                {"n": HOSTILE["unit"], "l": HOSTILE["liaison"], "u": unit},
            )
            db.execute(
                "UPDATE indicator SET name = :n WHERE id IN (SELECT e.indicator_id FROM "
                "data_element e JOIN assignment a ON a.element_id = e.id "
                "WHERE a.unit_id = :u)",
                {"n": HOSTILE["indicator"], "u": unit},
            )
            db.execute(
                "UPDATE task SET content = :c WHERE unit_id = :u", {"c": HOSTILE["task"], "u": unit}
            )
            db.execute("UPDATE profile SET township = :t", {"t": HOSTILE["township"]})
            db.execute(
                "UPDATE reg_petition SET content = :c, result = :r",
                {"c": LINK, "r": HOSTILE["result"]},
            )
    finally:
        db.close()
    return path


@pytest.fixture
def hostile(hostile_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "hostile.fulian"
    shutil.copyfile(hostile_template, path)
    return path


def _cells(path: Path) -> list[tuple[str, object, str]]:
    """(where, value, data type) of every cell of every sheet, hidden ones too."""
    book = load_workbook(path)
    return [
        (f"{path.name}!{sheet.title}!{cell.coordinate}", cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def _formulas(path: Path) -> list[str]:
    return [f"{where}={value!r}" for where, value, kind in _cells(path) if kind == "f"]


def _texts(path: Path) -> set[str]:
    return {value for _where, value, _kind in _cells(path) if isinstance(value, str)}


def _petition_store(db: Database) -> RegisterStore:
    form = next(f for f in default_forms().forms if f.id == "petition")
    return RegisterStore(db, form)


def _register_export(db_path: Path, out: Path, *, full: bool) -> Path:
    db = Database.open(db_path, read_only=True)
    try:
        store = _petition_store(db)
        children = {s.id: store.all_children(s) for s in store.form.subforms}
        register_excel.export(
            out, store.form, store.list_records(), children, unit_choices(db), full=full
        )
    finally:
        db.close()
    return out


def test_no_writer_turns_user_text_into_a_formula(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    files: list[Path] = []
    files.append(_register_export(hostile, out / "信访（脱敏）.xlsx", full=False))
    files.append(_register_export(hostile, out / "信访（完整）.xlsx", full=True))
    # summary holds the monitoring, warnings, completeness and assessment tables; completeness
    # alone adds the 催报单 sheet
    for report in ("completeness", "summary"):
        target = out / f"{report}.xlsx"
        args = ["export", str(hostile), report, "--year", str(YEAR), "--format", "xlsx"]
        assert main([*args, "-o", str(target)]) == EXIT_OK
        files.append(target)
    target = out / "statistics.xlsx"
    period = ["--from", "2000-01-01", "--to", "2099-12-31"]
    assert main(["export", str(hostile), "statistics", *period, "-o", str(target),
                 "--format", "xlsx"]) == EXIT_OK  # fmt: skip
    files.append(target)
    target = out / "register.xlsx"
    assert main(["export", str(hostile), "register:petition", "--format", "xlsx",
                 "-o", str(target)]) == EXIT_OK  # fmt: skip
    files.append(target)
    target = out / "letters.xlsx"
    assert main(["letters", str(hostile), "--year", str(YEAR), "--format", "xlsx",
                 "--unit", UNIT_CODE, "-o", str(target)]) == EXIT_OK  # fmt: skip
    files.append(target)
    templates = out / "templates"
    assert main(["templates", str(hostile), "--year", str(YEAR), "--unit", UNIT_CODE,
                 "-o", str(templates)]) == EXIT_OK  # fmt: skip
    files.extend(sorted(templates.glob("*.xlsx")))
    db = Database.open(hostile, read_only=True)
    try:
        export_units(db, out / "units.xlsx")
        export_catalogue(db, out / "catalogue.xlsx")
    finally:
        db.close()
    files += [out / "units.xlsx", out / "catalogue.xlsx"]

    cells = {f.name: _cells(f) for f in files}
    formulas = [f"{w}={v!r}" for found in cells.values() for w, v, kind in found if kind == "f"]
    assert not formulas
    texts = {
        name: {v for _w, v, _k in found if isinstance(v, str)} for name, found in cells.items()
    }
    everything = set().union(*texts.values())
    for value in HOSTILE.values():
        # the text is there, unchanged, as text (at the start of a cell or inside a sentence)
        assert any(value in text for text in everything), value
    for name in ("信访（完整）.xlsx", "letters.xlsx", "units.xlsx", "catalogue.xlsx"):
        assert any((value in _texts(out / name)) for value in HOSTILE.values()), (
            f"{name} holds none of the hostile texts as a whole cell"
        )
    # a cell that starts like a formula carries Excel's "typed as text" mark, so editing it in
    # Excel/WPS keeps it text
    book = load_workbook(out / "信访（完整）.xlsx")
    marked = [
        c
        for row in book.worksheets[0].iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith(FORMULA_LEADS)
    ]
    assert marked
    assert all(c.quotePrefix and c.data_type == "s" for c in marked)


def test_full_export_round_trips_formula_like_text(hostile: Path, tmp_path: Path) -> None:
    path = _register_export(hostile, tmp_path / "完整.xlsx", full=True)
    db = Database.open(hostile)
    try:
        store = _petition_store(db)
        records = {r.id: r for r in store.list_records()}
        children = {r: store.children(r) for r in records}
        plan = register_excel.plan_import(path, store.form, records, children, unit_choices(db))
    finally:
        db.close()
    assert not plan.errors
    assert not plan.added
    assert not plan.updated, plan.updated[:2]  # every text came back exactly as stored
    assert plan.unchanged == len(records)
    assert all(r.values.get("content") == LINK for r in records.values())


def test_helper_keeps_numbers_and_drops_characters_xml_cannot_hold(tmp_path: Path) -> None:
    book, sheet = new_sheet("表", ["=标题"], (10,))
    append_row(sheet, [LINK, -3, 2.5, None, "#N/A", "a\x01b"])
    put(sheet, 3, 1, "=1+1")
    path = tmp_path / "t.xlsx"
    book.save(path)
    rows = list(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "=标题"
    assert rows[1] == (LINK, -3, 2.5, None, "#N/A", "ab")
    assert rows[2][0] == "=1+1"
    assert not _formulas(path)


# ----- guard: every workbook writer goes through the helper --------------------------------

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
HELPER = DESKTOP / "exchange" / "sheets.py"


def _bypasses(source: str, name: str) -> list[str]:
    """Cell writes that do not go through ``put`` / ``append_row`` / ``write``: a worksheet's
    ``append``, ``cell(r, c, value)``, ``cell.value = ...`` and ``sheet["A1"] = ...``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.unparse(node.func.value).lower().rsplit(".", 1)[-1]
            sheetish = "sheet" in receiver or receiver in ("ws", "meta", "guide")
            if node.func.attr == "append" and sheetish:
                found.append(f"{where} {ast.unparse(node)}")
            if node.func.attr == "cell" and (
                len(node.args) > 2 or any(k.arg == "value" for k in node.keywords)
            ):
                found.append(f"{where} {ast.unparse(node)}")
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "value":
                    found.append(f"{where} {ast.unparse(target)} = ...")
                if isinstance(target, ast.Subscript) and any(
                    w in ast.unparse(target.value).lower() for w in ("sheet", "meta", "guide")
                ):
                    found.append(f"{where} {ast.unparse(target)} = ...")
    return found


def _workbook_writers() -> list[Path]:
    return [
        p
        for p in sorted(DESKTOP.rglob("*.py"))
        if p != HELPER and any(w in p.read_text("utf-8") for w in ("openpyxl", "sheets import"))
    ]


def test_no_workbook_writer_bypasses_the_safe_cell_writer() -> None:
    writers = _workbook_writers()
    names = {p.name for p in writers}
    assert {"render_xlsx.py", "letters_office.py", "templates.py", "register_excel.py"} <= names
    bypasses = [
        b for p in writers for b in _bypasses(p.read_text("utf-8"), str(p.relative_to(DESKTOP)))
    ]
    assert not bypasses, "write cells through desktop.exchange.sheets.put / append_row:\n" + (
        "\n".join(bypasses)
    )


def test_the_guard_sees_each_kind_of_bypass() -> None:
    source = (
        "def f(sheet, cell, x):\n"
        "    sheet.append([x])\n"
        "    sheet.cell(1, 2, x)\n"
        "    cell.value = x\n"
        "    sheet['A1'] = x\n"
        "    rows.append(x)\n"  # a list, not a sheet
        "    sheet.cell(1, 2).font = x\n"  # styling, not a value
    )
    assert len(_bypasses(source, "probe.py")) == 4
