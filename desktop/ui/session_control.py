"""Opening, closing, backing up and restoring the database on behalf of the main window.

It holds the open ``Session`` and calls the operations (``operations.session``): the lock, the
backup before a migration, the background backup on open, restore. Known errors go to the
window's message bar; the window listens to ``opened`` / ``closed`` to show its pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.forms.loader import FormSet
from desktop.operations import session as session_ops
from desktop.store import lock as lockfile
from desktop.store import profile
from desktop.store.backup import BackupInfo, BackupStore
from desktop.store.errors import LockedByOther, StoreError
from desktop.store.session import Session
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts
from desktop.ui.runner import Problem, TaskRunner, TaskState
from desktop.ui.settings import RecentFile, Settings

log = logging.getLogger("fulian.ui.session")

LOCK_REFRESH_MS = int(lockfile.REFRESH_EVERY.total_seconds() * 1000)


class SessionControl(QObject):
    #: a session was opened (or created); the window shows its pages
    opened = Signal(object)
    #: the session was closed; the window shows the welcome screen
    closed = Signal()
    #: a backup started: the window updates its status bar
    backup_started = Signal()
    #: a backup task ended (made, unchanged, failed or cancelled): the window re-reads its
    #: pages (none starts when the file is unchanged since the last backup)
    backup_finished = Signal()
    #: the profile should be asked for (True: the first time)
    profile_wanted = Signal(bool)
    #: a backup was restored: every page re-reads
    restored = Signal()

    def __init__(
        self,
        settings: Settings,
        backups: BackupStore,
        prompts: Prompts,
        message: MessageBar,
        tasks: TaskRunner,
        *,
        pc: str | None,
        forms: FormSet,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.backups = backups
        self.prompts = prompts
        self.message = message
        self.tasks = tasks
        self.pc = pc
        self.forms = forms
        self.session: Session | None = None
        self.last_backup: datetime | None = None
        self.backup_running = False
        #: asked before closing (pages with unsaved input say no); set by the window
        self.may_close: Callable[[], bool] = lambda: True
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(LOCK_REFRESH_MS)
        self.lock_timer.timeout.connect(self._on_lock_timer)

    # ----- opening and closing -------------------------------------------------------------
    def new_database(self) -> None:
        self._new_database("township")

    def new_county_database(self) -> None:
        """县级数据库: townships' submissions are merged into it (issue 18)."""
        self._new_database("county")

    def _new_database(self, level: str) -> None:
        from desktop.operations.county import create_database

        path = self.prompts.new_database_path()
        if path is None:
            return
        if not self.close_database():
            return
        try:
            session = create_database(
                path, self.backups, level=level, pc=self.pc, forms=self.forms.forms
            )
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return
        self._start(session)
        self.message.show_message(
            Level.INFO,
            f"已新建数据库：{path}。台账中有个人信息时，请在“个人信息保护”页设置数据库密码。",
        )
        self.profile_wanted.emit(True)

    def open_database(self, path: Path | None = None) -> bool:
        if path is None or not isinstance(path, Path):
            path = self.prompts.open_database_path()
            if path is None:
                return False
        if self.session is not None and self.session.path.resolve() == path.resolve():
            return True
        if not self.close_database():
            return False
        forms = self.forms.forms
        try:
            session = session_ops.open_database(path, self.backups, pc=self.pc, forms=forms)
        except LockedByOther as exc:
            question = exc.message + "\n\n确定要接管并打开吗？"
            if not self.prompts.confirm("数据库正在别处使用", question, "接管并打开"):
                self.message.show_message(Level.WARNING, exc.message)
                return False
            try:
                session = session_ops.open_database(
                    path, self.backups, pc=self.pc, take_over=True, forms=forms
                )
            except StoreError as again:
                self.message.show_message(Level.ERROR, describe(again))
                return False
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return False
        self.message.clear()
        self._start(session)
        if not profile.load(session.db).is_complete:
            self.profile_wanted.emit(True)
        return True

    def open_recent(self, entry: RecentFile) -> bool:
        path = Path(entry.path)
        if not path.exists():
            from desktop.store.locate import find_moved  # a recent file that moved

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

    def _start(self, session: Session) -> None:
        self.session = session
        latest = self.backups.latest(session.db_id)
        self.last_backup = latest.made_at if latest else None
        self.remember()
        self.lock_timer.start()
        self.opened.emit(session)
        self.backup_in_background(only_if_changed=True)

    def remember(self) -> None:
        """The open database at the top of the recent files (named after the federation)."""
        if self.session is None:
            return
        name = profile.load(self.session.db).federation or self.session.path.stem
        self.settings.add_recent(RecentFile(str(self.session.path), self.session.db_id, name))

    def close_database(self) -> bool:
        """关闭数据库: release the file and the lock so the stick can be ejected."""
        if self.session is None:
            return True
        if not self.may_close():
            return False
        self.tasks.cancel_all_and_wait()
        self.lock_timer.stop()
        session, self.session = self.session, None
        session_ops.close_database(session)
        self.backup_running = False
        self.last_backup = None
        self.closed.emit()
        return True

    # ----- backups -------------------------------------------------------------------------
    def backup_in_background(self, *, only_if_changed: bool) -> None:
        if self.session is None or self.backup_running:
            return
        session = self.session
        store, path, db_id = self.backups, session.path, session.db_id
        if only_if_changed and not self._needs_backup(path, db_id):
            log.info("no backup needed for %s: unchanged since the last one", path)
            return

        def work(state: TaskState) -> BackupInfo | None:
            def cancelled() -> bool:
                return state.cancelled

            return session_ops.backup_database(
                store, path, db_id, only_if_changed=only_if_changed, cancelled=cancelled
            )

        def done(result: object) -> None:
            self.backup_running = False
            if self.session is not session:
                return
            if isinstance(result, BackupInfo):
                self.last_backup = result.made_at
                if not only_if_changed:
                    self.message.show_message(Level.INFO, f"已备份：{result.path}")
            self.backup_finished.emit()

        def failed(problem: Problem) -> None:
            self.backup_running = False
            if self.session is session:
                self.message.show_message(Level.WARNING, "备份未完成：" + problem.message)
            self.backup_finished.emit()

        self.backup_running = True
        self.backup_started.emit()
        self.tasks.start(
            "正在备份数据库到本机……", work, done, failed, show_progress=not only_if_changed
        )

    def _needs_backup(self, path: Path, db_id: str) -> bool:
        """Asked here, not in a task: a header read and a folder listing (a worker started and
        waited for at close cost more than that); the task reports a file it cannot read."""
        try:
            return self.backups.needs_backup(path, db_id)
        except OSError:
            return True

    def backup_now(self) -> None:
        self.backup_in_background(only_if_changed=False)

    def restore_backup(self, backup: BackupInfo) -> None:
        if self.session is None:
            return
        question = (
            f"把数据库恢复到 {backup.label} 的备份吗？\n\n"
            f"{backup.label} 之后对数据库所做的修改都会撤销。"
            "恢复前会先把当前内容再备份一份，之后仍可以恢复回来。"
        )
        if not self.prompts.confirm("恢复备份", question, "恢复"):
            return
        self.tasks.cancel_all_and_wait()
        try:
            session_ops.restore_backup(self.session, backup)
        except StoreError as exc:
            self.message.show_message(Level.ERROR, "恢复失败：" + describe(exc))
            return
        latest = self.backups.latest(self.session.db_id)
        self.last_backup = latest.made_at if latest else None
        self.restored.emit()
        self.message.show_message(Level.INFO, f"已恢复到 {backup.label} 的备份。")

    def _on_lock_timer(self) -> None:
        if self.session is None:
            return
        try:
            self.session.lock.refresh()
        except OSError as exc:
            self.message.show_message(
                Level.ERROR, f"无法访问数据库所在的U盘（{exc.strerror}）。请检查U盘是否已拔出。"
            )
