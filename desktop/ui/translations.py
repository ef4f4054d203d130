"""Qt's own texts in Chinese: the context menus of text fields (撤销/粘贴/全选), the file, print
and colour dialogs, standard buttons. The ``.qm`` files ship with PySide6 (tech-notes)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger("fulian.ui.translations")

LOCALE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
#: widgets, dialogs, standard buttons (``qt_zh_CN`` is only a meta catalogue naming this one)
CATALOGUES = ("qtbase",)


def install_translations(app: QCoreApplication) -> list[QTranslator]:
    """Load Qt's zh_CN catalogues into ``app`` (before widgets are built); returns them so a
    caller can remove them again. A missing file is logged, not fatal (English Qt texts)."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    for name in CATALOGUES:
        translator = QTranslator(app)
        if translator.load(LOCALE, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("Qt translation %s_zh_CN not found in %s", name, folder)
    return installed
