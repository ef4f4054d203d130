"""The 附件 tab of a record's form: the record's files with thumbnails (images, the first page
of a PDF), a preview, 另存为 and 删除. Files are read from and written to the database only
(an encrypted attachment is never written to a temporary file); adding and removing go
through ``operations/registers.py`` and show in the record's history."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.definition import FormDef
from desktop.operations import registers as operations
from desktop.store import attachments
from desktop.store.attachments import Attachment
from desktop.store.database import Database
from desktop.store.errors import StoreError
from desktop.store.vault import Codec
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.prompts import Prompts

THUMB = QSize(96, 96)


def render(data: bytes, mime: str, size: QSize, pages: int = 1) -> list[QImage]:
    """An image, or the first ``pages`` pages of a PDF, scaled to fit ``size``."""
    if mime.startswith("image/"):
        image = QImage.fromData(data)
        if image.isNull():
            return []
        return [
            image.scaled(
                size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        ]
    if mime != "application/pdf":
        return []
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    result = []
    for page in range(min(pages, document.pageCount())):
        points = document.pagePointSize(page)
        scale = min(size.width() / points.width(), size.height() / points.height())
        target = QSize(int(points.width() * scale), int(points.height() * scale))
        result.append(document.render(page, target))
    document.close()
    return result


def _framed(image: QImage) -> QPixmap:
    """A thumbnail centred on a square with a thin frame: every item the same size."""
    canvas = QPixmap(THUMB)
    canvas.fill(QColor("#f4f4f4"))
    painter = QPainter(canvas)
    x = (THUMB.width() - image.width()) // 2
    y = (THUMB.height() - image.height()) // 2
    painter.drawImage(x, y, image)
    painter.setPen(QColor("#b0b0b0"))
    painter.drawRect(x, y, image.width() - 1, image.height() - 1)
    painter.end()
    return canvas


class AttachmentsPanel(QWidget):
    def __init__(
        self,
        db: Database,
        codec: Codec,
        form: FormDef,
        record_id: int | None,
        prompts: Prompts,
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.codec = codec
        self.form = form
        self.record_id = record_id
        self.prompts = prompts
        self.changed = changed
        self.items: list[Attachment] = []
        self.preview: QDialog | None = None
        layout = QVBoxLayout(self)
        self.message = MessageBar()
        layout.addWidget(self.message)
        self.list = QListWidget()
        self.list.setObjectName("attachments")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(170, 150))
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.itemDoubleClicked.connect(lambda _item: self.show_preview())
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("添加附件…")
        self.preview_button = QPushButton("预览")
        self.remove_button = QPushButton("删除附件")
        for button in (self.add_button, self.preview_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        cap = attachments.megabytes(attachments.MAX_FILE)
        note = QLabel(f"每个附件不超过 {cap}；照片、签到表、会议纪要、扫描件随数据库一起保存。")
        note.setStyleSheet("color: #666")
        buttons.addWidget(note)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda _c=False: self.add())
        self.preview_button.clicked.connect(lambda _c=False: self.show_preview())
        self.remove_button.clicked.connect(lambda _c=False: self.remove())
        self.refresh()

    def _files(self) -> attachments.Attachments:
        return attachments.Attachments(self.db, self.form, self.codec)

    def refresh(self) -> None:
        self.list.clear()
        enabled = self.record_id is not None
        self.add_button.setEnabled(enabled)
        if self.record_id is None:
            self.message.show_message(Level.INFO, "保存这条记录后即可添加附件。")
            self.items = []
            return
        files = self._files()
        self.items = files.list(self.record_id)
        for item in self.items:
            entry = QListWidgetItem(f"{item.name}（{attachments.megabytes(item.size)}）")
            entry.setIcon(self._icon(files, item))
            entry.setToolTip(f"{item.name}（{item.added_at} 添加）")
            self.list.addItem(entry)
        if self.items:
            self.list.setCurrentRow(0)

    def _icon(self, files: attachments.Attachments, item: Attachment) -> QIcon:
        if item.previewable and not self.codec.locked:
            try:
                images = render(files.data(item.id), item.mime, THUMB)
            except StoreError:
                images = []
            if images:
                return QIcon(_framed(images[0]))
        return self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def selected(self) -> Attachment | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def add(self) -> bool:
        if self.record_id is None:
            return False
        path = self.prompts.open_attachment_path()
        if path is None:
            return False
        try:
            operations.add_attachment(self.db, self.form, self.codec, self.record_id, path)
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return False
        self.message.show_message(Level.INFO, f"已添加附件“{path.name}”。")
        self.refresh()
        self.changed()
        return True

    def remove(self) -> bool:
        item = self.selected()
        if item is None:
            return False
        if not self.prompts.confirm("删除附件", f"确定删除附件“{item.name}”吗？", "删除"):
            return False
        operations.remove_attachment(self.db, self.form, self.codec, item.id)
        self.refresh()
        self.changed()
        return True

    def show_preview(self) -> QDialog | None:
        item = self.selected()
        if item is None or not item.previewable:
            return None
        try:
            images = render(self._files().data(item.id), item.mime, QSize(900, 1200), pages=5)
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return None
        dialog = QDialog(self)
        dialog.setWindowTitle(f"附件：{item.name}")
        dialog.resize(760, 820)
        scroll = QScrollArea()
        inner = QWidget()
        pages = QVBoxLayout(inner)
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            pages.addWidget(label)
        scroll.setWidget(inner)
        layout = QVBoxLayout(dialog)
        layout.addWidget(scroll)
        dialog.open()
        self.preview = dialog
        return dialog
