"""工作台账 with the register engine v2: a record's 附件 tab (thumbnail, preview, history) and a
register shown from the definition stored in the file, with a refused change named."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from desktop.forms.loader import load_dirs, parse_form
from desktop.paths import backups_dir
from desktop.store.backup import BackupStore
from desktop.store.session import Session
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.forms.helpers import FIXTURE_FORMS
from tests.helpers.qt import ScriptedPrompts
from tests.ui.test_register_page import fill, open_register

SHOTS = Path(__file__).parent.parent.parent / "build" / "screenshots"


def photo(path: Path) -> Path:
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#f3d9a4"))
    painter = QPainter(image)
    painter.fillRect(40, 40, 240, 120, QColor("#c0392b"))
    painter.end()
    image.save(str(path))
    return path


def pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.setFont("Helvetica", 28)
    page.drawString(72, 720, "Sign-in sheet 2026-03-08")
    page.rect(72, 400, 400, 250)
    page.save()
    return path


def window_with(
    qtbot: QtBot, data_dir: Path, forms_dir: Path, prompts: ScriptedPrompts
) -> MainWindow:
    win = MainWindow(
        Settings(data_dir),
        BackupStore(backups_dir(data_dir)),
        prompts,
        pc="pc",
        forms=load_dirs([forms_dir]),
    )
    qtbot.addWidget(win)
    win.show()
    return win


def test_a_record_gets_attachments_with_thumbnails_preview_and_history(
    qtbot: QtBot, data_dir: Path, db_path: Path, tmp_path: Path
) -> None:
    prompts = ScriptedPrompts()
    win = window_with(qtbot, data_dir, FIXTURE_FORMS, prompts)
    try:
        page = open_register(qtbot, win, db_path, "lecture")
        dialog = page.new_record()
        assert dialog is not None
        qtbot.addWidget(dialog)
        assert not dialog.attachments.add_button.isEnabled()  # saved first
        fill(qtbot, dialog, {"topic": "亲子沟通", "speaker": "李秀兰", "listeners": "40"})
        assert dialog.save()
        page.view.selectRow(0)
        dialog = page.edit_selected()
        assert dialog is not None
        qtbot.addWidget(dialog)
        panel = dialog.attachments
        prompts.attachment_paths += [photo(tmp_path / "活动照片.png"), pdf(tmp_path / "签到表.pdf")]
        assert panel.add()
        assert panel.add()
        assert panel.list.count() == 2
        for row in range(2):
            icon = panel.list.item(row).icon()
            image = icon.pixmap(96, 96).toImage()
            assert not image.isNull()
        first = panel.list.item(0).icon().pixmap(96, 96).toImage()
        assert first.pixelColor(first.width() // 2, first.height() // 2).red() > 150  # the photo
        history = [
            [dialog.history.item(r, c).text() for c in range(5)]
            for r in range(dialog.history.rowCount())
        ]
        assert ["新增", "附件", "签到表.pdf"] in [h[2:] for h in history]
        panel.list.setCurrentRow(1)
        preview = panel.show_preview()
        assert preview is not None
        qtbot.addWidget(preview)
        dialog.tabs.setCurrentWidget(panel)
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "record_attachments.png"))
        preview.grab().save(str(SHOTS / "attachment_preview.png"))
        big = tmp_path / "录像.mp4"
        with big.open("wb") as out:
            out.truncate(21 * 1024 * 1024)
        prompts.attachment_paths.append(big)
        assert not panel.add()
        assert "20.0 MB" in panel.message.text()
        dialog.close()
    finally:
        win.close_database()


def test_a_register_from_the_file_and_a_refused_change_on_the_page(
    qtbot: QtBot, data_dir: Path, stick: Path, tmp_path: Path
) -> None:
    path = stick / "镇妇联.fulian"
    lecture = load_dirs([FIXTURE_FORMS]).forms
    Session.create(path, BackupStore(tmp_path / "b"), forms=lecture).close()
    other = tmp_path / "other-forms"  # the other PC: no lecture.toml, a broken change of x
    other.mkdir()
    x1 = 'version = 1\nid = "x"\ntitle = "另一台账"\n'
    x1 += '[[fields]]\nid = "a"\nlabel = "甲"\ntype = "text"\n'
    session = Session.open(
        path, BackupStore(tmp_path / "b"), forms=[*lecture, parse_form(x1, "x.toml")]
    )
    session.close()
    (other / "x.toml").write_text(
        x1.replace("version = 1", "version = 2").replace('"a"', '"b"'), "utf-8"
    )
    prompts = ScriptedPrompts()
    win = window_with(qtbot, data_dir, other, prompts)
    try:
        page = open_register(qtbot, win, path, "lecture")
        titles = [page.register_list.item(r).text() for r in range(page.register_list.count())]
        assert sorted(t.split("（")[0] for t in titles) == sorted(["家长学校授课", "另一台账"])
        assert "x.toml" in page.problems.text()
        assert "[[retired]]" in page.problems.text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.grab().save(str(SHOTS / "registers_stored_definition.png"))
        dialog = page.new_record()
        assert dialog is not None
        qtbot.addWidget(dialog)
        fill(qtbot, dialog, {"topic": "亲子沟通", "speaker": "李秀兰"})
        assert dialog.save()
        assert page.count_label.text() == "共 1 条"
    finally:
        win.close_database()
