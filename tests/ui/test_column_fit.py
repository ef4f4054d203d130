"""On a narrow view the cut columns give way to the stretched one (``ui/column_fit.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from desktop.ui.column_fit import FLOOR_CHARACTERS
from desktop.ui.table_model import Column, RowsModel
from desktop.ui.widgets import fit_columns, record_table

TITLES = ("编号", "指标名称", "预警情况", "说明", "单位")
ROWS = [
    ("1", "适龄儿童免疫规划疫苗接种率（以乡镇为单位）" * 2, "未达标、较上年变差", "", "镇卫生院"),
    ("2", "孕产妇系统管理率", "无数据；枫林村、梅溪村、石桥村未填报", "计数 3 / 40", "民政办"),
]
NAME, FLAGS, NOTE = 1, 2, 3
CUT = {NAME: 300, FLAGS: 200}
LEAST = 10


def _view(qtbot: QtBot, width: int) -> QTableView:
    columns = [Column(t, (lambda r, i=i: r[i])) for i, t in enumerate(TITLES)]
    model: RowsModel[tuple[str, ...]] = RowsModel(columns)
    view = record_table(model, "t")
    qtbot.addWidget(view)
    model.set_rows(ROWS)
    view.resize(width, 300)
    view.show()
    QApplication.processEvents()
    fit_columns(view, NOTE, CUT, least=LEAST)
    QApplication.processEvents()
    return view


def _character(view: QTableView) -> int:
    return view.fontMetrics().horizontalAdvance("中")


def _widths(view: QTableView) -> list[int]:
    return [view.columnWidth(c) for c in range(len(TITLES))]


def _fits(view: QTableView) -> bool:
    return sum(_widths(view)) <= view.viewport().width()


def test_a_wide_view_keeps_the_cut_widths(qtbot: QtBot) -> None:
    view = _view(qtbot, 1400)
    assert [view.columnWidth(c) for c in CUT] == list(CUT.values())  # cut, not given way
    assert view.columnWidth(NOTE) > LEAST * _character(view)


def test_a_narrow_view_gives_the_stretched_column_its_least(qtbot: QtBot) -> None:
    wide = _widths(_view(qtbot, 1400))
    view = _view(qtbot, 640)
    widths = _widths(view)
    assert widths[NOTE] >= LEAST * _character(view) - 1  # rounding shares a pixel
    assert _fits(view)
    for column in CUT:
        assert FLOOR_CHARACTERS * _character(view) <= widths[column] < wide[column]
    # in proportion to what each had above the floor: the wider gave more
    floor = FLOOR_CHARACTERS * _character(view)
    given = {c: wide[c] - widths[c] for c in CUT}
    ratio = given[NAME] / given[FLAGS]
    assert abs(ratio - (wide[NAME] - floor) / (wide[FLAGS] - floor)) < 0.05
    assert [widths[c] for c in (0, 4)] == [wide[c] for c in (0, 4)]  # the others untouched


def test_the_width_comes_back_when_the_view_widens(qtbot: QtBot) -> None:
    view = _view(qtbot, 640)
    assert view.columnWidth(NAME) < CUT[NAME]
    view.resize(1400, 300)
    QApplication.processEvents()
    assert [view.columnWidth(c) for c in CUT] == list(CUT.values())
    view.resize(640, 300)  # and gives way again
    QApplication.processEvents()
    assert view.columnWidth(NAME) < CUT[NAME]
    assert view.columnWidth(NOTE) >= LEAST * _character(view) - 1


def test_no_column_gives_way_below_its_floor(qtbot: QtBot) -> None:
    view = _view(qtbot, 250)
    floor = FLOOR_CHARACTERS * _character(view)
    assert [view.columnWidth(c) for c in CUT] == [floor, floor]


def test_a_column_the_clerk_sized_is_hers(qtbot: QtBot) -> None:
    view = _view(qtbot, 640)
    view.horizontalHeader().resizeSection(NAME, 260)
    view.resize(1400, 300)
    QApplication.processEvents()
    assert view.columnWidth(NAME) == 260
    assert view.columnWidth(FLAGS) == CUT[FLAGS]  # the other one still follows the view
