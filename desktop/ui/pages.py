"""The workspace pages shown in the navigation sidebar. Later features add theirs to PAGES."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop.operations import Area, Changes
from desktop.store.session import Session
from desktop.ui.message_bar import MessageBar


class Page(QWidget):
    """A sidebar page. It reads through the session's database and is told when it changes."""

    page_id = ""
    title = ""
    #: the parts of the database this page shows: it re-reads when an operation changed one
    shows: ClassVar[frozenset[Area]] = frozenset()
    #: an operation started here changed the database (the window refreshes the home page)
    operation_done = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        #: a database was shown here (until then ``reset`` has nothing to forget)
        self.held_session = False

    def set_session(self, session: Session | None) -> None:
        """Remember the session; the page reads when it is shown (see MainWindow.show_page)."""
        self.session = session
        self.held_session = self.held_session or session is not None

    def refresh(self) -> None:
        """Re-read what the page shows (after a save, a restore, or when it is shown)."""

    def reset(self) -> None:
        """A database was opened: forget what the last one left here (its messages, searches,
        filters, chosen year or unit), so every database opens with fresh pages (issue 22)."""
        for bar in self.findChildren(MessageBar):
            bar.clear()

    def after(self, changes: Changes) -> None:
        """An operation of this page returned ``changes``: re-read only if it shows one of
        them, and tell the window."""
        if changes.touches(*self.shows):
            self.refresh()
        if changes.areas:
            self.operation_done.emit(changes)

    def can_leave(self) -> bool:
        """Asked before the database is closed: False keeps it open (unsaved input)."""
        return True
