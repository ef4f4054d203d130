"""Chinese everywhere (issue 22 item 2): Qt's own menus and dialogs, the seeded catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.store import catalogue, indicators
from desktop.store.database import Database
from desktop.ui.translations import install_translations


@pytest.fixture
def chinese_qt(qapp: QApplication) -> Iterator[None]:
    translators = install_translations(qapp)
    yield
    for translator in translators:
        qapp.removeTranslator(translator)


@pytest.mark.usefixtures("chinese_qt")
def test_a_text_fields_context_menu_speaks_chinese(qtbot: QtBot) -> None:
    edit = QLineEdit("张三")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert any(t.startswith(("撤销", "撤消")) for t in texts), texts
    assert any(t.startswith("粘贴") for t in texts), texts
    assert any(t.startswith("全选") for t in texts), texts
    assert not any("Undo" in t or "Paste" in t for t in texts)


def test_the_seeded_catalogue_names_its_data_sources_in_chinese(db: Database) -> None:
    with db.transaction():
        catalogue.seed_reference(db)
    seeded = indicators.list_indicators(db)
    assert seeded
    for indicator in seeded:
        assert indicator.data_source, indicator.code
        assert not re.search("[A-Za-z]{3,}", indicator.data_source), indicator.data_source
        assert indicators.SOURCES[indicator.source] in ("国家纲要", "本地规划")
