from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.exchange.catalogue_excel import export_catalogue, import_catalogue
from desktop.exchange.sheets import ImportProblem
from desktop.exchange.units_excel import export_units, import_units
from desktop.paths import resource_path
from desktop.store import catalogue as reference
from desktop.store import indicators, units
from desktop.store.database import Database
from tests.helpers.files import sha256


def _sheet(path: Path, rows: list[list[object]], title: str = "单位") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


HEADER = ["编码", "名称", "类型", "联络员", "电话", "地址", "排序", "状态"]


def test_units_import_adds_and_updates(db: Database, tmp_path: Path) -> None:
    units.add(db, units.Unit(code="D01", name="镇卫生院", kind="medical", liaison="旧联络员"))
    path = _sheet(
        tmp_path / "单位.xlsx",
        [
            HEADER,
            ["D01", "镇卫生院", "医疗机构", "王秀英", "13800001111", "", 1, "启用"],
            ["C01", "东岗村", "村", "李桂英", 13900002222, "东岗村委会", 2, ""],
            [None, None, None, None, None, None, None, None],
        ],
    )
    result = import_units(db, path)
    assert (result.added, result.updated) == (1, 1)
    by_code = {u.code: u for u in units.list_units(db)}
    assert by_code["D01"].liaison == "王秀英"
    assert by_code["C01"].kind == "village"
    assert by_code["C01"].phone == "13900002222"


def test_units_import_names_every_bad_cell_and_changes_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    path = _sheet(
        tmp_path / "单位.xlsx",
        [
            HEADER,
            ["C01", "东岗村", "村", "", "", "", 1, "启用"],
            ["", "西岭村", "乡村", "", "", "", "二", "启用"],
            ["C01", "南塘村", "村", "", "", "", 3, "启用"],
        ],
    )
    before = sha256(db_path)
    db = Database.open(db_path)
    try:
        with pytest.raises(ImportProblem) as info:
            import_units(db, path)
    finally:
        db.close()
    report = info.value.report()
    assert "工作表“单位”第 3 行“编码”：不能为空" in report
    assert "第 3 行“类型”" in report
    assert "第 3 行“排序”" in report
    assert "第 4 行“编码”：与第 2 行重复" in report
    assert "没有任何改动" in report
    assert sha256(db_path) == before


def test_units_export_round_trips(db: Database, tmp_path: Path) -> None:
    units.add(db, units.Unit(code="S01", name="镇南社区", kind="community", phone="0571-1"))
    path = tmp_path / "out.xlsx"
    export_units(db, path)
    sheet = load_workbook(path).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["B2"].value == "镇南社区"
    assert sheet["C2"].value == "社区"
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert import_units(db, path).updated == 0  # same content: nothing to change


@pytest.mark.parametrize("name", ["单位.xls", "单位.csv"])
def test_old_formats_get_a_clear_message(db: Database, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(ImportProblem, match="另存为"):
        import_units(db, path)


def test_not_a_workbook(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "坏文件.xlsx"
    path.write_text("not a zip", "utf-8")
    with pytest.raises(ImportProblem, match="不是有效的Excel"):
        import_units(db, path)


def test_catalogue_export_edit_import(db: Database, tmp_path: Path) -> None:
    reference.seed_from_csv(db, resource_path("indicators.csv"))
    path = tmp_path / "指标目录.xlsx"
    export_catalogue(db, path)
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("规划", "领域", "编码", "指标名称")
    assert len(rows) == 46
    assert rows[0][15:17] == ("层级", "计算方法")
    assert rows[0][-1] == "2030年目标"
    codes = [r[2] for r in rows]
    milk = rows[codes.index("C-H-10")]
    assert milk[10] is None  # 纯母乳喂养 ≥ 50% is a 2025 target, not the 2030 one
    assert milk[rows[0].index("2025年目标")] == 50
    row = codes.index("C-H-10") + 1
    sheet.cell(row, rows[0].index("2027年目标") + 1).value = "52"  # a year target, typed
    typed = sheet.cell(row, rows[0].index("2028年目标") + 1)  # "53%" as Excel keeps it
    typed.value, typed.number_format = 0.53, "0%"
    sheet.cell(row, 11).value = "９２％"  # the clerk types the local target, full-width
    sheet.cell(row, 13).value = "是"
    sheet.append(
        [
            "儿童",
            "儿童与家庭",
            "L-03",
            "儿童之家覆盖率",
            "%",
            1,
            "≥",
            0,
            0,
            100,
            95,
            "本地规划",
            "是",
            "",
            "",
        ]
    )
    book.save(path)
    added, updated = import_catalogue(db, path)
    assert (added, updated) == (1, 1)
    catalogue = {i.code: i for i in indicators.list_indicators(db)}
    assert catalogue["C-H-10"].verified
    targets = indicators.all_targets(db)[catalogue["C-H-10"].id or 0]
    assert targets[indicators.FINAL] == Decimal("92")
    assert targets[2027] == Decimal("52")
    assert targets[2028] == Decimal("53")  # not 0.53
    assert targets[2025] == Decimal("50")
    assert catalogue["L-03"].source == "local"


def test_catalogue_import_errors(db: Database, tmp_path: Path) -> None:
    path = _sheet(
        tmp_path / "目录.xlsx",
        [
            [
                "规划",
                "领域",
                "编码",
                "指标名称",
                "单位",
                "小数位",
                "方向",
                "允许偏差",
                "下限",
                "上限",
                "期末目标值",
            ],
            ["老人", "领域", "X-1", "名称", "%", 1, "≥", 0, 0, 100, "很多"],
            ["妇女", "领域", "X-2", "名称", "%", 1, "≈", 0, 0, 100, 50],
        ],
        title="指标目录",
    )
    with pytest.raises(ImportProblem) as info:
        import_catalogue(db, path)
    report = info.value.report()
    assert "第 2 行“规划”" in report
    assert "第 2 行“期末目标值”" in report
    assert "第 3 行" in report
    assert "允许偏差" in report
    assert indicators.list_indicators(db) == []
