"""What every command shares: exit codes and the PC's data folder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3


def data_dir() -> Path:
    from desktop.paths import user_data_dir

    return user_data_dir()


if TYPE_CHECKING:
    #: what ``register(sub)`` receives: the parser's sub-command collection
    Subparsers: TypeAlias = argparse._SubParsersAction[Any]
