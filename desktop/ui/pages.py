"""The workspace pages shown in the navigation sidebar. Later features add theirs to PAGES."""

from __future__ import annotations

from datetime import date
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
    #: re-read at every visit: it shows more than the database holds (files, their sizes)
    reread_on_visit: ClassVar[bool] = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        #: a database was shown here (until then ``reset`` has nothing to forget)
        self.held_session = False
        #: ``_stamp()`` when the page last read, None: it has not read this session
        self._read_at: tuple[object, ...] | None = None

    def set_session(self, session: Session | None) -> None:
        """Remember the session; the page reads when it is shown (see MainWindow.show_page)."""
        self.session = session
        self.held_session = self.held_session or session is not None
        self._read_at = None

    def refresh(self) -> None:
        """Re-read what the page shows (after a save, a restore, or when it is shown)."""

    def reread(self) -> None:
        """``refresh``, remembering when (``visit`` compares)."""
        self._read(self._stamp())

    def visit(self) -> None:
        """Shown from the sidebar: re-read, unless nothing it shows can have changed since it
        last read. Then it comes back at once, as the clerk left it (scroll position,
        selection, column widths), instead of being read and laid out again."""
        stamp = self._stamp()
        if self.reread_on_visit or self._read_at is None or stamp != self._read_at:
            self._read(stamp)

    def not_read(self) -> None:
        """What the page shows was not read again (填报 keeps unsaved input through a
        ``refresh``): its next visit reads."""
        self._read_at = None

    def _read(self, stamp: tuple[object, ...] | None) -> None:
        self._read_at = stamp
        try:
            self.refresh()
        except BaseException:  # a read that failed: the next visit tries again
            self.not_read()
            raise

    def _stamp(self) -> tuple[object, ...] | None:
        """What a page's content follows: the session and its file, whatever was written since
        (``Database.change_stamp``: this connection's changes and other connections' commits),
        whether personal data is unlocked, and the day (what is overdue, what is expired)."""
        session = self.session
        if session is None:
            return None
        db = session.db
        changes = db.change_stamp()
        return (session, db, changes, session.protection.unlocked, date.today(), self.files())

    def files(self) -> object:
        """What the page shows from files outside the database, as something equal while
        they are unchanged (their sizes and times): none here."""
        return None

    def reset(self) -> None:
        """A database was opened: forget what the last one left here (its messages, searches,
        filters, chosen year or unit), so every database opens with fresh pages (issue 22)."""
        for bar in self.findChildren(MessageBar):
            bar.clear()
        self._read_at = None

    def after(self, changes: Changes) -> None:
        """An operation of this page returned ``changes``: re-read only if it shows one of
        them, and tell the window."""
        if changes.touches(*self.shows):
            self.reread()
        if changes.areas:
            self.operation_done.emit(changes)

    def can_leave(self) -> bool:
        """Asked before the database is closed: False keeps it open (unsaved input)."""
        return True
