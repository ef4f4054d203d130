"""Renderers: one function per (document model, format), and nothing else writes a file.

A document model is plain data built beforehand (``reports.document.Report``, ``Pack``,
``official_doc.OfficialDoc``, ``register_listing.RegisterListing``); a renderer writes a
sequence of models of one type to one file and never reads or writes the database. The
formats an output offers are the formats its models have renderers for (``formats_of``).

Adding a format: one ``@renders(Model, "fmt")`` function here. Adding a model: its renderers
here (or in the output's own module with the same decorator).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.outputs import OutputError
from desktop.reports.document import Pack, Report
from desktop.reports.official_doc import OfficialDoc

if TYPE_CHECKING:
    from desktop.reports.pdf.fonts import FontSet

#: ``renderer(path, models, context)``: the models are all of the type it was registered for
Renderer = Callable[[Path, Sequence[Any], "Context"], object]
R = TypeVar("R", bound=Renderer)

_RENDERERS: dict[type, dict[str, Renderer]] = {}


@dataclass
class Context:
    """What renderers share within a batch: the fonts (found once, when a PDF needs them) and
    the date printed on the documents."""

    fonts: FontSet | None = None
    today: date | None = None

    def font_set(self) -> FontSet:
        if self.fonts is None:
            from desktop.reports.pdf.fonts import FontSet

            self.fonts = FontSet.discover()  # FontMissing: the clerk is told which font
        return self.fonts


def renders(model: type, fmt: str) -> Callable[[R], R]:
    """Register a renderer of ``model`` documents as ``fmt`` files."""

    def register(fn: R) -> R:
        _RENDERERS.setdefault(model, {})[fmt] = fn
        return fn

    return register


def formats_of(model: type) -> tuple[str, ...]:
    """The formats ``model`` documents can be written as, in the order they were declared."""
    return tuple(_RENDERERS.get(model, {}))


def render(fmt: str, path: Path, models: Sequence[object], context: Context) -> None:
    """Write ``models`` (one type) to ``path`` as ``fmt``."""
    if not models:
        raise ValueError("nothing to render")  # the batch writer never asks for an empty file
    kinds = {type(m) for m in models}
    if len(kinds) > 1:
        raise ValueError(f"one file, one kind of document: {kinds}")  # an output's bug
    fn = _RENDERERS.get(type(models[0]), {}).get(fmt)
    if fn is None:
        raise OutputError(f"这份文档不能导出为 {fmt}")
    fn(path, models, context)


class DocumentOutput:
    """An output whose parts are document models with renderers here: it declares its key,
    title and formats; ``render`` finds the renderer of the model and the format."""

    key: str = ""
    title: str = ""
    formats: tuple[str, ...] = ()
    combinable = False

    def __init__(self, *, fonts: FontSet | None = None, today: date | None = None) -> None:
        self.context = Context(fonts, today)

    def render(self, fmt: str, path: Path, models: Sequence[object]) -> None:
        render(fmt, path, models, self.context)


def _one(models: Sequence[Any]) -> Any:
    if len(models) != 1:
        raise ValueError("a report is written one per file")  # an output's bug
    return models[0]


# ----- reports of the catalogue --------------------------------------------------------------
@renders(Report, "xlsx")
def _report_xlsx(path: Path, models: Sequence[Report], context: Context) -> None:
    from desktop.reports.render_xlsx import write_xlsx

    write_xlsx(path, _one(models), today=context.today)


@renders(Report, "pdf")
def _report_pdf(path: Path, models: Sequence[Report], context: Context) -> None:
    from desktop.reports.render_pdf import write_pdf

    write_pdf(path, _one(models), context.font_set(), today=context.today)


@renders(Pack, "xlsx")
def _pack_xlsx(path: Path, models: Sequence[Pack], context: Context) -> None:
    from desktop.reports.render_xlsx import write_xlsx

    write_xlsx(path, _one(models).combined(), today=context.today)


@renders(Pack, "pdf")
def _pack_pdf(path: Path, models: Sequence[Pack], context: Context) -> None:
    from desktop.reports.render_pdf import write_pack

    pack: Pack = _one(models)
    write_pack(
        path, pack.title, pack.township, pack.reports, context.font_set(), today=context.today
    )


# ----- official documents (考核通报, 预警通知书, 督办单) ------------------------------------------
@renders(OfficialDoc, "pdf")
def _official_pdf(path: Path, models: Sequence[OfficialDoc], context: Context) -> None:
    from desktop.reports import official_doc

    official_doc.write_pdf(path, models, context.font_set(), title=models[0].title)


@renders(OfficialDoc, "docx")
def _official_docx(path: Path, models: Sequence[OfficialDoc], context: Context) -> None:
    from desktop.reports import official_docx

    official_docx.write_docx(path, models)
