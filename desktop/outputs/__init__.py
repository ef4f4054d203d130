"""One output pipeline: every document the app writes goes through here.

An *output* (a report, a letter, a fill-in template, a blank form, a register listing ...) is a
class in this package that knows its formats and renders document models to one file per format
(``render(fmt, path, models)``); the models are built beforehand by a plain function of the
output's module (``parts(db, ...)``: reads only). ``batch.write`` then writes one file per part
(``out`` an existing folder) or one combined file, with progress, cancel and clean-up: each file
is written under a temporary name and renamed when complete, and a cancelled or failed batch
removes what it wrote, so nothing half-written is left behind.

Writes to the database (letter numbers, audit entries of an export) happen in the operation
*before* the models are built (``desktop/operations``), never in a renderer.

Adding an output: a module here with its ``Output`` class and ``parts`` function, and one line in
``registry.OUTPUTS``. Adding a format: one more branch in that output's ``render``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

#: (done, total) -> go on? Returning False cancels the batch.
Progress = Callable[[int, int], bool]


class OutputError(ValueError):
    """An output that cannot be written as asked; the message is for the clerk."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Part:
    """One document of a batch: the file name it gets on its own, and its model."""

    stem: str
    model: object


class Output(Protocol):
    key: str
    title: str
    formats: tuple[str, ...]
    #: several parts can share one file (a combined PDF of all letters)
    combinable: bool

    def render(self, fmt: str, path: Path, models: Sequence[object]) -> None:
        """Write ``models`` to ``path`` in ``fmt`` (one of ``formats``)."""
        ...
