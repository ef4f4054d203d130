"""The Qt user interface. Only this package imports PySide6 (ruff banned-api enforces it).

PySide6 is imported here first, inside ``pyside_boot.support_compiled_once``: the support
code it compiles at every start is compiled once per PC.

PySide6 replaces ``__import__``: after every import it looks for the text "PySide6" in the
imported module's source (``inspect.getsource``, for its ``__feature__`` switches, which this
application never selects) and remembers the answer by module name. ``_known_to_pyside``
gives it the answers first, for the modules already loaded and this package's own, so that
no module of ours is read again as text (~0.3 ms each, ~50 at a start): 0 (the default set of
features) for this package's modules, which use PySide6, and -1 ("not a PySide6 module") for
the others, the answers its own test would give. For the modules imported later (a page's,
openpyxl's and reportlab's hundreds at a first report) it answers by name, as the source test
would for this application (only this package and PySide6's own use PySide6), without
reading their sources into memory (``linecache`` keeps what ``getsource`` read).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop.paths import user_data_dir
from desktop.ui.pyside_boot import cache_folder, support_compiled_once

with support_compiled_once(cache_folder(user_data_dir())):
    import PySide6.QtCore  # noqa: F401  # installs PySide6's import hook, answered below

if sys.version_info >= (3, 12):
    from typing import override
elif TYPE_CHECKING:
    from typing_extensions import override
else:

    def override(method: Callable[..., Any]) -> Callable[..., Any]:
        """``typing.override`` before Python 3.12: marks the method as
        ``typing_extensions.override`` does (importing that module costs ~6 ms at start)."""
        with contextlib.suppress(AttributeError, TypeError):
            method.__override__ = True
        return method


__all__ = ["override"]

#: PySide6's answers by module name (its ``shibokensupport.feature.pyside_feature_dict``)
USES_PYSIDE, NOT_PYSIDE = 0, -1


def _uses_pyside(module: object) -> bool:
    """PySide6's question about a module just imported, answered by its name."""
    name = getattr(module, "__name__", "")
    if not isinstance(name, str):
        return False
    return name in ("PySide6", __name__) or name.startswith(("PySide6.", f"{__name__}."))


def _known_to_pyside() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    answers = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(answers, dict) or not hasattr(feature, "_mod_uses_pyside"):
        return  # another PySide6 version: it reads, as before
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[union-attr]
    for name in list(sys.modules):
        if not name.startswith(("PySide6", "shiboken", __name__)):
            answers.setdefault(name, NOT_PYSIDE)
    answers.setdefault(__name__, USES_PYSIDE)
    with contextlib.suppress(OSError), os.scandir(__path__[0]) as entries:
        for entry in entries:  # none in a build that ships bytecode only: nothing to read
            if entry.name.endswith(".py"):
                answers.setdefault(f"{__name__}.{entry.name[:-3]}", USES_PYSIDE)


_known_to_pyside()
