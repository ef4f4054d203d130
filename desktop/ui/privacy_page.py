"""个人信息保护: the database password (set, unlock, lock, change, reset with the recovery
key, remove), automatic locking, and the records whose personal data may be erased."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.forms import retention
from desktop.forms.definition import display
from desktop.operations import protection as operations
from desktop.store import expired_page, profile
from desktop.store.errors import StoreError, classify_os
from desktop.store.units import unit_choices
from desktop.store.vault import DEFAULT_COST, KdfCost
from desktop.ui import override
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.pages import Page
from desktop.ui.prompts import Prompts
from desktop.ui.settings import Settings
from desktop.ui.unlock import ensure_unlocked
from desktop.ui.widgets import button_bar

if TYPE_CHECKING:  # the PDF and register-import machinery loads when first used, not with the page
    from desktop.ui.pdf_preview import PdfPreview

BACKUP_NOTE = (
    "保护范围：各台账中标为个人信息的栏目（反映人、帮扶对象的姓名、身份证号码、电话、住址，"
    "信访的反映内容、办理结果和办理情况，帮扶的困难情况和走访内容等），包括它们的修改记录。"
    "指标、责任书和报表不受影响，没有密码也能查看和打印。\n"
    "设置、修改或取消密码时，程序另写一个新文件替换原文件，并把原文件的内容用零覆盖，"
    "从U盘上不能再直接读出原来的明文（U盘的闪存可能在内部保留旧数据块，无法保证彻底擦除）。"
    "本机备份是数据库文件的副本：设置密码以后的备份中，个人信息同样是加密的；"
    "设置密码以前的备份仍是明文。\n" + operations.EARLIER_COPIES
)
#: records listed at once (the count names them all; the rest show once these are purged)
SHOWN = 500


class PrivacyPage(Page):
    page_id = "privacy"
    title = "个人信息保护"
    protection_changed = Signal()

    def __init__(
        self,
        prompts: Prompts,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        cost: KdfCost = DEFAULT_COST,
    ) -> None:
        super().__init__(parent)
        self.prompts = prompts
        self.settings = settings
        #: scrypt cost for new passwords (tests pass a cheap one)
        self.cost = cost
        #: run before the file is rewritten: the window stops its background work
        self.before_rewrite: Callable[[], None] = lambda: None
        self.preview: PdfPreview | None = None
        self.due: list[tuple[str, retention.Expired]] = []
        layout = QVBoxLayout(self)
        self.message = MessageBar()
        layout.addWidget(self.message)

        layout.addWidget(self._password_box())
        layout.addWidget(self._purge_box(), 1)
        self._connect()

    def _password_box(self) -> QGroupBox:
        box = QGroupBox("数据库密码")
        inner = QVBoxLayout(box)
        self.status = QLabel()
        self.status.setStyleSheet("font-weight: bold;")
        inner.addWidget(self.status)
        self.set_button = QPushButton("设置密码……")
        self.unlock_button = QPushButton("解锁……")
        self.lock_button = QPushButton("立即锁定")
        self.change_button = QPushButton("修改密码……")
        self.renew_button = QPushButton("重新生成恢复密钥……")
        self.recover_button = QPushButton("忘记密码（用恢复密钥）……")
        self.remove_button = QPushButton("取消密码……")
        inner.addLayout(
            button_bar(
                self.set_button,
                self.unlock_button,
                self.lock_button,
                self.change_button,
                self.renew_button,
                self.recover_button,
                self.remove_button,
            )
        )
        idle = QHBoxLayout()
        idle.addWidget(QLabel("无操作"))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setValue(self.settings.idle_lock_minutes())
        self.idle_minutes.valueChanged.connect(self.settings.set_idle_lock_minutes)
        idle.addWidget(self.idle_minutes)
        idle.addWidget(QLabel("分钟后自动锁定；关闭数据库时也会锁定。"))
        idle.addStretch(1)
        inner.addLayout(idle)
        note = QLabel(BACKUP_NOTE)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        inner.addWidget(note)
        return box

    def _purge_box(self) -> QGroupBox:
        purge_box = QGroupBox("保留期限：可以清除个人信息的记录")
        purge_layout = QVBoxLayout(purge_box)
        explain = QLabel(
            "已过台账规定保留期限的记录，以及回收站中的记录。清除后，这些记录的个人信息"
            "（含修改记录中的）被抹去，记录本身保留，统计数字不变。"
        )
        explain.setWordWrap(True)
        purge_layout.addWidget(explain)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("expired")
        self.table.setHorizontalHeaderLabels(["台账", "记录", "原因"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        purge_layout.addWidget(self.table, 1)
        self.select_all_button = QPushButton("全选")
        self.purge_button = QPushButton("清除所选记录的个人信息……")
        self.count_label = QLabel()
        purge_layout.addLayout(
            button_bar(self.select_all_button, self.purge_button, trailing=self.count_label)
        )
        return purge_box

    def _connect(self) -> None:
        self.set_button.clicked.connect(lambda _c=False: self.set_password())
        self.unlock_button.clicked.connect(lambda _c=False: self.unlock())
        self.lock_button.clicked.connect(lambda _c=False: self.lock_now())
        self.change_button.clicked.connect(lambda _c=False: self.change_password())
        self.renew_button.clicked.connect(lambda _c=False: self.renew_recovery_key())
        self.recover_button.clicked.connect(lambda _c=False: self.recover())
        self.remove_button.clicked.connect(lambda _c=False: self.remove_password())
        self.select_all_button.clicked.connect(lambda _c=False: self.table.selectAll())
        self.purge_button.clicked.connect(lambda _c=False: self.purge_selected())

    # ----- showing -------------------------------------------------------------------------
    @override
    def refresh(self) -> None:
        if self.session is None:
            return
        protection = self.session.protection
        self.status.setText(protection.describe())
        protected, unlocked = protection.protected, protection.unlocked
        self.set_button.setVisible(not protected)
        self.unlock_button.setVisible(protected and not unlocked)
        self.lock_button.setVisible(protected and unlocked)
        self.change_button.setVisible(protected)
        self.change_button.setEnabled(unlocked)
        self.renew_button.setVisible(protected)
        self.renew_button.setEnabled(unlocked)
        self.recover_button.setVisible(protected and not unlocked)
        self.remove_button.setVisible(protected)
        self.remove_button.setEnabled(unlocked)
        self._load_expired()

    def _load_expired(self) -> None:
        """How many records may be purged (SQL counts) and the first ``SHOWN`` of them: the
        rest follow once these are purged."""
        assert self.session is not None
        db, codec = self.session.db, self.session.protection.codec
        page = expired_page.first(db, self.session.forms, codec, date.today(), SHOWN)
        units = unit_choices(db)
        self.due = []
        rows: list[tuple[str, str, str]] = []
        for form, item, record in page.rows:
            title = form.field(form.title_field) if form.title_field else None
            name = (
                display(title, record.values.get(title.id), units, masked=True)
                if title
                else f"#{record.id}"
            )
            self.due.append((form.id, item))
            rows.append((form.title, name, item.reason))
        self.table.setRowCount(len(rows))
        for row, texts in enumerate(rows):
            for column, text in enumerate(texts):
                self.table.setItem(row, column, QTableWidgetItem(text))
        count = f"共 {page.total} 条"
        if page.total > len(rows):
            count += f"，显示前 {len(rows)} 条（清除后显示其余的）"
        self.count_label.setText(count)
        self.purge_button.setEnabled(bool(rows))

    # ----- the password --------------------------------------------------------------------
    def _run(self, action: Callable[[], object], done: str) -> bool:
        """Run a password action here, on the GUI thread, with a busy cursor: it replaces the
        session's connection, which belongs to this thread (a few seconds on a large file)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            action()
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return False
        except OSError as exc:  # the stick pulled while the file was being replaced
            self.message.show_message(
                Level.ERROR, f"无法改写数据库文件（{_why(exc)}）。请检查U盘后重新打开数据库。"
            )
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.message.show_message(Level.INFO, done)
        self.refresh()
        self.protection_changed.emit()
        return True

    def set_password(self) -> str | None:
        if self.session is None:
            return None
        password = self.prompts.ask_new_password(
            "设置数据库密码",
            "设置密码后，个人信息在U盘上加密保存，丢失U盘也不会泄露。请记住密码；"
            "接下来还会给出一个恢复密钥，用于忘记密码时。\n" + operations.EARLIER_COPIES,
        )
        if password is None:
            return None
        session = self.session
        issued: list[operations.KeyIssued] = []
        self.before_rewrite()
        if not self._run(
            lambda: issued.append(operations.set_password(session, password, cost=self.cost)),
            "已设置密码，个人信息已加密，原文件已覆盖。" + operations.EARLIER_COPIES,
        ):
            return None
        key = issued[0].recovery_key
        self._show_key(key)
        self._offer_to_remove_plain_backups()
        return key

    def _show_key(self, key: str) -> None:
        def print_key() -> None:
            self.print_recovery_key(key)

        def save_key() -> None:
            self.save_recovery_key(key)

        self.prompts.show_recovery_key(key, print_key, save_key)

    def _offer_to_remove_plain_backups(self) -> None:
        """Backups made before the password hold personal data in plain text."""
        if self.session is None:
            return
        store, db_id = self.session.backups, self.session.db_id
        now = datetime.now()
        old = [b for b in store.backups(db_id) if b.made_at < now]
        if not old or not self.prompts.confirm(
            "删除未加密的备份",
            f"这台电脑上有 {len(old)} 份设置密码之前的备份，其中的个人信息没有加密。"
            "删除它们吗？（稍后会自动做一份加密的新备份）",
            "删除",
        ):
            return
        removed = store.remove_before(db_id, now)
        self.message.show_message(
            Level.INFO,
            f"已设置密码，个人信息已加密；已删除 {removed} 份未加密的旧备份。"
            + operations.EARLIER_COPIES,
        )

    def _sheet(self, key: str) -> bytes | None:
        """The recovery sheet as PDF bytes, in memory only."""
        assert self.session is not None
        from desktop.reports.pdf.fonts import FontMissing, FontSet
        from desktop.reports.recovery_pdf import recovery_sheet

        try:
            return recovery_sheet(
                key,
                FontSet.discover(),
                township=profile.load(self.session.db).township,
                database=self.session.path.name,
                db_id=self.session.db_id,
            )
        except FontMissing as exc:
            self.message.show_message(Level.ERROR, str(exc))
            return None

    def print_recovery_key(self, key: str) -> PdfPreview | None:
        if self.session is None:
            return None
        sheet = self._sheet(key)
        if sheet is None:
            return None
        from desktop.ui.pdf_preview import PdfPreview

        self.preview = PdfPreview(sheet, "打印恢复密钥", self, name="恢复密钥（未保存到文件）")
        self.preview.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.preview.open()
        return self.preview

    def save_recovery_key(self, key: str) -> Path | None:
        """Save the sheet where the clerk chooses (and warn when that is the stick itself)."""
        if self.session is None:
            return None
        path = self.prompts.save_pdf_path("保存恢复密钥（请存到U盘以外的地方）", "恢复密钥.pdf")
        if path is None:
            return None
        sheet = self._sheet(key)
        if sheet is None:
            return None
        try:
            path.write_bytes(sheet)
        except OSError as exc:
            self.message.show_message(Level.ERROR, f"无法保存：{path}（{_why(exc)}）")
            return None
        if _same_place(path, self.session.path):
            self.message.show_message(
                Level.WARNING,
                f"恢复密钥已保存到 {path}，它和数据库在同一个地方：丢失时会一起丢失，"
                "请移到别处或打印后删除。",
            )
        else:
            self.message.show_message(Level.INFO, f"恢复密钥已保存到 {path}。")
        return path

    def unlock(self) -> bool:
        if self.session is None:
            return False
        # a wrong password is told in the dialog, which stays open for another try
        if not ensure_unlocked(self.session, self.prompts, self.message, "查看和修改个人信息"):
            return False
        self.message.show_message(Level.INFO, "已解锁。")
        self.refresh()
        self.protection_changed.emit()
        return True

    def lock_now(self) -> None:
        if self.session is not None:
            self._run(self.session.protection.lock, "已锁定：个人信息显示为“已加密”。")

    def change_password(self) -> str | None:
        """A new password and a new recovery key (the old key stops working)."""
        if self.session is None:
            return None
        password = self.prompts.ask_new_password(
            "修改数据库密码",
            "输入新密码。修改后会给出新的恢复密钥，以前打印的恢复密钥作废。",
        )
        if password is None:
            return None
        session = self.session
        issued: list[operations.KeyIssued] = []
        self.before_rewrite()
        if not self._run(
            lambda: issued.append(operations.change_password(session, password, cost=self.cost)),
            "已修改密码，并生成了新的恢复密钥；以前的恢复密钥已作废。",
        ):
            return None
        key = issued[0].recovery_key
        self._show_key(key)
        return key

    def renew_recovery_key(self) -> str | None:
        """A new recovery key when the first was never seen (or lost); the password stays."""
        if self.session is None or not self.prompts.confirm(
            "重新生成恢复密钥",
            "生成新的恢复密钥后，以前的恢复密钥（包括已打印的）作废。密码不变。继续吗？",
            "生成",
        ):
            return None
        session = self.session
        issued: list[operations.KeyIssued] = []
        self.before_rewrite()
        if not self._run(
            lambda: issued.append(operations.renew_recovery_key(session)),
            "已生成新的恢复密钥；以前的恢复密钥已作废。",
        ):
            return None
        key = issued[0].recovery_key
        self._show_key(key)
        return key

    def recover(self) -> bool:
        if self.session is None:
            return False
        answer = self.prompts.ask_recovery()
        if answer is None:
            return False
        key, password = answer
        session = self.session
        return self._run(
            lambda: operations.reset_with_recovery(session, key, password, cost=self.cost),
            "已用恢复密钥设置新密码并解锁。",
        )

    def remove_password(self) -> bool:
        if self.session is None or not self.prompts.confirm(
            "取消密码",
            "取消密码后，个人信息将以明文保存在数据库文件中，丢失U盘可能泄露。确定取消吗？",
            "取消密码",
        ):
            return False
        session = self.session
        self.before_rewrite()
        return self._run(
            lambda: operations.remove_password(session), "已取消密码，个人信息不再加密。"
        )

    # ----- purging -------------------------------------------------------------------------
    def purge_selected(self) -> int:
        if self.session is None:
            return 0
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if not rows:
            self.message.show_message(Level.WARNING, "请先选择要清除的记录（可点“全选”）。")
            return 0
        if not self.prompts.confirm(
            "清除个人信息",
            f"清除所选 {len(rows)} 条记录的个人信息（姓名、证件号码、电话、住址等，"
            "含修改记录中的）？清除后无法恢复；记录本身和统计数字保留。",
            "清除",
        ):
            return 0
        chosen: dict[str, list[tuple[int, str]]] = {}
        for row in rows:
            form_id, item = self.due[row]
            chosen.setdefault(form_id, []).append((item.record_id, item.reason))
        session = self.session
        from desktop.operations.registers import purge_personal

        try:
            total = purge_personal(session.db, session.forms, session.protection.codec, chosen)
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return 0
        self.message.show_message(Level.INFO, f"已清除 {total} 条记录的个人信息。")
        self.refresh()
        self.protection_changed.emit()
        return total


def _same_place(saved: Path, database: Path) -> bool:
    """The same drive (Windows) or the same folder: the key would travel with the file."""
    saved, database = saved.absolute(), database.absolute()
    if saved.drive and database.drive:
        return saved.drive.lower() == database.drive.lower()
    return saved.parent == database.parent


def _why(exc: OSError) -> str:
    known = classify_os(exc)
    return known.message if known is not None else "读写失败"
