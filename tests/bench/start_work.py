"""Start against a bare program doing the same work (the brief's rule for every benchmark).

The issue's start goal compares with an empty QMainWindow, which opens no file and shows no
text. This second line compares with a bare PySide6 + sqlite3 program doing what a usable window
needs: the same SQL statements ours runs from opening the file to the painted home page
(captured once, untimed, by a trace on each connection ours makes), a lock file written and
fsynced beside the database and removed at the end, and a window with the same menus,
sidebar, home page texts and status bar, quitting after its first paint.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BARE_SAME_WORK = r"""
import json, os, sqlite3, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QVBoxLayout,
    QWidget,
)
work = json.loads(open(sys.argv[1], encoding="utf-8").read())
db = sys.argv[2]
lock = db + ".lock"
fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
os.write(fd, json.dumps({"pc": "bench", "pid": os.getpid()}).encode())
os.fsync(fd)
os.close(fd)
conn = sqlite3.connect(db, isolation_level=None)
for statement in work["sql"]:
    conn.execute(statement).fetchall()

class Window(QMainWindow):
    def paintEvent(self, event):
        super().paintEvent(event)
        QTimer.singleShot(0, app.quit)

app = QApplication([])
w = Window()
w.resize(1100, 720)
for title, actions in work["menus"]:
    menu = w.menuBar().addMenu(title)
    for text in actions:
        menu.addAction(text)
central = QWidget()
row = QHBoxLayout(central)
sidebar = QListWidget()
sidebar.setFixedWidth(150)
sidebar.addItems(work["sidebar"])
row.addWidget(sidebar)
stack = QStackedWidget()
home = QWidget()
column = QVBoxLayout(home)
for text in work["labels"]:
    column.addWidget(QLabel(text))
items = QListWidget()
items.addItems(work["items"])
column.addWidget(items, 1)
stack.addWidget(home)
row.addWidget(stack, 1)
w.setCentralWidget(central)
for text in work["status"]:
    w.statusBar().addPermanentWidget(QLabel(text))
w.show()
app.exec()
conn.close()
os.remove(lock)
"""


@contextmanager
def _traced(statements: list[str]) -> Iterator[None]:
    """Every statement run on a connection made meanwhile (expanded with its parameters)."""
    connect = sqlite3.connect

    def tracing(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    sqlite3.connect = tracing  # type: ignore[assignment]
    try:
        yield
    finally:
        sqlite3.connect = connect  # type: ignore[assignment]


def capture(db: Path, work: Path) -> Path:
    """Open a copy of ``db`` in a real window (data folder of its own, this PC's first backup
    already made, as in the timed runs) and write what the bare side must do to a JSON file."""
    from PySide6.QtWidgets import QLabel, QListWidget, QMenu

    from desktop.forms.loader import default_forms
    from desktop.store.backup import BackupStore
    from desktop.store.database import Database
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import Settings

    copy = work / "capture.fulian"
    shutil.copyfile(db, copy)
    data = work / "capture-data"
    backups = BackupStore(data / "backups")
    opened = Database.open(copy, read_only=True)
    backups.backup(copy, opened.db_id)
    opened.close()
    statements: list[str] = []
    window = MainWindow(Settings(data), backups, forms=default_forms())
    window.open_database(copy)  # this PC sees the file: no quick_check at the next open
    window.control.close_database()
    with _traced(statements):
        window.open_database(copy)
    home = window.home
    menus = [
        (menu.title(), [a.text() for a in menu.actions() if a.text()])
        for menu in window.menuBar().findChildren(QMenu)
    ]
    found = {
        "sql": [s for s in statements if not s.startswith("PRAGMA busy_timeout")],
        "menus": menus,
        "sidebar": [window.sidebar.item(i).text() for i in range(window.sidebar.count())],
        "labels": [label.text() for label in home.findChildren(QLabel) if label.text()],
        "items": [
            lst.item(i).text() for lst in home.findChildren(QListWidget) for i in range(lst.count())
        ],
        "status": [
            label.text() for label in window.statusBar().findChildren(QLabel) if label.text()
        ],
    }
    window.close()
    out = work / "start-work.json"
    out.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
    return out


def same_work_args(db: Path, work: Path) -> list[str]:
    """The bare program's arguments after the interpreter, its work captured from ours."""
    return ["-c", BARE_SAME_WORK, str(capture(db, work)), str(db)]
