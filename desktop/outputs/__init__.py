"""One output pipeline: every document the app writes goes through here.

The pieces (each in one place):

- **Document models**: plain data a renderer writes without reading the database
  (``reports.document.Report`` / ``Pack``, ``reports.official_doc.OfficialDoc``,
  ``register_listing.RegisterListing``, ``letters.Letter``). Built beforehand by the output
  module's ``parts(db, ...)`` (reads only) as ``Part(stem, model)``: ``stem`` names the file
  when each part gets its own.
- **Renderers**: one function per (model, format), ``@renderers.renders(Model, "pdf")``. The
  formats a model has renderers for are the formats its outputs offer (``formats_of``).
- **Outputs**: a class with ``key``, ``title``, ``formats``, ``combinable`` and ``render``;
  most subclass ``renderers.DocumentOutput`` (``render`` finds the renderer). ``registry.OUTPUTS``
  lists them: the CLI's ``--format`` choices come from there.
- **The batch writer** (``batch.write``): one file per part (``out`` an existing folder) or
  one combined file, with progress, cancel and clean-up: each file is written under a
  temporary name and renamed when complete; a cancelled or failed batch removes what it wrote.
- **Writes** (letter numbers and dates, notices issued, the audit entry of a full export)
  happen in the operation (``desktop/operations``) before ``parts`` is called, or after the
  batch succeeded, never in a renderer. The operation is what the UI (through its runner) and
  the CLI call.

(The fill-in template and the blank form are the one exception to "models are plain data":
their writers read the unit's rows while they write, ``unit_forms.UnitSheet``.)

How to add an output (a petition return, a county submission, a report draft ...):

1. ``desktop/outputs/<name>.py``: the model dataclass (if no existing one fits), its renderers
   (``@renders(Model, "xlsx")`` ...; heavy libraries imported inside them), the output class::

       class PetitionReturnOutput(DocumentOutput):
           key = "petition_return"
           title = "信访情况报表"
           formats = formats_of(PetitionReturn)

   and ``parts(db, ...) -> list[Part]`` (reads only).
2. One line in ``registry.OUTPUTS``.
3. An operation that does the writes first, then
   ``batch.write(Output(fonts=..., today=...), parts, fmt, out, progress=progress)``.

How to add a format: one more ``@renders(Model, "fmt")`` function next to the model's other
renderers; every output of that model offers it.
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
