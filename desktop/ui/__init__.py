"""The Qt user interface. Only this package imports PySide6 (ruff banned-api enforces it)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

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
