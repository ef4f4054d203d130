"""报表 page: preview, export to Excel and PDF, the summary pack with progress, weights."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.reports_page import ReportsPage
from tests.helpers.qt import ScriptedPrompts
from tests.ui.conftest import wait_for_backup


def open_reports(qtbot: QtBot, window: MainWindow, db: Path) -> ReportsPage:
    assert window.open_database(db)
    wait_for_backup(qtbot, window)
    window.show_page("reports")
    assert window.pages_stack.currentWidget() is window.reports_page
    return window.reports_page


def choose(page: ReportsPage, key: str) -> None:
    for row in range(page.kinds.count()):
        if page.kinds.item(row).data(0x0100) == key:
            page.kinds.setCurrentRow(row)
            return
    raise AssertionError(key)


def test_preview_and_exports(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    page = open_reports(qtbot, window, demo_db)
    choose(page, "monitoring")
    assert page.year_combo.isVisible()
    assert not page.subject.isVisible()
    task = page.preview()
    assert task is not None
    qtbot.waitUntil(lambda: page.document.pageCount() > 0, timeout=20_000)
    assert "预览：共" in page.message.text()
    prompts.excel_paths.append(tmp_path / "m.xlsx")
    page.export("xlsx")
    qtbot.waitUntil(
        lambda: (tmp_path / "m.xlsx").exists() and not window.tasks.busy, timeout=20_000
    )
    assert "妇女发展规划" in load_workbook(tmp_path / "m.xlsx").sheetnames
    choose(page, "trend")
    assert page.subject.isVisible()
    page.subject.setCurrentIndex(page.subject.findData("C-H-06"))
    prompts.pdf_paths.append(tmp_path / "t.pdf")
    page.export("pdf")
    qtbot.waitUntil(lambda: (tmp_path / "t.pdf").exists() and not window.tasks.busy, timeout=20_000)
    assert "已导出" in page.message.text()


def test_another_report_does_not_show_the_last_ones_preview(
    qtbot: QtBot, window: MainWindow, demo_db: Path
) -> None:
    page = open_reports(qtbot, window, demo_db)
    choose(page, "monitoring")
    assert "点“预览”" in page.message.text()  # before any preview: how to get one
    assert page.preview() is not None
    qtbot.waitUntil(lambda: page.document.pageCount() > 0, timeout=20_000)
    choose(page, "warnings")
    assert page.document.pageCount() == 0
    assert "点“预览”" in page.message.text()
    assert "预览：共" not in page.message.text()
    choose(page, "statistics")
    assert "按期间统计" in page.message.text()  # the dates win over the year, and it says so
    # a preview still being made when the clerk picks another report is not shown
    assert page.preview() is not None
    choose(page, "monitoring")
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    assert page.document.pageCount() == 0


def test_summary_pack(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    page = open_reports(qtbot, window, demo_db)
    choose(page, "summary")
    prompts.pdf_paths.append(tmp_path / "pack.pdf")
    page.export("pdf")
    qtbot.waitUntil(
        lambda: (tmp_path / "pack.pdf").exists() and not window.tasks.busy, timeout=60_000
    )
    assert (tmp_path / "pack.pdf").stat().st_size > 20_000


def test_monitoring_report_as_word(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    from docx import Document

    page = open_reports(qtbot, window, demo_db)
    choose(page, "monitoring-report")
    assert page.year_combo.isVisible()
    assert page.word_button.isVisible()
    assert not page.excel_button.isVisible()  # a narrative: PDF or Word only
    prompts.word_paths.append(tmp_path / "r.docx")
    page.export("docx")
    qtbot.waitUntil(
        lambda: (tmp_path / "r.docx").exists() and not window.tasks.busy, timeout=20_000
    )
    assert "已导出" in page.message.text()
    texts = [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    assert "二、主要指标达标情况" in texts
    choose(page, "monitoring")
    assert page.excel_button.isVisible()
    assert not page.word_button.isVisible()


def test_the_returns_to_the_county_are_in_the_list_and_export(
    qtbot: QtBot, window: MainWindow, demo_db: Path, prompts: ScriptedPrompts, tmp_path: Path
) -> None:
    page = open_reports(qtbot, window, demo_db)
    choose(page, "dispute-return")
    assert "矛盾纠纷排查化解月报" in page.kinds.currentItem().text()
    prompts.excel_paths.append(tmp_path / "d.xlsx")
    page.export("xlsx")
    qtbot.waitUntil(
        lambda: (tmp_path / "d.xlsx").exists() and not window.tasks.busy, timeout=20_000
    )
    text = [c for s in load_workbook(tmp_path / "d.xlsx") for r in s.values for c in r if c]
    assert "纠纷类型" in text
    choose(page, "petition-return")
    assert "信访统计表" in page.kinds.currentItem().text()
