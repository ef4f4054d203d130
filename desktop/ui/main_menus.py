"""The main window's menus: 文件 (databases, 单位信息, 上报, backups) and 帮助.

The window gives what the items call (``MenuSlots``) and keeps the actions it enables with an
open database (``MainMenus``); 最近打开 is filled each time it opens. The keyboard shortcuts
are given once the window has painted (``MainMenus.add_shortcuts``): ``QKeySequence``'s types
cost ~6 M instructions, and nobody presses Ctrl+O before the window shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QMenuBar

from desktop.domain.plain import Frozen
from desktop.ui.settings import RecentFile, Settings

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QKeySequence


class MenuSlots(Frozen):
    """What the menus call: the window's and its session control's actions."""

    new_database: Callable[[], object]
    new_county_database: Callable[[], object]
    open_database: Callable[[], object]
    open_recent: Callable[[RecentFile], object]
    edit_profile: Callable[[], object]
    open_county: Callable[[], object]
    show_backups: Callable[[], object]
    close_database: Callable[[], object]
    quit: Callable[[], object]
    check_fonts: Callable[[], object]
    show_about: Callable[[], object]


class MainMenus(Frozen):
    new: QAction
    open: QAction
    close: QAction
    profile: QAction
    county: QAction
    backups: QAction
    recent: QMenu
    #: each action's shortcut: a key text ("Ctrl+Shift+N", "F5") or a standard key
    #: ("StandardKey.Open": the platform's binding), given by ``add_shortcuts``
    shortcuts: tuple[tuple[QAction, str], ...]

    def add_shortcuts(self) -> None:
        for item, keys in self.shortcuts:
            item.setShortcuts(shortcut_keys(keys))

    def set_open(self, is_open: bool) -> None:
        """What needs an open database is enabled only with one."""
        for action in (self.close, self.profile, self.county, self.backups):
            action.setEnabled(is_open)


def build_menus(bar: QMenuBar, settings: Settings, slots: MenuSlots) -> MainMenus:
    shortcuts: list[tuple[QAction, str]] = []

    def action(
        menu: QMenu, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        # ``QAction(text, parent)`` would make PySide build QIcon's types (an overload's
        # check, ~10 M instructions); the menu owns what ``addAction`` makes
        item = menu.addAction(text)
        if shortcut is not None:
            shortcuts.append((item, shortcut))
        item.triggered.connect(lambda _checked=False: slot())
        return item

    file_menu = bar.addMenu("文件(&F)")
    # Ctrl+N belongs to 新增 (a new record), which the clerk uses every day
    new = action(file_menu, "新建数据库(&N)……", slots.new_database, "Ctrl+Shift+N")
    action(file_menu, "新建县级数据库……", slots.new_county_database)
    open_ = action(file_menu, "打开(&O)……", slots.open_database, "StandardKey.Open")
    recent = file_menu.addMenu("最近打开(&R)")
    recent.aboutToShow.connect(lambda: _fill_recent(recent, settings, slots))
    file_menu.addSeparator()
    profile = action(file_menu, "单位信息(&I)……", slots.edit_profile)
    county = action(file_menu, "上报县级 / 乡镇上报(&U)……", slots.open_county)
    backups = action(file_menu, "备份与恢复(&B)……", slots.show_backups)
    close = action(file_menu, "关闭数据库(&C)", slots.close_database, "StandardKey.Close")
    file_menu.addSeparator()
    action(file_menu, "退出(&X)", slots.quit, "StandardKey.Quit")
    help_menu = bar.addMenu("帮助(&H)")
    action(help_menu, "字体检查（PDF用）", slots.check_fonts)
    action(help_menu, "关于妇联工作台", slots.show_about)
    return MainMenus(new, open_, close, profile, county, backups, recent, tuple(shortcuts))


def _fill_recent(menu: QMenu, settings: Settings, slots: MenuSlots) -> None:
    menu.clear()
    files = settings.recent_files()
    if not files:
        menu.addAction("（无）").setEnabled(False)
    for entry in files:
        item = menu.addAction(f"{entry.name}  {entry.path}")
        item.triggered.connect(lambda _checked=False, e=entry: slots.open_recent(e))


def shortcut_keys(keys: str) -> list[QKeySequence]:
    """A menu action's shortcut for ``setShortcuts``: the first binding, as
    ``QKeySequence(shortcut)`` gives (``setShortcut``'s overloads make PySide build the Qt
    namespace's ~90 enum types, a start-up cost). ``keys``: a key text, or
    ``StandardKey.`` and a standard key's name."""
    from PySide6.QtGui import QKeySequence

    standard = keys.removeprefix("StandardKey.")
    if standard != keys:
        return QKeySequence.keyBindings(QKeySequence.StandardKey[standard])[:1]
    return [QKeySequence.fromString(keys)]
