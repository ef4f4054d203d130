"""The main window, a shell: welcome screen or workspace (sidebar + pages), menus, status bar.

The open database is held by ``SessionControl`` (open, close, backups, restore); what the home
page lists is gathered by ``operations.home``; each page does its own actions through
``desktop.operations``. Known errors show in the message bar and leave the window usable.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSignalBlocker, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.forms.loader import FormSet, default_forms
from desktop.operations import Area, Changes
from desktop.operations.home import home_facts
from desktop.store.backup import BackupStore
from desktop.store.session import Session
from desktop.store.vault import DEFAULT_COST, KdfCost
from desktop.ui import override
from desktop.ui.home_page import HomePage
from desktop.ui.main_menus import MenuSlots, build_menus
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.page_slots import SPECS, LazyPages, PageAttributes, PageSpec
from desktop.ui.pages import Page
from desktop.ui.prompts import Prompts
from desktop.ui.runner import TaskRunner
from desktop.ui.session_control import SessionControl
from desktop.ui.settings import RecentFile, Settings

if TYPE_CHECKING:  # dialogs are imported when first opened
    from desktop.ui.activity import ActivityWatch
    from desktop.ui.font_dialog import FontDialog
    from desktop.ui.profile_dialog import ProfileDialog
    from desktop.ui.warmup import Warmup
    from desktop.ui.welcome_page import WelcomePage

log = logging.getLogger("fulian.ui.main")

IDLE_CHECK_MS = 15_000
#: after the first paint: what the clerk needs only once she can act (``settle``)
SETTLE_MS = 100
#: what the home page lists facts about
HOME_AREAS = (Area.ROUND, Area.LETTERS, Area.REGISTERS, Area.PROFILE, Area.PROTECTION, Area.UNITS)


class MainWindow(QMainWindow, PageAttributes):
    session_opened = Signal()
    session_closed = Signal()
    backup_finished = Signal()

    def __init__(
        self,
        settings: Settings,
        backups: BackupStore,
        prompts: Prompts | None = None,
        *,
        pc: str | None = None,
        forms: FormSet | None = None,
        kdf_cost: KdfCost = DEFAULT_COST,
        opening: bool = False,
    ) -> None:
        super().__init__()
        #: scrypt cost for new passwords (tests pass a cheap one)
        self.kdf_cost = kdf_cost
        self.forms = forms if forms is not None else default_forms()
        self.settings = settings
        self.backups = backups
        self.prompts = prompts or Prompts(self)
        self.pc = pc
        self.profile_dialog: ProfileDialog | None = None
        self.tasks = TaskRunner(self)
        self._after_paint: list[Callable[[], None]] = []

        self.setWindowTitle(APP_NAME)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 8, 8, 0)
        self.message = MessageBar()
        outer.addWidget(self.message)
        self.control = SessionControl(
            settings, backups, self.prompts, self.message, self.tasks, pc=pc, forms=self.forms
        )
        self.control.may_close = self._may_close
        self.control.opened.connect(self._on_opened)
        self.control.closed.connect(self._on_closed)
        self.control.backup_started.connect(self._update_chrome)
        self.control.backup_started.connect(lambda: self.home.backup_started(datetime.now()))
        self.control.backup_finished.connect(self._on_backup_finished)
        self.control.profile_wanted.connect(lambda first: self.edit_profile(first_use=first))
        self.control.restored.connect(self._on_restored)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._welcome: WelcomePage | None = None  # built when first shown
        self._closing = False
        self._build_workspace()
        self.menus = build_menus(
            self.menuBar(),
            settings,
            MenuSlots(
                self.control.new_database,
                self.control.new_county_database,
                self.control.open_database,
                self.control.open_recent,
                self.edit_profile,
                self.open_county,
                lambda: self.show_page("database"),
                self.close_database,
                self.close,
                self.check_fonts,
                lambda: self.message.show_message(Level.INFO, f"{APP_NAME} {__version__}"),
            ),
        )
        self._build_status()
        # the idle lock's clock (privacy page): the last open, the clerk's input once settled
        self.activity: ActivityWatch | None = None
        self.warmup: Warmup | None = None  # from ``settle`` on
        self._opened_at = time.monotonic()
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self.check_idle)
        self.after_next_paint(lambda: QTimer.singleShot(SETTLE_MS, self.settle))
        geometry = settings.geometry("main")
        if geometry is None or not self.restoreGeometry(geometry):  # this PC's first start
            from desktop.ui.first_size import size_for_screen

            size_for_screen(self)
        if opening:  # the caller opens a database before the first paint (app.run): a blank
            # page behind its questions (接管并打开？), not an empty workspace nor 新建/打开
            self.stack.setCurrentIndex(self.stack.addWidget(QWidget()))
            self._update_chrome()
        else:
            self.show_welcome()

    # ----- construction --------------------------------------------------------------------
    def _build_workspace(self) -> None:
        self.workspace = QWidget()
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(0, 0, 0, 0)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(150)
        self.sidebar.setStyleSheet(
            "QListWidget { font-size: 12pt; } QListWidget::item { padding: 8px; }"
        )
        self.pages_stack = QStackedWidget()
        row.addWidget(self.sidebar)
        row.addWidget(self.pages_stack, 1)
        self.lazy = LazyPages(self.pages_stack, SPECS, self._build_page)
        for spec in SPECS:
            self.sidebar.addItem(spec.title)
        self.home = cast(HomePage, self.lazy.get("home"))
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row_changed)
        self.stack.addWidget(self.workspace)

    def _build_page(self, spec: PageSpec) -> Page:
        """Import and build one page, wired to the window (``LazyPages`` calls it once)."""
        page_class: type[Any] = spec.page_class()
        pid = spec.page_id
        if pid in ("form", "matrix"):
            page = page_class(self.prompts)
        elif pid in ("completeness", "letters", "reports", "units", "indicators", "follow_up"):
            page = page_class(self.prompts, self.tasks)
        elif pid == "registers":
            page = page_class(self.forms, self.prompts, self.tasks, settings=self.settings)
            page.changed.connect(self._refresh_home)
            page.unlocked.connect(self._refresh_home)
        elif pid == "privacy":
            page = page_class(self.prompts, self.settings, cost=self.kdf_cost)
            page.before_rewrite = self.tasks.cancel_all_and_wait
            page.protection_changed.connect(self._on_protection_changed)
        else:
            page = page_class()
        if pid == "home":
            page.navigate.connect(self.show_page)
            page.navigate_records.connect(self.show_records)
        elif pid == "form":
            page.saved.connect(self._refresh_home)
        elif pid == "completeness":
            page.unit_requested.connect(self.open_unit_form)
        elif pid == "database":
            page.backup_requested.connect(self.control.backup_now)
            page.restore_requested.connect(self.control.restore_backup)
        assert isinstance(page, Page)
        page.operation_done.connect(self._on_operation_done)
        if self.session is not None:
            page.set_session(self.session)
        return page

    def _build_status(self) -> None:
        self.status_path = QLabel()
        # a long path gives way (clipped; whole in the tooltip and title): the backup time and
        # "可以安全拔出U盘" stay whole at 1366 pixels (issue 22); no QSizePolicy (~4 M at start)
        self.status_path.setMinimumWidth(1)
        self.status_backup = QLabel()
        self.status_stick = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.status_path, 1)
        bar.addPermanentWidget(self.status_backup)
        bar.addPermanentWidget(self.status_stick)

    # ----- state ---------------------------------------------------------------------------
    @property
    def welcome(self) -> WelcomePage:
        if self._welcome is None:  # its fonts and texts cost ~3 ms at a start that opens a file
            from desktop.ui.welcome_page import WelcomePage

            self._welcome = page = WelcomePage()
            page.new_requested.connect(self.control.new_database)
            page.open_requested.connect(self.control.open_database)
            page.recent_requested.connect(self.control.open_recent)
            self.stack.addWidget(page)
        return self._welcome

    def show_welcome(self) -> None:
        self.welcome.set_recent(self.settings.recent_files())
        self.stack.setCurrentWidget(self.welcome)
        self._update_chrome()

    def _update_chrome(self) -> None:
        is_open = self.session is not None
        self.menus.set_open(is_open)
        if self.session is None:
            self.setWindowTitle(APP_NAME)
            self.setWindowFilePath("")
            self.status_path.setText("未打开数据库")
            self.status_backup.setText("")
            self.status_stick.setText("✔ 可以安全拔出U盘")
            self.status_stick.setStyleSheet("color: #1e7b34;")
            return
        self.setWindowTitle(f"{APP_NAME} — {self.session.path}")
        self.setWindowFilePath(str(self.session.path))
        self.status_path.setText(f"数据库：{self.session.path}")
        self.status_path.setToolTip(str(self.session.path))
        if self.control.backup_running:
            self.status_backup.setText("正在备份……")
        elif self.control.last_backup is not None:
            self.status_backup.setText(f"最近备份：{self.control.last_backup:%Y-%m-%d %H:%M}")
        else:
            self.status_backup.setText("尚无备份")
        self.status_stick.setText("● 数据库已打开：拔出U盘前请先关闭数据库")
        self.status_stick.setStyleSheet("color: #a15c00;")

    @property
    def session(self) -> Session | None:
        return self.control.session

    def _refresh_home(self) -> None:
        if self.session is None:
            return
        facts = home_facts(
            self.session,
            self.session.forms,  # a register stored in the file counts too
            last_backup=self.control.last_backup,
            backup_running=self.control.backup_running,
        )
        self.home.show_facts(facts, datetime.now())

    def _on_operation_done(self, changes: Changes) -> None:
        """A page's operation changed the database: the home page re-reads what it lists."""
        if changes.touches(*HOME_AREAS):
            self._refresh_home()

    def refresh_pages(self) -> None:
        """Re-read the home page, and the visible page if what it shows changed (a backup
        that finished leaves it as the clerk has it); the others re-read when shown."""
        current = self.pages_stack.currentWidget()
        if isinstance(current, Page) and current is not self.home:
            current.visit()
        self.home.refresh()
        self._refresh_home()
        self._update_chrome()

    def show_page(self, page_id: str) -> None:
        if page_id == "profile":
            self.edit_profile()
            return
        if page_id.startswith("registers:"):
            self.registers_page.show_register(page_id.partition(":")[2])
            page_id = self.registers_page.page_id
        for row, spec in enumerate(SPECS):
            if spec.page_id == page_id:
                self.sidebar.setCurrentRow(row)
                return

    def show_records(self, page_id: str, record_ids: list[int]) -> None:
        """A register reminder on 首页: the register, filtered to the records it names."""
        self.show_page(page_id)
        if page_id.startswith("registers:"):
            self.registers_page.show_records(record_ids)

    def open_unit_form(self, year: int, unit_id: int) -> None:
        if self.form_page.open_unit(year, unit_id):
            self.show_page(self.form_page.page_id)

    def _on_sidebar_row_changed(self, row: int) -> None:
        if not 0 <= row < len(SPECS):
            return
        current = self.pages_stack.currentWidget()
        if (
            isinstance(current, Page)
            and current is not self.lazy.get(SPECS[row].page_id)
            and self.session is not None
            and not current.can_leave()
        ):
            # 取消: stay on the page with the unsaved edits
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(self.pages_stack.currentIndex())
            self.sidebar.blockSignals(False)
            return
        page = self.lazy.at(row)  # built before it becomes the current widget
        self.pages_stack.setCurrentIndex(row)
        page.visit()

    # ----- opening and closing (SessionControl does the work) -------------------------------
    def open_database(self, path: Path | None = None) -> bool:
        return self.control.open_database(path)

    def open_recent(self, entry: RecentFile) -> bool:
        return self.control.open_recent(entry)

    def close_database(self) -> bool:
        """关闭数据库: release the file and the lock so the stick can be ejected."""
        return self.control.close_database()

    def _on_opened(self, session: Session) -> None:
        for page in self.lazy.built():
            if page.held_session:  # a page built before the first open has nothing to forget
                page.reset()
            page.set_session(session)
        self.stack.setCurrentWidget(self.workspace)
        with QSignalBlocker(self.sidebar):  # refresh_pages reads the home page, once
            self.sidebar.setCurrentRow(0)
        self.pages_stack.setCurrentIndex(0)
        self._opened_at = time.monotonic()
        self.idle_timer.start()
        self.refresh_pages()
        self.session_opened.emit()

    def _may_close(self) -> bool:
        if not all(page.can_leave() for page in self.lazy.built()):
            return False
        if self.profile_dialog is not None:
            # typed but unsaved 单位信息: asked like any dialog's edits (issue 22)
            if not self.profile_dialog.may_discard():
                return False
            from PySide6.QtWidgets import QDialog  # built with the dialog: no start-up cost

            self.profile_dialog.done(QDialog.DialogCode.Rejected)  # asked already
        self.idle_timer.stop()
        return True

    def _on_closed(self) -> None:
        for page in self.lazy.built():
            page.set_session(None)
        if not self._closing:
            self.show_welcome()
        self.session_closed.emit()

    def _on_backup_finished(self) -> None:
        if self.session is not None:
            self.refresh_pages()
        self.backup_finished.emit()

    def _on_restored(self) -> None:
        for page in self.lazy.built():
            page.set_session(self.session)
        self.refresh_pages()

    # ----- profile -------------------------------------------------------------------------
    def open_county(self) -> None:
        from desktop.ui.county_dialog import CountyDialog

        if self.session is not None:
            CountyDialog(self.session.db, self.tasks, self).open()

    def edit_profile(self, first_use: bool = False) -> None:
        if self.session is None:
            return
        from desktop.ui.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self.session.db, self, first_use=first_use, prompts=self.prompts)
        dialog.saved.connect(self._on_profile_saved)
        dialog.finished.connect(lambda _result: setattr(self, "profile_dialog", None))
        self.profile_dialog = dialog
        dialog.open()

    def _on_profile_saved(self) -> None:
        if self.session is not None:
            self.control.remember()
            self.message.show_message(Level.INFO, "单位信息已保存。")
        self.refresh_pages()

    # ----- misc ----------------------------------------------------------------------------
    def check_fonts(self) -> FontDialog | None:
        """Which font each printed role uses, and which fall back (what to install)."""
        from desktop.ui.font_dialog import show_font_check

        return show_font_check(self, self.message)

    @property
    def last_activity(self) -> float:
        """``time.monotonic()`` of the clerk's last input (``ActivityWatch``), or of the last
        open if later."""
        return max(self._opened_at, self.activity.last if self.activity is not None else 0.0)

    @property
    def settled(self) -> bool:
        return self.activity is not None

    def settle(self) -> None:
        """What the window needs once the clerk can act, kept out of the start (~12 M
        instructions of PySide types): the menus' shortcuts, the idle lock's activity filter;
        then the pages' code, prepared while she is idle. Once, ``SETTLE_MS`` after paint."""
        if self.activity is None:
            from desktop.ui.activity import ActivityWatch  # its QObject type: not at start
            from desktop.ui.warmup import STEPS, Warmup

            self.activity = ActivityWatch(self)
            self.activity.start(self.windowHandle())
            self.menus.add_shortcuts()
            self.warmup = Warmup(STEPS, lambda: self.last_activity, self)
            self.warmup.start()

    def after_next_paint(self, callback: Callable[[], None]) -> None:
        """``callback`` once the next paint is done (the children's too): start-up's "usable"."""
        self._after_paint.append(callback)
        self.update()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        while self._after_paint:  # queued: runs after the children have painted
            QTimer.singleShot(0, self._after_paint.pop(0))

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.activity is not None:  # a new native window
            self.activity.watch(self.windowHandle())

    def _on_protection_changed(self) -> None:
        """A password set, changed or removed rewrote the file (a new connection): pages take
        the session again, and the file is backed up as it is now."""
        for page in self.lazy.built():
            page.set_session(self.session)
        self.refresh_pages()
        self.control.backup_in_background(only_if_changed=True)

    def check_idle(self, now: float | None = None) -> bool:
        """Lock personal data after the idle minutes; True when it locked now. Not while a
        record is being edited (its save would fail)."""
        session = self.session
        if session is None or not session.protection.unlocked:
            return False
        dialog = self.registers_page.dialog if self.lazy.is_built("registers") else None
        if dialog is not None and dialog.isVisible():
            return False
        minutes = self.settings.idle_lock_minutes()
        if (now if now is not None else time.monotonic()) - self.last_activity < minutes * 60:
            return False
        session.protection.lock()
        self.refresh_pages()
        self.message.show_message(
            Level.INFO, f"{minutes} 分钟无操作，个人信息已自动锁定；查看时请重新输入密码。"
        )
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        # 取消 in an unsaved-changes question keeps the window, the edits and the lock
        self._closing = True  # no welcome screen built for a window going away
        try:
            if not self.close_database():
                event.ignore()
                return
        finally:
            self._closing = False
        self.settings.save_geometry("main", self.saveGeometry())
        self.settings.sync()
        event.accept()
