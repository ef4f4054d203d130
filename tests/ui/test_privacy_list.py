"""个人信息保护's list shows how many records may be purged and the first ``SHOWN`` of them;
the rest follow once those are purged."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.store.registers import RegisterStore
from desktop.ui import privacy_page
from desktop.ui.main_window import MainWindow
from tests.helpers.qt import ScriptedPrompts
from tests.ui.conftest import wait_for_backup


def test_a_long_list_shows_its_count_and_the_first_records(
    qtbot: QtBot,
    window: MainWindow,
    demo_db: Path,
    prompts: ScriptedPrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(privacy_page, "SHOWN", 2)
    assert window.open_database(demo_db)
    wait_for_backup(qtbot, window)
    window.show_page("privacy")
    page = window.privacy_page
    assert window.session is not None
    store = RegisterStore(window.session.db, window.forms.get("petition"))
    before = page.table.rowCount()
    assert before == 0  # nothing past its period in the demo
    assert page.count_label.text() == "共 0 条"
    assert not page.purge_button.isEnabled()
    victims = [r.id for r in store.list_records()[:3]]
    for victim in victims:
        store.delete(victim)
    page.refresh()
    assert page.table.rowCount() == 2
    assert page.count_label.text() == "共 3 条，显示前 2 条（清除后显示其余的）"
    assert [item.record_id for _form, item in page.due] == victims[:2]
    assert all(page.table.item(r, 2).text().startswith("已删除") for r in range(2))
    page.table.selectAll()
    prompts.confirm_answers.append(True)
    assert page.purge_selected() == 2
    assert page.table.rowCount() == 1
    assert page.count_label.text() == "共 1 条"
    assert [item.record_id for _form, item in page.due] == victims[2:]
