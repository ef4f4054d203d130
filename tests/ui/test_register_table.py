"""The 工作台账 list as the clerk works it at 1366×768: the column widths she dragged survive a
save, a filter, a sort, a visit and a restart; the sort arrows read as in Excel (▲ ascending);
every register's name is whole in the register list; and after a save, a delete, a sort or a
visit the selected record stays selected on the same line of the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QStyleFactory, QTableView
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.register_model import KEPT_PAGES, PAGE
from desktop.ui.register_page import RegistersPage
from desktop.ui.settings import Settings
from desktop.ui.sort_arrows import SortArrowStyle
from tests.helpers.qt import ScriptedPrompts, type_text
from tests.ui.test_register_lazy import _grow
from tests.ui.test_register_page import open_register


def widths(page: RegistersPage) -> list[int]:
    # the last column stretches to the view: not one the clerk sizes
    return [page.view.columnWidth(c) for c in range(page.model.columnCount() - 1)]


def drag_column_edge(qtbot: QtBot, header: QHeaderView, column: int, by: int) -> None:
    """The clerk drags a column's right edge in the header with the mouse."""
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    y = header.height() // 2
    viewport = header.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    for step in range(1, 5):
        qtbot.mouseMove(viewport, QPoint(edge + by * step // 4, y))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(edge + by, y))


def standalone_page(
    qtbot: QtBot, window: MainWindow, settings: Settings, form_id: str
) -> RegistersPage:
    """The register page as the window builds it, given the PC's settings, on the window's
    open database (what a restart of the application opens)."""
    page = RegistersPage(window.forms, ScriptedPrompts(), settings=settings)
    qtbot.addWidget(page)
    page.set_session(window.session)
    page.show_register(form_id)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def save_selected(qtbot: QtBot, page: RegistersPage) -> None:
    dialog = page.edit_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.saved):
        assert dialog.save()


def test_dragged_column_widths_survive_refreshes_and_a_restart(
    qtbot: QtBot, window: MainWindow, demo_db: Path, data_dir: Path
) -> None:
    open_register(qtbot, window, demo_db, "petition")  # the database is open
    settings = Settings(data_dir)
    page = standalone_page(qtbot, window, settings, "petition")
    defaults = widths(page)
    drag_column_edge(qtbot, page.view.horizontalHeader(), 1, 70)
    drag_column_edge(qtbot, page.view.horizontalHeader(), 3, -20)
    dragged = widths(page)
    assert dragged[1] == defaults[1] + 70
    assert dragged[3] == defaults[3] - 20

    page.view.selectRow(2)
    save_selected(qtbot, page)  # the list is read again
    assert widths(page) == dragged
    channel = page.filter_boxes["channel"]
    channel.setCurrentIndex(channel.findText("来访"))
    page.search.setText("张")
    page.apply_filters()
    page.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    page.clear_filters()
    page.refresh()  # a visit of the page
    assert widths(page) == dragged
    page.show_register("dispute")  # another register: its own widths
    assert page.view.columnWidth(1) != dragged[1]
    page.show_register("petition")
    assert widths(page) == dragged

    page.close()
    settings.sync()  # as the window does when it closes
    restarted = standalone_page(qtbot, window, Settings(data_dir), "petition")
    assert widths(restarted) == dragged
    restarted.show_register("dispute")
    assert restarted.view.columnWidth(1) != dragged[1]


def test_the_windows_register_page_keeps_widths_across_a_restart(
    qtbot: QtBot, window: MainWindow, demo_db: Path, data_dir: Path
) -> None:
    """The page as the window builds it is given the PC's settings."""
    page = open_register(qtbot, window, demo_db, "petition")
    page.resize(1100, 600)
    drag_column_edge(qtbot, page.view.horizontalHeader(), 1, 60)
    dragged = widths(page)
    window.close()  # closes the database and writes the settings
    again = MainWindow(Settings(data_dir), window.backups, ScriptedPrompts(), pc="办公室电脑")
    qtbot.addWidget(again)
    again.show()
    restarted = open_register(qtbot, again, demo_db, "petition")
    assert widths(restarted)[1] == dragged[1]
    again.close_database()


def test_kept_widths_follow_the_fields_when_a_form_changes(
    qtbot: QtBot, window: MainWindow, demo_db: Path, data_dir: Path
) -> None:
    """Widths are kept by field: one for a field the form no longer has is ignored, a field
    added since gets its default, a damaged entry is ignored."""
    open_register(qtbot, window, demo_db, "petition")
    fresh = standalone_page(qtbot, window, Settings(data_dir), "petition")
    defaults = widths(fresh)
    fields = [f.id for f in fresh.model.columns]
    fresh.close()
    settings = Settings(data_dir)
    # kept when the form had a field "old_field" and did not yet have fields[2]
    settings.save_column_widths("petition", {fields[1]: 231, "old_field": 300, fields[0]: 3})
    settings.sync()
    page = standalone_page(qtbot, window, Settings(data_dir), "petition")
    expected = [*defaults]
    expected[1] = 231
    assert widths(page) == expected
    raw = Settings(data_dir).column_widths("petition")
    assert raw == {fields[1]: 231, "old_field": 300}  # 3 px: not a width the clerk gave


def arrow_points_up(header: QHeaderView, column: int) -> bool:
    """Whether the sort arrow drawn in a section is ▲ (its widest row at the bottom): the
    pixels that differ from the same header drawn without the arrow, near the section's
    right edge (the text is centred, away from it)."""
    with_arrow = header.grab().toImage()
    header.setSortIndicatorShown(False)
    without = header.grab().toImage()
    header.setSortIndicatorShown(True)
    assert isinstance(with_arrow, QImage)
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    rows: dict[int, int] = {}
    for x in range(right - 30, right):
        for y in range(with_arrow.height()):
            if with_arrow.pixel(x, y) != without.pixel(x, y):
                rows[y] = rows.get(y, 0) + 1
    assert len(rows) >= 2, "no arrow drawn"
    return rows[min(rows)] < rows[max(rows)]


def test_the_sort_arrow_reads_as_in_excel(qtbot: QtBot, window: MainWindow, demo_db: Path) -> None:
    page = open_register(qtbot, window, demo_db, "petition")
    header = page.view.horizontalHeader()
    page.view.setColumnWidth(1, 220)  # the centred text well away from the arrow
    middle = QPoint(header.sectionViewportPosition(1) + 110, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert page.model.sort_column == 1
    assert not page.model.sort_descending
    assert arrow_points_up(header, 1)  # ▲ ascending
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert page.model.sort_descending
    assert not arrow_points_up(header, 1)  # ▼ descending


@pytest.mark.parametrize("style", ["Fusion", "Windows"])
def test_the_sort_arrow_is_the_same_on_each_style(qtbot: QtBot, style: str) -> None:
    """Windows' own styles and Fusion disagree on the arrow; ours does not."""
    model = QStandardItemModel(3, 2)
    model.setHorizontalHeaderLabels(["姓名", "日期"])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setColumnWidth(0, 220)
    view.show()
    header = view.horizontalHeader()
    base = QStyleFactory.create(style)
    assert base is not None
    proxy = SortArrowStyle(base)
    proxy.setParent(header)
    header.setStyle(proxy)
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    assert arrow_points_up(header, 0)
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert not arrow_points_up(header, 0)


def test_every_register_name_is_whole_at_1366_by_768(
    qtbot: QtBot, window: MainWindow, demo_db: Path, tmp_path: Path
) -> None:
    _grow(demo_db, "reg_dispute", 1200)  # 婚姻家庭纠纷排查化解（1280）, the longest
    page = open_register(qtbot, window, demo_db, "dispute")
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: page.register_list.width() == page.splitter.sizes()[0])
    window.grab().save(str(tmp_path / "registers-1366x768.png"))
    names = page.register_list
    metrics = names.fontMetrics()
    texts = [names.item(r).text() for r in range(names.count())]
    assert any(t.startswith("婚姻家庭纠纷排查化解（1") for t in texts)
    widest = max(metrics.horizontalAdvance(t) for t in texts)
    assert names.horizontalScrollBar().maximum() == 0  # nothing hidden to the right
    assert names.viewport().width() >= widest
    # no wider than its longest name needs: the rest stays with the records
    assert names.width() <= names.sizeHintForColumn(0) + 2 * names.frameWidth()
    assert all(names.item(r).toolTip() == texts[r] for r in range(names.count()))


def test_the_clerk_keeps_her_place_in_a_long_list(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    _grow(demo_db, "reg_petition", 1500)
    page = open_register(qtbot, window, demo_db, "petition")
    window.resize(1366, 768)
    qtbot.waitExposed(window)
    view = page.view

    def place() -> tuple[int, int, int]:
        """The selected row, the row at the top of the view, the selected record."""
        record = page.selected()
        assert record is not None
        return view.currentIndex().row(), view.rowAt(0), record.id

    view.setFocus()
    page.select_record(page.model.ids[1200])  # far below the rows first given to the view
    view.scrollTo(page.model.index(1190, 0), QTableView.ScrollHint.PositionAtTop)
    before = place()
    assert before[:2] == (1200, 1190)

    save_selected(qtbot, page)
    assert place() == before  # the same record, on the same line
    assert view.hasFocus()

    following = page.model.record_at(1201).id
    prompts.confirm_answers.append(True)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert place() == (1200, 1190, following)  # the next record takes the deleted one's line

    window.show_page("home")
    window.show_page("registers:petition")
    assert place() == (1200, 1190, following)

    header = view.horizontalHeader()
    order = header.sortIndicatorOrder()
    view.sortByColumn(1, order)  # 来源方式
    row, top, record_id = place()
    assert record_id == following  # still selected, wherever the sort put it
    assert row - top == 1200 - 1190

    page.show_register("dispute")  # another list: from its top, nothing selected
    assert view.rowAt(0) == 0
    assert page.selected() is None


def test_after_a_save_or_a_delete_the_keys_go_on_with_the_list(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts
) -> None:
    """编辑…… and 删除 are buttons: once their work is done the list has the keyboard again,
    on the record concerned, so that ↓, Enter and Delete go on from there."""
    page = open_register(qtbot, window, demo_db, "petition")
    view = page.view
    view.selectRow(3)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None
    with qtbot.waitSignal(dialog.saved):
        assert dialog.save()
    assert view.hasFocus()
    assert view.currentIndex().row() == 3
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 4

    following = page.model.record_at(5).id
    prompts.confirm_answers.append(True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert view.hasFocus()
    selected = page.selected()
    assert selected is not None
    assert selected.id == following
    qtbot.keyClick(view, Qt.Key.Key_Return)
    opened = page.dialog
    assert opened is not None
    assert opened is not dialog
    assert opened.isVisible()
    opened.reject()


def test_enter_in_the_search_box_searches_and_opens_nothing(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    """The selected record now stays selected through a search: Enter typed in the search
    box or a date box must only search (it opened the record, the key reaching the page)."""
    page = open_register(qtbot, window, demo_db, "petition")
    page.view.selectRow(0)
    record = page.selected()
    assert record is not None
    type_text(qtbot, page.search, str(record.values["person_name"]))
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.dialog is None
    assert page.selected() == record  # still found, still selected
    page.date_from.setFocus()
    qtbot.keyClicks(page.date_from, "2020-01-01")
    qtbot.keyClick(page.date_from, Qt.Key.Key_Return)
    assert page.dialog is None
    qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.dialog is not None  # Ctrl+N still adds, wherever the focus is
    page.dialog.reject()


def test_closing_with_a_record_selected_far_from_the_pages_read(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    """The list keeps the clerk's place from the pages in memory: a close (which shuts the
    database before the list is emptied) never reads the closed file for it."""
    _grow(demo_db, "reg_petition", (KEPT_PAGES + 2) * PAGE)
    page = open_register(qtbot, window, demo_db, "petition")
    page.view.selectRow(2)
    for row in range(0, page.model.matched(), PAGE):  # she scrolled through every record
        page.model.record_at(row)
    assert page.model.known_id(2) is None  # its page is no longer held
    assert window.close_database()  # an error in the reset would fail the test (pytest-qt)
    assert window.session is None
    assert page.model.rowCount() == 0


def test_a_choice_column_is_as_wide_as_its_options(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    """Before the clerk sizes them: a choice's column holds its longest option (two for
    several choices, up to a cap), a short one no longer takes a text's width."""
    from desktop.ui.register_table import CHOICE_CAP

    page = open_register(qtbot, window, demo_db, "assistance")
    em = page.view.fontMetrics().horizontalAdvance("中")
    choices = [(c, f) for c, f in enumerate(page.model.columns) if f.choice is not None]
    assert any(f.multiple for _c, f in choices)
    assert any(not f.multiple for _c, f in choices)
    last = page.model.columnCount() - 1
    for column, field in choices:
        if column == last:
            continue  # it stretches to the view
        assert field.choice is not None
        longest = max(len(label) for label in field.choice.labels())
        wanted = min(longest * (2 if field.multiple else 1) + 1, CHOICE_CAP)
        assert page.view.columnWidth(column) == max(len(field.label) + 2, wanted) * em
    risk = next(c for c, f in choices if f.label == "风险等级")
    assert page.view.columnWidth(risk) < 8 * em  # 高 / 中 / 一般
    kinds = next(c for c, f in choices if f.multiple)
    assert page.view.columnWidth(kinds) > 8 * em  # 困难妇女、残疾妇女 …
