"""A table cell picked from a list of choices (a sub-record's choice field)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from desktop.ui import override


class ChoiceDelegate(QStyledItemDelegate):
    """A sub-record's choice cell is picked from its list (typing still works)."""

    def __init__(self, labels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels

    @override
    def createEditor(self, parent: QWidget, option: object, index: object) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(["", *self.labels])
        return combo

    @override
    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data() or ""))

    @override
    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText())
