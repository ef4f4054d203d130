"""首页: what needs the clerk's attention today."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.attention import Attention, HomeFacts, Severity, home_items
from desktop.domain.first_year import Step, checklist
from desktop.operations.home import reminder_records
from desktop.store import profile
from desktop.store.setup_state import setup_state
from desktop.ui.pages import Page

_COLOURS = {Severity.OK: "#1e7b34", Severity.INFO: "#1f5fa8", Severity.WARNING: "#a15c00"}
#: item data roles: Qt.ItemDataRole.UserRole as a number (touching the ``Qt`` namespace at
#: start makes PySide build its ~90 enum types: tens of ms)
_PAGE = 0x0100  # the page an item leads to
_REMINDER = _PAGE + 1  # a register reminder's index in its form's reminders
_FOREGROUND = 9  # Qt.ItemDataRole.ForegroundRole: a QColor (QBrush(…) builds the namespace)
_MARKS = {Severity.OK: "✔", Severity.INFO: "ℹ", Severity.WARNING: "⚠"}


class HomePage(Page):
    page_id = "home"
    title = "首页"
    navigate = Signal(str)
    #: a register reminder: its page, filtered to the records it is about
    navigate_records = Signal(str, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts: HomeFacts | None = None  # what the attention items were made from
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        layout.addWidget(self.heading)
        # the first year with a new database: the set-up steps in order (issue 22)
        self.setup_box = QGroupBox("第一次使用：按顺序完成这些设置（双击前往）")
        box_layout = QVBoxLayout(self.setup_box)
        self.setup = QListWidget()
        self.setup.setObjectName("setup")
        self.setup.itemActivated.connect(self._on_item_activated)
        box_layout.addWidget(self.setup)
        self.setup_box.hide()
        layout.addWidget(self.setup_box)
        layout.addWidget(QLabel("需要关注的事项（双击处理）："))
        self.items = QListWidget()
        self.items.setObjectName("attention")
        # a long item (five disputes named by village and date) wraps at the page's width
        # instead of hiding its count past a horizontal scroll bar on a 1366-pixel screen
        self.items.setWordWrap(True)
        self.items.setSpacing(3)  # one item from the next, a wrapped one's second line too
        self.items.setResizeMode(QListView.ResizeMode.Adjust)
        self.items.itemActivated.connect(self._on_item_activated)
        layout.addWidget(self.items, 1)

    def refresh(self) -> None:
        if self.session is None:
            return
        current = profile.load(self.session.db)
        self.heading.setText(current.federation or current.township or "妇联工作台")
        self.show_setup(checklist(setup_state(self.session.db, current)._asdict()))

    def show_setup(self, steps: list[tuple[Step, bool]]) -> None:
        self.setup.clear()
        for number, (step, done) in enumerate(steps, start=1):
            item = QListWidgetItem(f"{'✔' if done else '○'}  {number}. {step.text}")
            item.setData(_FOREGROUND, QColor("#1e7b34" if done else "#a15c00"))
            item.setData(_PAGE, step.page)
            self.setup.addItem(item)
        rows = self.setup.sizeHintForRow(0) * self.setup.count() if steps else 0
        self.setup.setFixedHeight(rows + 2 * self.setup.frameWidth() + 4)
        self.setup_box.setVisible(bool(steps))

    def setup_done(self) -> list[bool]:
        return [self.setup.item(i).text().startswith("✔") for i in range(self.setup.count())]

    def show_facts(self, facts: HomeFacts, now: datetime) -> None:
        self.facts = facts
        self.show_items(home_items(facts, now))

    def backup_started(self, now: datetime) -> None:
        """A backup under way is said so (not "还没有备份" beside the status bar's "正在备份……"),
        from the facts last read: nothing else changed."""
        if self.facts is not None:
            self.show_facts(self.facts._replace(backup_running=True), now)

    def show_items(self, items: list[Attention]) -> None:
        self.items.clear()
        for item in items:
            widget_item = QListWidgetItem(f"{_MARKS[item.severity]}  {item.text}")
            widget_item.setData(_FOREGROUND, QColor(_COLOURS[item.severity]))
            widget_item.setData(_PAGE, item.page)
            widget_item.setData(_REMINDER, item.reminder)
            self.items.addItem(widget_item)

    def texts(self) -> list[str]:
        return [self.items.item(i).text() for i in range(self.items.count())]

    def _on_item_activated(self, item: QListWidgetItem) -> None:
        page = item.data(_PAGE)
        reminder = item.data(_REMINDER)
        if not page:
            return
        # the records are read now, not carried by the item (thousands at ten times the
        # large demo, read at every refresh for a click that may never come)
        due: list[int] = []
        if reminder is not None and self.session is not None:
            due = list(reminder_records(self.session, page, reminder))
        if due:
            self.navigate_records.emit(page, due)
        else:  # a page, or a reminder no longer due since the list was read: the whole page
            self.navigate.emit(page)
