"""工作台账: every register declared in ``forms/``, one list page built from its definition.

Left, the registers with their counts; right, the chosen register's list with search, filters
(its choice fields, a unit, a date range), sortable columns, the recycle bin, and its exports:
Excel (masked), 完整导出 (full, audited), import of a full export, PDF listing and print.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.definition import FormDef, Record
from desktop.forms.fields import UnitChoices
from desktop.forms.listing import list_fields
from desktop.forms.loader import FormSet
from desktop.operations import Changes
from desktop.operations import registers as registers_ops
from desktop.store.errors import StoreError
from desktop.store.register_pages import RegisterPages, SearchMemory
from desktop.store.registers import RegisterStore
from desktop.store.session import Session
from desktop.store.units import unit_choices
from desktop.ui import override
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.pages import Page
from desktop.ui.pdf_preview import PdfPreview
from desktop.ui.prompts import Prompts
from desktop.ui.record_dialog import RecordDialog
from desktop.ui.register_filters import RegisterFilters
from desktop.ui.register_model import RegisterModel
from desktop.ui.register_outputs import RegisterOutputs
from desktop.ui.register_table import RegisterTable
from desktop.ui.runner import TaskRunner
from desktop.ui.scratch import ScratchFolder
from desktop.ui.settings import Settings
from desktop.ui.unlock import ensure_unlocked
from desktop.ui.widgets import fit_first_pane

SEARCH_DELAY_MS = 250


class RegistersPage(RegisterOutputs, RegisterFilters, Page):
    page_id = "registers"
    title = "工作台账"
    changed = Signal()  # a record was saved, deleted, restored or imported
    unlocked = Signal()  # the clerk gave the password here
    #: the database and its change stamp when ``units`` were read
    _units_read: tuple[object, tuple[int, int]] | None = None
    #: the register and units the filter drop-downs were filled for
    _filled: tuple[FormDef | None, UnitChoices] | None = None

    def __init__(
        self,
        forms: FormSet,
        prompts: Prompts,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
        settings: Settings | None = None,  # keeps the column widths across restarts
    ) -> None:
        super().__init__(parent)
        self.forms = forms
        self.toml_problems = list(forms.problems)
        self.prompts = prompts
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self.form: FormDef | None = forms.forms[0] if forms.forms else None
        self.units = UnitChoices()
        #: the list's reads (live records or the bin) and how many records it holds
        self.pages: RegisterPages | None = None
        #: encrypted fields' decoded text for the search, kept between reads of the list
        self.search_memory = SearchMemory()
        self.total = 0
        #: the database and its change stamp when the register list's counts were made
        self._counted: tuple[object, tuple[int, int]] | None = None
        self.dialog: RecordDialog | None = None
        self.preview: PdfPreview | None = None
        self.scratch = ScratchFolder("registers")
        self.filter_boxes: dict[str, QComboBox] = {}

        self.splitter = splitter = QSplitter()
        self._list_dragged = False  # the clerk sized the register list herself
        splitter.splitterMoved.connect(self._on_splitter_moved)
        self.register_list = QListWidget()
        self.register_list.setObjectName("register_list")
        self.register_list.setMinimumWidth(130)
        self._fill_register_list()
        splitter.addWidget(self.register_list)

        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addLayout(self._toolbar())
        layout.addLayout(self._filter_bar())
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.model = RegisterModel(self)
        self.table = RegisterTable(self.model, settings)
        self.view = self.table.view
        self.view.installEventFilter(self)
        layout.addWidget(self.view, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([160, 1000])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.problems = MessageBar()
        self.problems.setObjectName("form_problems")
        self._show_problems([str(p) for p in forms.problems], [])
        outer.addWidget(self.problems)
        outer.addWidget(splitter, 1)

        self._connect()
        if forms.forms:
            self.register_list.setCurrentRow(0)

    def _toolbar(self) -> QHBoxLayout:
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.add_button = QPushButton("新增(&N)")
        self.edit_button = QPushButton("编辑……")
        self.delete_button = QPushButton("删除")
        self.restore_button = QPushButton("恢复")
        self.import_button = QPushButton("导入……")
        self.output_button = QPushButton("导出与打印")
        menu = QMenu(self.output_button)
        self.excel_action = menu.addAction("导出Excel（个人信息脱敏）……")
        self.full_action = menu.addAction("完整导出Excel（含个人信息，可修改后导入）……")
        menu.addSeparator()
        self.pdf_action = menu.addAction("导出PDF……")
        self.print_action = menu.addAction("打印预览……")
        self.output_button.setMenu(menu)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        for button in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.restore_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.import_button)
        bar.addWidget(self.output_button)
        return bar

    def _connect(self) -> None:
        self.message.action_triggered.connect(lambda: self.unlock("查看个人信息"))
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        for edit in (self.date_from, self.date_to):
            edit.editingFinished.connect(self.apply_filters)
        self.trash.toggled.connect(lambda _on: self._load())
        self.clear_button.clicked.connect(lambda _c=False: self.clear_filters())
        self.register_list.currentRowChanged.connect(self._on_register_chosen)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button.clicked.connect(lambda _c=False: self.new_record())
        self.edit_button.clicked.connect(lambda _c=False: self.edit_selected())
        self.delete_button.clicked.connect(lambda _c=False: self.delete_selected())
        self.restore_button.clicked.connect(lambda _c=False: self.restore_selected())
        self.excel_action.triggered.connect(lambda _c=False: self.export_excel(full=False))
        self.full_action.triggered.connect(lambda _c=False: self.export_excel(full=True))
        self.import_button.clicked.connect(lambda _c=False: self.import_excel())
        self.pdf_action.triggered.connect(lambda _c=False: self.export_pdf())
        self.print_action.triggered.connect(lambda _c=False: self.print_preview())

    # ----- session and register choice ----------------------------------------------------
    def _fill_register_list(self) -> None:
        self._counted = None
        self.register_list.blockSignals(True)
        self.register_list.clear()
        for form in self.forms.forms:
            item = QListWidgetItem(form.title)
            item.setData(Qt.ItemDataRole.UserRole, form.id)
            self.register_list.addItem(item)
        self.register_list.blockSignals(False)

    def _show_problems(self, problems: list[str], notes: list[str]) -> None:
        """Forms that could not be read or whose change was refused; older files not used."""
        text = ""
        if problems:
            text = "以下台账定义有误或其修改会丢失数据，未采用（其余台账不受影响）：\n"
            text += "\n".join(problems)
        if notes:
            text += ("\n" if text else "") + "\n".join(notes)
        if text:
            self.problems.show_message(Level.WARNING, text)
        else:
            self.problems.clear()

    def _use_forms(self, forms: FormSet, notes: list[str]) -> None:
        """The registers of the open file: its stored definitions where this PC lacks the TOML."""
        current = self.form.id if self.form is not None else None
        self.forms = forms
        self._fill_register_list()
        self._show_problems([str(p) for p in forms.problems], notes)
        ids = forms.ids()
        self.form = None
        if ids:
            self.register_list.setCurrentRow(ids.index(current) if current in ids else 0)

    @override
    def set_session(self, session: Session | None) -> None:
        super().set_session(session)
        if session is not None:
            problems = [*self.toml_problems, *session.registers.problems]
            self._use_forms(FormSet(list(session.forms), problems), session.registers.notes)
        if session is None:
            self.model.clear()
            self.pages = None
            self.search_memory.clear()
            self.scratch.remove()

    @override
    def reset(self) -> None:
        """A search typed or a filter set in another database does not follow the clerk."""
        super().reset()
        self.trash.blockSignals(True)
        self.trash.setChecked(False)
        self.trash.blockSignals(False)
        self.model.sort_column = None
        self.blank_filters()

    def trash_checked(self) -> bool:
        return self.trash.isChecked()

    def store(self) -> RegisterStore | None:
        if self.session is None or self.form is None:
            return None
        return RegisterStore(self.session.db, self.form, self.session.protection.codec)

    def _personal(self) -> bool:
        """Whether this register holds personal data (so a locked database hides some)."""
        form = self.form
        return form is not None and (
            bool(form.sensitive_fields) or any(f.sensitive for s in form.subforms for f in s.fields)
        )

    def unlock(self, why: str) -> bool:
        """Ask for the password when personal data is needed; refresh the list after."""
        if self.session is None:
            return False
        if not self._personal() or not self.session.protection.codec.locked:
            return True
        if not ensure_unlocked(self.session, self.prompts, self.message, why):
            return False
        self.refresh()
        self.unlocked.emit()
        return True

    def show_register(self, form_id: str) -> None:
        for row in range(self.register_list.count()):
            if self.register_list.item(row).data(Qt.ItemDataRole.UserRole) == form_id:
                self.register_list.setCurrentRow(row)
                return

    def _on_register_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.forms.forms):
            return
        self.form = self.forms.forms[row]
        self.model.sort_column = None
        self.only_ids = None
        self._filled = None
        self._build_filters()
        self.refresh()

    # ----- reading -------------------------------------------------------------------------
    @override
    def refresh(self) -> None:
        if self.session is None:
            return
        read = (self.session.db, self.session.db.change_stamp())
        if self._units_read != read:  # else: as read before, nothing was written since
            self.units, self._units_read = unit_choices(read[0]), read
        self._update_counts()
        if self._filled != (self.form, self.units):  # a refill relays out, repaints the page
            self._fill_filter_choices()
            self._filled = (self.form, self.units)
        self._load()

    def _update_counts(self) -> None:
        """The register list's counts, read again only when something was written."""
        if self.session is None:
            return
        counted = (self.session.db, self.session.db.change_stamp())
        last = self._counted
        if last is not None and last[0] is counted[0] and last[1] == counted[1]:
            return
        self._counted = counted
        for row, form in enumerate(self.forms.forms):
            count = RegisterStore(self.session.db, form, self.session.protection.codec).count()
            item = self.register_list.item(row)
            item.setText(f"{form.title}（{count}）")
            item.setToolTip(item.text())
        if not self._list_dragged:  # every name whole, the rest of the width to the records
            fit_first_pane(self.splitter, self.register_list)

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._list_dragged = True  # from now on the register list keeps the width she gave it

    def _load(self) -> None:
        store = self.store()
        if store is None or self.form is None:
            return
        trash = self.trash.isChecked()
        self.pages = RegisterPages(
            store,
            self.units,
            list_fields(self.form),
            deleted=trash,
            memory=self.search_memory,  # the search itself is made at the first search
        )
        self.total = self.pages.count()
        self.model.set_pages(self.pages, self.query())
        if self.model.matched():
            self.model.record_at(0)  # the first page, read now: a damaged value is noted below
        self._after_filter()
        self.table.fit()
        if self.session is not None and self._personal() and self.session.protection.codec.locked:
            self.message.show_message(
                Level.INFO,
                "个人信息已加密，显示为“已加密”；查看、修改或完整导出时需要输入密码。",
                "解锁……",
                cause="locked",
            )
        elif store.sensitive.damaged:
            self.message.show_message(
                Level.ERROR,
                f"有 {store.sensitive.damaged} 项个人信息无法解密（显示为“无法解密”）："
                "数据已损坏或被改动过。其他内容不受影响；可从“数据库”页的备份恢复。",
            )
        else:
            self.message.clear_cause("locked")  # unlocked: the note's cause is gone
        self.delete_button.setVisible(not trash)
        self.restore_button.setVisible(trash)
        self.add_button.setEnabled(not trash)

    def apply_filters(self) -> None:
        self.search_timer.stop()
        self.message.clear()
        self.model.apply(self.query())
        self._after_filter()

    def _after_filter(self) -> None:
        total = self.total if self.pages is not None else 0
        shown = self.model.matched()
        where = "回收站中" if self.trash.isChecked() else "共"
        text = f"{where} {total} 条" if shown == total else f"{where} {total} 条，显示 {shown} 条"
        if self.only_ids is not None:
            text += "（首页提醒的记录，点“清除筛选”显示全部）"
        self.count_label.setText(text)

    def selected(self) -> Record | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def select_record(self, record_id: int) -> None:
        row = self.model.row_of(record_id)
        if row is not None:
            self.model.fetch_to(row)
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    # ----- editing -------------------------------------------------------------------------
    def new_record(self) -> RecordDialog | None:
        return self._open_dialog(None)

    def edit_selected(self) -> RecordDialog | None:
        record = self.selected()
        if record is None or self.trash.isChecked():
            return None
        return self._open_dialog(record)

    def _open_dialog(self, record: Record | None) -> RecordDialog | None:
        if not self.unlock("查看和修改个人信息"):
            return None
        store = self.store()
        if store is None:
            return None
        if record is not None:
            try:  # fresh, in case it changed since the list was read
                record = store.get(record.id)
            except StoreError as exc:
                self.message.show_message(Level.ERROR, describe(exc))
                return None
        self.dialog = RecordDialog(store, self.units, self.prompts, record, self)
        self.dialog.saved.connect(self._on_saved)
        self.dialog.open()
        return self.dialog

    def _on_saved(self, record_id: int) -> None:
        self.changed.emit()
        self._update_counts()
        self._load()
        self.select_record(record_id)
        self.view.setFocus()  # the keys (arrows, Enter, Delete) go on with the list
        name = self.form.record_name if self.form else "记录"
        self.message.show_message(Level.INFO, f"已保存{name}。")

    def delete_selected(self) -> None:
        record, session, form = self.selected(), self.session, self.form
        if record is None or session is None or form is None:
            return
        name = form.record_name
        if not self.prompts.confirm(
            f"删除{name}",
            f"把选中的{name}移入回收站吗？\n在回收站中可以恢复。",
            "删除",
        ):
            return
        codec = session.protection.codec
        self._write(
            lambda: registers_ops.delete_record(session.db, form, codec, record.id),
            "已移入回收站。勾选“回收站”可恢复。",
        )

    def restore_selected(self) -> None:
        record, session, form = self.selected(), self.session, self.form
        if record is None or session is None or form is None:
            return
        codec = session.protection.codec
        self._write(
            lambda: registers_ops.restore_record(session.db, form, codec, record.id), "已恢复。"
        )

    def _write(self, action: object, done: str) -> bool:
        assert callable(action)
        try:
            changes = action()
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return False
        if isinstance(changes, Changes):  # an operation's (the home page refreshes)
            self.operation_done.emit(changes)
        self.changed.emit()
        self._update_counts()
        self._load()
        self.view.setFocus()  # on the record that took the deleted (restored) one's line
        self.message.show_message(Level.INFO, done)
        return True

    def _handle_key(self, event: QKeyEvent) -> bool:
        """Ctrl+N adds, Enter opens the row, Delete deletes (asks first); True when ours."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers()
        if enter and self.selected() is not None and not self.trash.isChecked():
            self.edit_selected()
            return True
        if event.matches(QKeySequence.StandardKey.New):
            self.new_record()
            return True
        if event.matches(QKeySequence.StandardKey.Delete) and not self.trash.isChecked():
            self.delete_selected()
            return True
        return False

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+N from anywhere on the page. Enter and Delete reach here from the search or a
        date box (which searches on Enter): they act on the selected record only in the list."""
        if event.matches(QKeySequence.StandardKey.New):
            self.new_record()
        else:
            super().keyPressEvent(event)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The list's own keys: the table would otherwise keep Delete to itself."""
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._handle_key(event)
        return super().eventFilter(watched, event)

    @override
    def can_leave(self) -> bool:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reject()
            return not self.dialog.isVisible()
        return True
