"""A RowsModel table's columns are measured from its texts, to the pixel Qt would find."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.table_model import Column, RowsModel
from desktop.ui.text_widths import text_widths
from desktop.ui.widgets import fit_columns, record_table

ROWS = [
    ("", "12.5", "镇卫生院", "a b  ", "⚠ 预警", "x" * 60, "（续）《》、，。", "Ⅲ级 ≥ 95% ±"),
    ("", "1,234.56", "青山镇中心学校附属幼儿园", "", "", "短", "", "0"),
    ("", "", "派出所", "  lead", "—", "", "①②③", "…"),
]


def _table(qtbot: QtBot, rows: list[tuple[str, ...]], point_size: int = 0) -> QTableView:
    titles = ["列", "数值", "单位", "备注", "状态", "说明", "符号", "很长很长很长的列标题"]
    columns = [
        Column(titles[i], (lambda r, i=i: r[i]), numeric=i == 1, background=lambda _r: "#fde2e1")
        for i in range(len(rows[0]))
    ]
    model: RowsModel[tuple[str, ...]] = RowsModel(columns)
    view = record_table(model, "t")
    qtbot.addWidget(view)
    if point_size:
        font = view.font()
        font.setPointSize(point_size)
        view.setFont(font)
    model.set_rows(rows)
    view.show()
    return view


@pytest.mark.parametrize("point_size", [0, 9, 14])
def test_the_widths_are_qts_own(qtbot: QtBot, point_size: int) -> None:
    view = _table(qtbot, ROWS, point_size)
    qt = [view.sizeHintForColumn(c) for c in range(len(ROWS[0]))]
    assert text_widths(view) == qt
    view.setShowGrid(False)
    assert text_widths(view) == [w - 1 for w in qt]


def test_fit_columns_sizes_as_resize_to_contents(qtbot: QtBot) -> None:
    view = _table(qtbot, ROWS)
    fit_columns(view, stretch=5)
    fitted = [view.columnWidth(c) for c in range(len(ROWS[0]))]
    for column in range(len(ROWS[0])):
        view.resizeColumnToContents(column)
    qt = [view.columnWidth(c) for c in range(len(ROWS[0]))]
    assert [w for c, w in enumerate(fitted) if c != 5] == [w for c, w in enumerate(qt) if c != 5]
    header = view.horizontalHeader()
    assert fitted[0] == header.sectionSizeHint(0)  # empty: the header's width
    assert fitted[7] == header.sectionSizeHint(7) > text_widths(view)[7]  # a title wider


def test_where_it_would_differ_qt_measures(qtbot: QtBot) -> None:
    view = _table(qtbot, ROWS)
    view.setStyleSheet("QTableView::item { padding: 6px; }")
    assert text_widths(view) is None
    view.setStyleSheet("")
    view.setRowHidden(1, True)
    assert text_widths(view) is None
    assert text_widths(_table(qtbot, [("两行\n文字", "1")])) is None


def test_the_pages_tables(window: MainWindow, demo_db: Path) -> None:
    assert window.open_database(demo_db)
    measured: list[str] = []
    pages = ("form", "completeness", "results", "letters", "indicators", "units", "follow_up")
    for page_id in pages:
        window.show_page(page_id)
        for view in window.lazy.get(page_id).findChildren(QTableView):
            widths = text_widths(view)
            model = view.model()
            if widths is None or model is None:
                continue
            columns = range(model.columnCount())
            assert widths == [view.sizeHintForColumn(c) for c in columns], page_id
            rows = range(model.rowCount())
            shown = [[model.index(r, c).data() or "" for c in columns] for r in rows]
            assert [list(row) for row in model.shown_texts()] == shown, page_id
            measured.append(page_id)
    assert {"form", "results", "indicators", "units"} <= set(measured)
