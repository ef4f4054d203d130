"""The main window: welcome screen or workspace (sidebar + pages), menus, status area.

It owns the open ``Session`` and is the UI boundary for known errors: every action that can
fail with a ``StoreError`` shows it in the message bar and leaves the window usable.
"""

from __future__ import annotations

import logging
import time
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.domain.attention import HomeFacts, home_items
from desktop.forms.definition import Sealed
from desktop.forms.loader import FormSet, default_forms
from desktop.store import letters, monitoring, notices, profile, register_facts, registers, units
from desktop.store import lock as lockfile
from desktop.store.backup import BackupInfo, BackupStore
from desktop.store.errors import LockedByOther, StoreError
from desktop.store.locate import find_moved
from desktop.store.session import Session
from desktop.store.vault import DEFAULT_COST, SEALED, KdfCost
from desktop.ui import override
from desktop.ui.assessment_page import AssessmentPage
from desktop.ui.completeness_page import CompletenessPage
from desktop.ui.database_page import DatabasePage
from desktop.ui.errors import describe
from desktop.ui.follow_up_page import FollowUpPage
from desktop.ui.home_page import HomePage
from desktop.ui.indicators_page import IndicatorsPage
from desktop.ui.letters_page import LettersPage
from desktop.ui.matrix_page import MatrixPage
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.pages import Page
from desktop.ui.privacy_page import PrivacyPage
from desktop.ui.profile_dialog import ProfileDialog
from desktop.ui.prompts import Prompts
from desktop.ui.register_page import RegistersPage
from desktop.ui.reports_page import ReportsPage
from desktop.ui.results_page import ResultsPage
from desktop.ui.settings import RecentFile, Settings
from desktop.ui.unit_form_page import UnitFormPage
from desktop.ui.units_page import UnitsPage
from desktop.ui.welcome_page import WelcomePage
from desktop.ui.worker import TaskRunner, TaskState

log = logging.getLogger("fulian.ui.main")

IDLE_CHECK_MS = 15_000
_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})
LOCK_REFRESH_MS = int(lockfile.REFRESH_EVERY.total_seconds() * 1000)


class MainWindow(QMainWindow):
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
    ) -> None:
        super().__init__()
        #: scrypt cost for new passwords (tests pass a cheap one)
        self.kdf_cost = kdf_cost
        self.forms = forms if forms is not None else default_forms()
        self.settings = settings
        self.backups = backups
        self.prompts = prompts or Prompts(self)
        self.pc = pc
        self.session: Session | None = None
        self.profile_dialog: ProfileDialog | None = None
        self.tasks = TaskRunner(self)
        self._backup_running = False
        self.last_backup: datetime | None = None

        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 8, 8, 0)
        self.message = MessageBar()
        outer.addWidget(self.message)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.welcome = WelcomePage()
        self.welcome.new_requested.connect(self.new_database)
        self.welcome.open_requested.connect(self.open_database)
        self.welcome.recent_requested.connect(self.open_recent)
        self.stack.addWidget(self.welcome)

        self._build_workspace()
        self._build_menus()
        self._build_status()
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(LOCK_REFRESH_MS)
        self.lock_timer.timeout.connect(self._on_lock_timer)
        # personal data locks itself after the clerk's idle minutes (privacy page)
        self._last_activity = time.monotonic()
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self.check_idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        geometry = settings.geometry("main")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._show_welcome()

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
        self.home = HomePage()
        self.home.navigate.connect(self.show_page)
        self.form_page = UnitFormPage(self.prompts)
        self.form_page.saved.connect(self._refresh_home)
        self.completeness_page = CompletenessPage(self.prompts, self.tasks)
        self.completeness_page.unit_requested.connect(self.open_unit_form)
        self.results_page = ResultsPage()
        self.matrix_page = MatrixPage(self.prompts)
        self.letters_page = LettersPage(self.prompts, self.tasks)
        self.registers_page = RegistersPage(self.forms, self.prompts)
        self.registers_page.changed.connect(self._refresh_home)
        self.registers_page.unlocked.connect(self._refresh_home)
        self.reports_page = ReportsPage(self.prompts, self.tasks)
        self.privacy_page = PrivacyPage(self.prompts, self.settings, cost=self.kdf_cost)
        self.privacy_page.before_rewrite = self.tasks.cancel_all_and_wait
        self.privacy_page.protection_changed.connect(self._on_protection_changed)
        self.units_page = UnitsPage(self.prompts)
        self.indicators_page = IndicatorsPage(self.prompts)
        self.database_page = DatabasePage()
        self.database_page.backup_requested.connect(self.backup_now)
        self.database_page.restore_requested.connect(self.restore_backup)
        self.pages: list[Page] = [
            self.home,
            self.form_page,
            self.completeness_page,
            self.results_page,
            self.matrix_page,
            self.letters_page,
            AssessmentPage(),
            FollowUpPage(self.prompts),
            self.registers_page,
            self.reports_page,
            self.indicators_page,
            self.units_page,
            self.privacy_page,
            self.database_page,
        ]
        for page in self.pages:
            self.sidebar.addItem(page.title)
            self.pages_stack.addWidget(page)
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row_changed)
        self.stack.addWidget(self.workspace)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.action_new = self._action(
            # Ctrl+N belongs to 新增 (a new record), which the clerk uses every day
            file_menu,
            "新建数据库(&N)……",
            self.new_database,
            QKeySequence("Ctrl+Shift+N"),
        )
        self.action_open = self._action(
            file_menu, "打开(&O)……", self.open_database, QKeySequence.StandardKey.Open
        )
        self.recent_menu = file_menu.addMenu("最近打开(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.action_profile = self._action(file_menu, "单位信息(&I)……", self.edit_profile)
        self.action_backups = self._action(
            file_menu, "备份与恢复(&B)……", lambda: self.show_page("database")
        )
        self.action_close = self._action(
            file_menu, "关闭数据库(&C)", self.close_database, QKeySequence.StandardKey.Close
        )
        file_menu.addSeparator()
        self._action(file_menu, "退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self._action(help_menu, "字体检查（PDF用）", self.check_fonts)
        self._action(help_menu, "关于妇联工作台", self._show_about)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_status(self) -> None:
        self.status_path = QLabel()
        self.status_backup = QLabel()
        self.status_stick = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.status_path, 1)
        bar.addPermanentWidget(self.status_backup)
        bar.addPermanentWidget(self.status_stick)

    # ----- state ---------------------------------------------------------------------------
    def _show_welcome(self) -> None:
        self.welcome.set_recent(self.settings.recent_files())
        self.stack.setCurrentWidget(self.welcome)
        self._update_chrome()

    def _update_chrome(self) -> None:
        is_open = self.session is not None
        for action in (self.action_close, self.action_profile, self.action_backups):
            action.setEnabled(is_open)
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
        if self._backup_running:
            self.status_backup.setText("正在备份……")
        elif self.last_backup is not None:
            self.status_backup.setText(f"最近备份：{self.last_backup:%Y-%m-%d %H:%M}")
        else:
            self.status_backup.setText("尚无备份")
        self.status_stick.setText("● 数据库已打开：拔出U盘前请先关闭数据库")
        self.status_stick.setStyleSheet("color: #a15c00;")

    def _refresh_home(self) -> None:
        if self.session is None:
            return
        owner = self.session.lock.owner
        db = self.session.db
        years = monitoring.years(db)
        year = years[-1] if years else None
        pending = (
            [p.name for p in monitoring.completeness(db, year) if p.state == "pending"]
            if year
            else []
        )
        names = {u.id: u.name for u in units.list_units(db)}
        facts = HomeFacts(
            year=year,
            pending_units=pending,
            unsigned_letters=[names.get(x.unit_id, "") for x in letters.unsigned(db, year)]
            if year
            else [],
            register_due=self._register_due(),
            overdue_follow_ups=notices.overdue_lines(db, date.today()),
            expired_personal=self._expired_count(),
            personal_locked=self.session.protection.protected
            and not self.session.protection.unlocked,
            personal_unprotected=not self.session.protection.protected
            and self._has_personal_data(),
            last_backup=self.last_backup,
            backup_running=self._backup_running,
            profile_complete=profile.load(db).is_complete,
            lock_pc=owner.pc,
            lock_since=owner.time,
        )
        self.home.show_items(home_items(facts, datetime.now()))

    def _register_due(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        if self.session is None:
            return ()
        result = []
        for item in register_facts.due_reminders(
            self.session.db,
            self.forms.forms,
            self.session.protection.codec,
            units.unit_choices(self.session.db),
            datetime.now().date(),
        ):
            names = item.names
            if any(isinstance(n, Sealed) or n == str(SEALED) for n in names):
                names = (f"{len(names)} 条（个人信息已加密）",)
            result.append((f"registers:{item.form_id}", item.text, names))
        return tuple(result)

    def _has_personal_data(self) -> bool:
        if self.session is None:
            return False
        db = self.session.db
        return any(
            registers.RegisterStore(db, form).count()
            for form in self.forms.forms
            if form.sensitive_fields
        )

    def _expired_count(self) -> int:
        """Records whose personal data is past its retention period (or in 回收站)."""
        if self.session is None:
            return 0
        return register_facts.expired_count(
            self.session.db, self.forms.forms, self.session.protection.codec, datetime.now().date()
        )

    def refresh_pages(self) -> None:
        """Re-read the visible page and the home page; the others re-read when shown."""
        current = self.pages_stack.currentWidget()
        if isinstance(current, Page) and current is not self.home:
            current.refresh()
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
        for row, page in enumerate(self.pages):
            if page.page_id == page_id:
                self.sidebar.setCurrentRow(row)
                return

    def open_unit_form(self, year: int, unit_id: int) -> None:
        if self.form_page.open_unit(year, unit_id):
            self.show_page(self.form_page.page_id)

    def _on_sidebar_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        current = self.pages_stack.currentWidget()
        if (
            isinstance(current, Page)
            and current is not self.pages[row]
            and self.session is not None
            and not current.can_leave()
        ):
            # 取消: stay on the page with the unsaved edits
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(self.pages_stack.currentIndex())
            self.sidebar.blockSignals(False)
            return
        self.pages_stack.setCurrentIndex(row)
        self.pages[row].refresh()

    # ----- opening and closing -------------------------------------------------------------
    def new_database(self) -> None:
        path = self.prompts.new_database_path()
        if path is None:
            return
        if not self.close_database():
            return
        try:
            session = Session.create(path, self.backups, pc=self.pc, forms=self.forms.forms)
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return
        self._start_session(session)
        self.message.show_message(
            Level.INFO,
            f"已新建数据库：{path}。台账中有个人信息时，请在“个人信息保护”页设置数据库密码。",
        )
        self.edit_profile(first_use=True)

    def open_database(self, path: Path | None = None) -> bool:
        if path is None or not isinstance(path, Path):
            path = self.prompts.open_database_path()
            if path is None:
                return False
        if self.session is not None and self.session.path.resolve() == path.resolve():
            return True
        if not self.close_database():
            return False
        try:
            session = Session.open(path, self.backups, pc=self.pc, forms=self.forms.forms)
        except LockedByOther as exc:
            question = exc.message + "\n\n确定要接管并打开吗？"
            if not self.prompts.confirm("数据库正在别处使用", question, "接管并打开"):
                self.message.show_message(Level.WARNING, exc.message)
                return False
            try:
                session = Session.open(
                    path, self.backups, pc=self.pc, take_over=True, forms=self.forms.forms
                )
            except StoreError as again:
                self.message.show_message(Level.ERROR, describe(again))
                return False
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return False
        self.message.clear()
        self._start_session(session)
        if not profile.load(session.db).is_complete:
            self.edit_profile(first_use=True)
        return True

    def open_recent(self, entry: RecentFile) -> bool:
        path = Path(entry.path)
        if not path.exists():
            found = find_moved(entry.path, entry.db_id)
            if found is None:
                self.message.show_message(
                    Level.ERROR,
                    f"找不到数据库“{entry.name or path.name}”：{entry.path}\n"
                    "请插入保存它的U盘后再试；如果文件已移动，请用“打开”找到它。",
                )
                return False
            self.settings.remove_recent(entry.path)
            opened = self.open_database(found)
            if opened:
                self.message.show_message(
                    Level.INFO, f"U盘盘符或位置有变化，已在新位置找到数据库：{found}"
                )
            return opened
        return self.open_database(path)

    def _start_session(self, session: Session) -> None:
        self.session = session
        latest = self.backups.latest(session.db_id)
        self.last_backup = latest.made_at if latest else None
        for page in self.pages:
            page.set_session(session)
        self._remember(session)
        self.stack.setCurrentWidget(self.workspace)
        self.sidebar.setCurrentRow(0)
        self.lock_timer.start()
        self._last_activity = time.monotonic()
        self.idle_timer.start()
        self.refresh_pages()
        self.session_opened.emit()
        self._backup_in_background(only_if_changed=True)

    def _remember(self, session: Session) -> None:
        name = profile.load(session.db).federation or session.path.stem
        self.settings.add_recent(RecentFile(str(session.path), session.db_id, name))

    def close_database(self) -> bool:
        """关闭数据库: release the file and the lock so the stick can be ejected."""
        if self.session is None:
            return True
        if not all(page.can_leave() for page in self.pages):
            return False
        if self.profile_dialog is not None:
            self.profile_dialog.close()
        self.tasks.cancel_all_and_wait()
        self.lock_timer.stop()
        self.idle_timer.stop()
        session, self.session = self.session, None
        try:
            session.close()
        except (StoreError, OSError) as exc:
            log.warning("closing %s: %s", session.path, exc)
        for page in self.pages:
            page.set_session(None)
        self._backup_running = False
        self.last_backup = None
        self._show_welcome()
        self.session_closed.emit()
        return True

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        if not files:
            self.recent_menu.addAction("（无）").setEnabled(False)
        for entry in files:
            action = self.recent_menu.addAction(f"{entry.name}  {entry.path}")
            action.triggered.connect(lambda _checked=False, e=entry: self.open_recent(e))

    # ----- profile -------------------------------------------------------------------------
    def edit_profile(self, first_use: bool = False) -> None:
        if self.session is None:
            return
        dialog = ProfileDialog(self.session.db, self, first_use=first_use)
        dialog.saved.connect(self._on_profile_saved)
        dialog.finished.connect(lambda _result: setattr(self, "profile_dialog", None))
        self.profile_dialog = dialog
        dialog.open()

    def _on_profile_saved(self) -> None:
        if self.session is not None:
            self._remember(self.session)
            self.message.show_message(Level.INFO, "单位信息已保存。")
        self.refresh_pages()

    # ----- backups -------------------------------------------------------------------------
    def _backup_in_background(self, *, only_if_changed: bool) -> None:
        if self.session is None or self._backup_running:
            return
        session = self.session
        store, path, db_id = self.backups, session.path, session.db_id

        def work(state: TaskState) -> BackupInfo | None:
            def cancelled() -> bool:
                return state.cancelled

            if only_if_changed:
                return store.backup_if_changed(path, db_id, cancelled=cancelled)
            return store.backup(path, db_id, cancelled=cancelled)

        def done(result: object) -> None:
            self._backup_running = False
            if self.session is not session:
                return
            if isinstance(result, BackupInfo):
                self.last_backup = result.made_at
                if not only_if_changed:
                    self.message.show_message(Level.INFO, f"已备份：{result.path}")
            self.refresh_pages()
            self.backup_finished.emit()

        def failed(exc: BaseException) -> None:
            self._backup_running = False
            if self.session is session:
                self.message.show_message(Level.WARNING, "备份未完成：" + describe(exc))
                self.refresh_pages()
            self.backup_finished.emit()

        self._backup_running = True
        self._update_chrome()
        self.tasks.start(
            "正在备份数据库到本机……", work, done, failed, show_progress=not only_if_changed
        )

    def backup_now(self) -> None:
        self._backup_in_background(only_if_changed=False)

    def restore_backup(self, backup: BackupInfo) -> None:
        if self.session is None:
            return
        question = (
            f"把数据库恢复到 {backup.label} 的备份吗？\n\n"
            "恢复前会先把当前内容再备份一份，之后仍可以恢复回来。"
        )
        if not self.prompts.confirm("恢复备份", question, "恢复"):
            return
        self.tasks.cancel_all_and_wait()
        try:
            self.session.restore(backup)
        except StoreError as exc:
            self.message.show_message(Level.ERROR, "恢复失败：" + describe(exc))
            return
        latest = self.backups.latest(self.session.db_id)
        self.last_backup = latest.made_at if latest else None
        for page in self.pages:
            page.set_session(self.session)
        self.refresh_pages()
        self.message.show_message(Level.INFO, f"已恢复到 {backup.label} 的备份。")

    # ----- misc ----------------------------------------------------------------------------
    def _on_lock_timer(self) -> None:
        if self.session is None:
            return
        try:
            self.session.lock.refresh()
        except OSError as exc:
            self.message.show_message(
                Level.ERROR, f"无法访问数据库所在的U盘（{exc.strerror}）。请检查U盘是否已拔出。"
            )

    def check_fonts(self) -> None:
        """Which Chinese fonts PDFs will embed, and which roles fall back (what to install)."""
        from desktop.reports.pdf.fonts import FontMissing, FontSet

        try:
            report = FontSet.discover().report()
        except FontMissing as exc:
            self.message.show_message(Level.ERROR, exc.message)
            return
        fallback = any("未找到" in line for line in report)
        advice = (
            (
                "\n部分字体未找到，PDF 会用替代字体；公文格式需要仿宋、黑体、楷体、小标宋，"
                "请安装后重新生成。"
            )
            if fallback
            else ""
        )
        self.message.show_message(
            Level.WARNING if fallback else Level.INFO, "PDF 字体：" + "；".join(report) + advice
        )

    def _show_about(self) -> None:
        self.message.show_message(Level.INFO, f"{APP_NAME} {__version__}")

    @override
    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._last_activity = time.monotonic()
        return False

    def _on_protection_changed(self) -> None:
        """A password set, changed or removed rewrote the file (a new connection): pages take
        the session again, and the file is backed up as it is now."""
        for page in self.pages:
            page.set_session(self.session)
        self.refresh_pages()
        self._backup_in_background(only_if_changed=True)

    def check_idle(self, now: float | None = None) -> bool:
        """Lock personal data after the idle minutes; True when it locked now. Not while a
        record is being edited (its save would fail)."""
        session = self.session
        if session is None or not session.protection.unlocked:
            return False
        dialog = self.registers_page.dialog
        if dialog is not None and dialog.isVisible():
            return False
        minutes = self.settings.idle_lock_minutes()
        if (now if now is not None else time.monotonic()) - self._last_activity < minutes * 60:
            return False
        session.protection.lock()
        self.refresh_pages()
        self.message.show_message(
            Level.INFO, f"{minutes} 分钟无操作，个人信息已自动锁定；查看时请重新输入密码。"
        )
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        # 取消 in an unsaved-changes question keeps the window, the edits and the lock
        if not self.close_database():
            event.ignore()
            return
        self.settings.save_geometry("main", self.saveGeometry())
        self.settings.sync()
        event.accept()
