"""One editor widget per field type, all speaking text: the field type parses what they hold,
so validation is the same here, in the Excel import and in the tests."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.forms.definition import FieldDef
from desktop.forms.field_choices import UnitType
from desktop.forms.fields import UnitChoices

Changed = Callable[[], None]


class FieldEditor(ABC):
    """The editor of one field: ``widget`` to place, ``text()`` / ``set_text()``."""

    widget: QWidget

    def __init__(self, f: FieldDef, changed: Changed) -> None:
        self.field = f
        self.changed = changed

    @abstractmethod
    def text(self) -> str: ...

    @abstractmethod
    def set_text(self, text: str) -> None: ...


class LineEditor(FieldEditor):
    def __init__(self, f: FieldDef, changed: Changed) -> None:
        super().__init__(f, changed)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"field_{f.id}")
        self.edit.setPlaceholderText(f.kind.placeholder)
        limit = f.kind.options.max_length
        if limit:
            self.edit.setMaxLength(limit + 50)  # too long is said inline, not cut silently
        self.edit.textChanged.connect(lambda _text: changed())
        self.widget = self.edit

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)


class MultilineEditor(FieldEditor):
    def __init__(self, f: FieldDef, changed: Changed) -> None:
        super().__init__(f, changed)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName(f"field_{f.id}")
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(72)
        self.edit.textChanged.connect(changed)
        self.widget = self.edit

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)


class ComboEditor(FieldEditor):
    """A choice, yes/no or unit: a list to pick from, blank first (not filled in)."""

    def __init__(self, f: FieldDef, changed: Changed, items: list[str]) -> None:
        super().__init__(f, changed)
        self.combo = QComboBox()
        self.combo.setObjectName(f"field_{f.id}")
        self.all_items = items
        self.combo.addItems(["", *items])
        self.combo.currentIndexChanged.connect(lambda _i: changed())
        self.widget = self.combo

    def text(self) -> str:
        return self.combo.currentText()

    def set_text(self, text: str) -> None:
        if text and self.combo.findText(text) < 0:
            self.combo.addItem(text)  # a value no longer offered (inactive unit, old choice)
        self.combo.setCurrentIndex(max(0, self.combo.findText(text)))

    def offer(self, items: list[str]) -> None:
        """Show only ``items`` (a dependent choice); the current text stays if it is one."""
        current = self.text()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems(["", *items])
        self.combo.setCurrentIndex(max(0, self.combo.findText(current)))
        self.combo.blockSignals(False)


class MultiChoiceEditor(FieldEditor):
    def __init__(self, f: FieldDef, changed: Changed) -> None:
        super().__init__(f, changed)
        self.widget = QWidget()
        self.widget.setObjectName(f"field_{f.id}")
        grid = QGridLayout(self.widget)
        grid.setContentsMargins(0, 0, 0, 0)
        assert f.choice is not None
        self.boxes: list[QCheckBox] = []
        for index, choice in enumerate(f.choice.options.choices):
            box = QCheckBox(choice.label)
            box.toggled.connect(lambda _on: changed())
            grid.addWidget(box, index // 4, index % 4)
            self.boxes.append(box)

    def text(self) -> str:
        return "、".join(b.text() for b in self.boxes if b.isChecked())

    def set_text(self, text: str) -> None:
        chosen = set(text.split("、")) if text else set()
        for box in self.boxes:
            box.setChecked(box.text() in chosen)


def make_editor(f: FieldDef, units: UnitChoices, changed: Changed) -> FieldEditor:
    if f.type_id == "multiline":
        return MultilineEditor(f, changed)
    if f.multiple:
        return MultiChoiceEditor(f, changed)
    if f.choice is not None:
        return ComboEditor(f, changed, [c.label for c in f.choice.options.choices])
    if f.type_id == "bool":
        return ComboEditor(f, changed, ["是", "否"])
    if isinstance(f.kind, UnitType):
        kinds = f.kind.options.unit_kinds
        names = [
            name
            for unit_id, name in units.names.items()
            if unit_id not in units.inactive and (not kinds or units.kinds.get(unit_id) in kinds)
        ]
        return ComboEditor(f, changed, names)
    return LineEditor(f, changed)
