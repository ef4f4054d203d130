"""The 工作台账 page's filter bar: search, date range, the bin, one drop-down per filter field
(a ``choices`` field filters by each choice), and the query they make. A mixin of
``RegistersPage``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.forms.definition import FormDef
from desktop.forms.fields import FieldError, UnitChoices
from desktop.forms.listing import Query
from desktop.ui.message_bar import Level, MessageBar


class RegisterFilters:
    # provided by the page
    form: FormDef | None
    units: UnitChoices
    message: MessageBar
    heading: QLabel
    filter_boxes: dict[str, QComboBox]
    apply_filters: Callable[[], None]

    def _filter_bar(self) -> QVBoxLayout:
        #: only these records: the home page's reminder opened the register on them
        self.only_ids: frozenset[int] | None = None
        self.search = QLineEdit()
        self.search.setObjectName("register_search")
        self.search.setPlaceholderText("搜索：姓名、内容、单位……")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.date_from = QLineEdit()
        self.date_to = QLineEdit()
        for edit, hint in ((self.date_from, "起始日期"), (self.date_to, "截止日期")):
            edit.setPlaceholderText(hint)
            edit.setFixedWidth(96)
        self.trash = QCheckBox("回收站")
        self.trash.setToolTip("显示已删除的记录，可恢复")
        self.clear_button = QPushButton("清除筛选")
        # two rows: search, dates and the bin; then one list per filter field
        rows = QVBoxLayout()
        first = QHBoxLayout()
        first.addWidget(self.search, 1)
        self.date_label = QLabel()
        self.date_to_label = QLabel("至")
        for widget in (self.date_label, self.date_from, self.date_to_label, self.date_to):
            first.addWidget(widget)
        first.addWidget(self.clear_button)
        first.addWidget(self.trash)
        self.filter_slot = QHBoxLayout()
        second = QHBoxLayout()
        second.addLayout(self.filter_slot)
        second.addStretch(1)
        rows.addLayout(first)
        rows.addLayout(second)
        return rows

    def _build_filters(self) -> None:
        while self.filter_slot.count():
            item = self.filter_slot.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # off the page now, not at the next event
                widget.deleteLater()
        self.filter_boxes = {}
        form = self.form
        if form is None:
            return
        self.heading.setText(form.title)
        ids = list(form.filters)
        if form.unit_field and form.unit_field not in ids:
            ids.append(form.unit_field)
        for field_id in ids:
            combo = QComboBox()
            combo.setObjectName(f"filter_{field_id}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.filter_boxes[field_id] = combo
            self.filter_slot.addWidget(combo)
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        has_date = form.date_field is not None
        self.date_label.setText(form.field(form.date_field).label if form.date_field else "")
        for widget in (self.date_label, self.date_from, self.date_to_label, self.date_to):
            widget.setVisible(has_date)

    def _fill_filter_choices(self) -> None:
        """Each filter lists its choices (units: those of the right kinds), blank = all."""
        if self.form is None:
            return
        for field_id, combo in self.filter_boxes.items():
            f = self.form.field(field_id)
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(f"全部{f.label}", None)
            if f.choice is not None:
                for choice in f.choice.options.choices:
                    combo.addItem(choice.label, choice.value)
            elif f.type_id == "bool":
                combo.addItem(f"{f.label}：是", True)
                combo.addItem(f"{f.label}：否", False)
            else:
                kinds = f.kind.options.unit_kinds
                for unit_id, name in self.units.names.items():
                    if not kinds or self.units.kinds.get(unit_id) in kinds:
                        combo.addItem(name, unit_id)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def query(self) -> Query:
        equals = {
            field_id: combo.currentData()
            for field_id, combo in self.filter_boxes.items()
            if combo.currentData() is not None
        }
        return Query(
            text=self.search.text(),
            equals=equals,
            date_from=self._date(self.date_from),
            date_to=self._date(self.date_to),
            ids=self.only_ids,
        )

    def _date(self, edit: QLineEdit) -> str | None:
        if self.form is None or self.form.date_field is None or not edit.text().strip():
            return None
        try:
            value = self.form.field(self.form.date_field).kind.parse(edit.text())
        except FieldError as exc:
            self.message.show_message(Level.WARNING, f"{edit.placeholderText()}：{exc}")
            return None
        return str(value)

    def show_records(self, record_ids: Sequence[int]) -> None:
        """The register filtered to these records, every other filter cleared."""
        self.clear_filters(only=frozenset(record_ids))

    def clear_filters(self, only: frozenset[int] | None = None) -> None:
        self.blank_filters(only)
        self.apply_filters()

    def blank_filters(self, only: frozenset[int] | None = None) -> None:
        """Search, dates and drop-downs emptied, without filtering yet."""
        self.only_ids = only
        for widget in (self.search, self.date_from, self.date_to):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        for combo in self.filter_boxes.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
