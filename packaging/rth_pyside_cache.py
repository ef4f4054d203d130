"""PyInstaller runtime hook: PySide6 first imported through ``desktop.ui``, inside its cache of
PySide6's compiled support code (``desktop/ui/pyside_boot.py``). The hooks a spec names run
before those PyInstaller adds for the packages it finds, and PyInstaller's own PySide6 hook
imports ``PySide6.QtCore``: without this one, the bundle would compile that code at every
start. (That hook's settings, the plugin and QML paths, are read later, when the
QApplication is made.)"""

import desktop.ui  # noqa: F401
