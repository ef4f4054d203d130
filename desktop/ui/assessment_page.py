"""年度考核: the units of one scheme × its items for the year. Automatic items are filled from
the year's data; manual items (考评分, 自评分, 说明) are typed with the unit form's keyboard
(Enter down, Tab right, Ctrl+V a column from Excel, Ctrl+S saves); totals, grade and rank
follow every keystroke. A locked year is read-only."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.assessment import NOT_TAKING_PART, Entry, UnitFacts, UnitScore, assess
from desktop.domain.assessment_scheme import Scheme, SchemeError, default_schemes, schemes_stamp
from desktop.operations import assessment as ops
from desktop.store import assessment
from desktop.store.errors import StoreError
from desktop.ui import override
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.sheet_view import SheetView
from desktop.ui.year_page import YearPage

Index = QModelIndex | QPersistentModelIndex
MODES = {"score": "考评分", "self_score": "自评分", "note": "说明"}
#: the result first, beside the unit, in sight however many items the scheme has (the 20
#: columns of a member units' scheme pushed 总分 and 等次 off a 1366-pixel screen); then the
#: items, then how the total came about
LEAD = ("名次", "单位", "总分", "等次")
GRADE_COLUMN = LEAD.index("等次")
TAIL = ("基本分", "加分", "扣分", "备注")
MANUAL_BACKGROUND = QColor("#fffbe6")
SCORE_ROOM = 44  # pixels
GRADE_COLOURS = {"missed": QColor("#fde2e1"), "best": QColor("#d9f2dd")}


#: full-width digits typed with a Chinese input method read as digits
_WIDE = str.maketrans("０１２３４５６７８９", "0123456789")


def _shown(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}".rstrip("0").rstrip(".")


class ScoresModel(QAbstractTableModel):
    """Rows: the scheme's units; columns: ``LEAD``, the items, then ``TAIL``. Edits are held
    until saved and scored at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheme: Scheme | None = None
        self.facts: list[UnitFacts] = []
        self.saved: dict[int, dict[str, Entry]] = {}
        self.edits: dict[tuple[int, str], Entry] = {}
        self.scores: dict[int, UnitScore] = {}
        self.mode = "score"
        self.read_only = False

    def load(
        self, scheme: Scheme | None, facts: list[UnitFacts], saved: dict[int, dict[str, Entry]]
    ) -> None:
        self.beginResetModel()
        self.scheme = scheme
        self.facts = [f for f in facts if scheme is not None and f.kind in scheme.unit_kinds]
        self.saved = saved
        self.edits = {}
        self._score()
        order = {s.facts.unit_id: n for n, s in enumerate(self._ranked())}
        self.facts.sort(key=lambda f: order.get(f.unit_id, 0))
        self.endResetModel()

    def entry(self, unit_id: int, item_id: str) -> Entry:
        found = self.edits.get((unit_id, item_id))
        return found if found is not None else self.saved.get(unit_id, {}).get(item_id, Entry())

    def _entries(self) -> dict[int, dict[str, Entry]]:
        merged = {unit: dict(items) for unit, items in self.saved.items()}
        for (unit, item), entry in self.edits.items():
            merged.setdefault(unit, {})[item] = entry
        return merged

    def _ranked(self) -> list[UnitScore]:
        if self.scheme is None:
            return []
        return assess(self.scheme, self.facts, self._entries())

    def _score(self) -> None:
        self.scores = {s.facts.unit_id: s for s in self._ranked()}

    # ----- Qt model ---------------------------------------------------------------------------
    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.facts)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self.scheme is None:
            return 0
        return len(LEAD) + len(self.scheme.items) + len(TAIL)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or self.scheme is None:
            return None
        items = self.scheme.items
        if role == Qt.ItemDataRole.DisplayRole:
            if section < len(LEAD):
                return LEAD[section]
            if section < len(LEAD) + len(items):
                item = items[section - len(LEAD)]
                name = "\n".join(item.name[i : i + 4] for i in range(0, len(item.name), 4))
                return name if item.kind == "veto" else f"{name}\n（{item.points:g}）"
            return TAIL[section - len(LEAD) - len(items)]
        if role == Qt.ItemDataRole.ToolTipRole and len(LEAD) <= section < len(LEAD) + len(items):
            return items[section - len(LEAD)].basis
        return None

    def _item_at(self, column: int) -> int | None:
        assert self.scheme is not None
        index = column - len(LEAD)
        return index if 0 <= index < len(self.scheme.items) else None

    @override
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        position = self._item_at(index.column()) if self.scheme else None
        if self.read_only or position is None or self.scheme is None:
            return base
        if self.scheme.items[position].rule == "manual":
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.scheme is None:
            return None
        facts = self.facts[index.row()]
        score = self.scores[facts.unit_id]
        position = self._item_at(index.column())
        if position is not None:
            return self._item_data(score, position, role)
        column = index.column()
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._grade_colour(score) if column == GRADE_COLUMN else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return str(score.rank) if score.taking_part else "—"
        if column == 1:
            return facts.name
        if column < len(LEAD):
            return self._result_text(score, column)
        return self._tail_text(score, column - len(LEAD) - len(self.scheme.items))

    def _grade_colour(self, score: UnitScore) -> QBrush | None:
        assert self.scheme is not None
        if not score.taking_part:
            return None
        if score.vetoed or score.grade == self.scheme.grades[-1].name:
            return QBrush(GRADE_COLOURS["missed"])
        if score.grade == self.scheme.grades[0].name:
            return QBrush(GRADE_COLOURS["best"])
        return None

    @staticmethod
    def _result_text(score: UnitScore, column: int) -> str:
        if not score.taking_part:
            return NOT_TAKING_PART if column == GRADE_COLUMN else ""
        return score.grade if column == GRADE_COLUMN else _shown(score.total)

    @staticmethod
    def _tail_text(score: UnitScore, tail: int) -> str:
        if not score.taking_part:
            return ""
        values = (score.base, score.bonus, score.deduction)
        if tail < len(values):
            return _shown(values[tail])
        notes = ["一票否决"] if score.vetoed else []
        if score.pending:
            notes.append(f"{score.pending}项待考评")
        return "；".join(notes)

    def _item_data(self, score: UnitScore, position: int, role: int) -> object:
        item_score = score.items[position]
        item = item_score.item
        if role == Qt.ItemDataRole.BackgroundRole:
            editable = item.rule == "manual" and not self.read_only
            return QBrush(MANUAL_BACKGROUND) if editable else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return item_score.detail or item.basis
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if item.rule == "manual":
            entry = self.entry(score.facts.unit_id, item.id)
            if self.mode == "note":
                return entry.note
            value = entry.self_score if self.mode == "self_score" else entry.score
            if role == Qt.ItemDataRole.EditRole:
                return _shown(value)
            if value is None:
                return "待评" if item.kind == "score" and item_score.applies else ""
            return ("否决" if value else "") if item.kind == "veto" else _shown(value)
        if not item_score.applies:
            return "不适用"
        return _shown(item_score.points)

    @override
    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        position = self._item_at(index.column()) if self.scheme else None
        if role != Qt.ItemDataRole.EditRole or position is None or self.scheme is None:
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        item = self.scheme.items[position]
        unit_id = self.facts[index.row()].unit_id
        entry = self.entry(unit_id, item.id)
        text = str(value).strip()
        if self.mode == "note":
            entry = replace(entry, note=text)
        else:
            try:
                number = None if not text else float(text.replace("．", ".").translate(_WIDE))
            except ValueError:
                return False
            if number is not None and not 0 <= number <= item.points:
                return False
            if self.mode == "self_score":
                entry = replace(entry, self_score=number)
            else:
                entry = replace(entry, score=number)
        self.edits[(unit_id, item.id)] = entry
        self._score()
        last = self.index(self.rowCount() - 1, self.columnCount() - 1)
        self.dataChanged.emit(self.index(0, 0), last)
        return True


class AssessmentPage(YearPage):
    page_id = "assessment"
    title = "年度考核"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schemes: list[Scheme] = []
        self.scheme_combo = QComboBox()
        self.mode_combo = QComboBox()
        for key, label in MODES.items():
            self.mode_combo.addItem(label, key)
        self.save_button = QPushButton("保存（Ctrl+S）")
        self.message = MessageBar()
        self.hint = QLabel(
            "黄色格为手工评分项：直接输入分数，回车到下一行，Tab到右侧，Ctrl+S 保存；"
            "一票否决项输入 1 表示否决。白色格按本年度数据自动计分。"
        )
        self.hint.setWordWrap(True)
        self.model = ScoresModel(self)
        self.view = SheetView()
        self.view.setModel(self.model)
        self.view.setObjectName("assessment_table")
        self.view.save_requested.connect(self.save)
        bar = self.year_bar()
        bar.addWidget(QLabel("方案："))
        bar.addWidget(self.scheme_combo)
        bar.addWidget(QLabel("录入："))
        bar.addWidget(self.mode_combo)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.scheme_combo.currentIndexChanged.connect(lambda _i: self._show_scheme())
        self.mode_combo.currentIndexChanged.connect(lambda _i: self._on_mode())
        self.save_button.clicked.connect(lambda _c=False: self.save())
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._facts: list[UnitFacts] = []

    @override
    def can_leave(self) -> bool:
        """Unsaved scores are saved before the database closes; a score that cannot be saved
        keeps it open (the message says why)."""
        return not self.model.edits or self.save()

    @override
    def files(self) -> object:
        return schemes_stamp()  # the clerk's own schemes in her data folder

    @override
    def _load(self) -> None:
        year = self.year_combo.year()
        if self.session is None or year is None:
            self.model.load(None, [], {})
            return
        db = self.session.db
        try:
            self.schemes = assessment.schemes_for(db, year, default_schemes())
        except SchemeError as exc:
            self.message.show_message(Level.ERROR, f"考核方案有误：{exc}")
            self.schemes = []
        current = self.scheme_combo.currentData()
        self.scheme_combo.blockSignals(True)
        self.scheme_combo.clear()
        for scheme in self.schemes:
            self.scheme_combo.addItem(scheme.title, scheme.id)
        found = self.scheme_combo.findData(current)
        self.scheme_combo.setCurrentIndex(max(found, 0))
        self.scheme_combo.blockSignals(False)
        self._facts = assessment.unit_facts(
            db,
            year,
            self.session.forms,
            assessment.registers_of(self.schemes),
            self.session.protection.codec,
        )
        self.model.read_only = ops.year_locked(db, year)
        self.save_button.setEnabled(not self.model.read_only)
        if self.model.read_only:
            self.message.show_message(Level.INFO, f"{year}年度已锁定，考核分数只能查看。")
        self._show_scheme()

    def scheme(self) -> Scheme | None:
        wanted = self.scheme_combo.currentData()
        return next((s for s in self.schemes if s.id == wanted), None)

    def _show_scheme(self) -> None:
        year = self.year_combo.year()
        saved = assessment.entries(self.session.db, year) if self.session and year else {}
        self.model.load(self.scheme(), self._facts, saved)
        # each column as wide as its texts (an item's name wraps at four characters a line),
        # none narrower than room to type a score: a member units' scheme fits 1366 pixels
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            if self.view.columnWidth(column) < SCORE_ROOM:
                self.view.setColumnWidth(column, SCORE_ROOM)

    def _on_mode(self) -> None:
        self.model.beginResetModel()
        self.model.mode = str(self.mode_combo.currentData())
        self.model.endResetModel()

    def save(self) -> bool:
        year = self.year_combo.year()
        if self.session is None or year is None or not self.model.edits:
            return False
        edits = [(unit, item, entry) for (unit, item), entry in self.model.edits.items()]
        try:
            ops.save_scores(self.session.db, year, edits, default_schemes())
        except (ops.AssessmentError, SchemeError) as exc:
            self.message.show_message(Level.WARNING, str(exc))
            return False
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return False
        self.message.show_message(Level.INFO, f"已保存 {len(edits)} 项评分。")
        self._show_scheme()
        return True
