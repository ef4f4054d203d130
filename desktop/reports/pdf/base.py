"""Page templates and styles for reports, listings and blank forms (not letters: those follow
GB/T 9704 in their own module). A4, landscape when wide, a header on every page with the
township and the report title, ``第 X 页 共 Y 页`` in the footer, table headers repeated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    LongTable,
    PageTemplate,
    Paragraph,
    TableStyle,
)

from desktop.reports.pdf import target_cells
from desktop.reports.pdf.fonts import FontSet

MARGIN = 15 * mm
#: a table cell's left and right padding together (reportlab's default, 6 pt a side)
_PADDING = 12.0


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle


def styles(fonts: FontSet) -> Styles:
    song, hei = fonts.name("song"), fonts.name("hei")
    return Styles(
        title=ParagraphStyle(
            "title",
            fontName=fonts.name("title"),
            fontSize=18,
            leading=26,
            alignment=TA_CENTER,
            spaceAfter=4,
        ),
        subtitle=ParagraphStyle(
            "subtitle",
            fontName=song,
            fontSize=10,
            leading=14,
            alignment=TA_CENTER,
            spaceAfter=8,
            textColor=colors.grey,
        ),
        heading=ParagraphStyle(
            "heading", fontName=hei, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4
        ),
        body=ParagraphStyle("body", fontName=song, fontSize=10.5, leading=16, wordWrap="CJK"),
        cell=ParagraphStyle("cell", fontName=song, fontSize=9, leading=12, wordWrap="CJK"),
        head_cell=ParagraphStyle(
            "head", fontName=hei, fontSize=9, leading=12, wordWrap="CJK", alignment=TA_CENTER
        ),
    )


def escape(text: object) -> str:
    return (
        str(text if text is not None else "")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    st: Styles,
    *,
    header_rows: int = 1,
    shade: dict[tuple[int, int], str] | None = None,
    bold: set[int] | None = None,
    right: set[int] | None = None,
    targets: set[int] | None = None,
    min_row_mm: float = 0,
) -> LongTable:
    """A wrapped table whose header repeats on every page; ``shade`` colours cells, ``bold``
    rows (totals) use the heading font, ``right`` columns are right-aligned (numbers);
    ``targets`` columns hold targets (text, see ``target_cells``: left-aligned, widened to
    fit, broken only before （期末）); ``min_row_mm``: body rows at least that tall (forms
    filled in by hand)."""
    bold = bold or set()
    targets = targets or set()
    right = (right or set()) - targets
    font, size = st.cell.fontName, st.cell.fontSize
    widths = target_cells.fit_widths(
        widths,
        [[str(v or "") for v in row] for row in rows],
        targets,
        font,
        size,
        _PADDING,
    )
    right_cell = ParagraphStyle("right", parent=st.cell, alignment=TA_RIGHT)
    bold_cell = ParagraphStyle("bold", parent=st.cell, fontName=st.head_cell.fontName)
    bold_right = ParagraphStyle("bold-right", parent=bold_cell, alignment=TA_RIGHT)

    def style(r: int, c: int) -> ParagraphStyle:
        if r < header_rows:
            return st.head_cell
        if r in bold:
            return bold_right if c in right else bold_cell
        return right_cell if c in right else st.cell

    def cell(r: int, c: int, value: object) -> Paragraph:
        if r < header_rows or c not in targets or r in bold:
            return Paragraph(escape(value), style(r, c))
        text = str(value or "")
        return target_cells.cell(text, escape(text), st.cell, widths[c] - _PADDING)

    data = [[cell(r, c, v) for c, v in enumerate(row)] for r, row in enumerate(rows)]
    result = LongTable(data, colWidths=list(widths), repeatRows=header_rows)
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        # the table sets its cell font even around Paragraphs: keep it an embedded one
        ("FONTNAME", (0, 0), (-1, -1), st.cell.fontName),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:  # (0, 0)–(-1, -1) would be the whole table: a table's tail has no header
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eeeeee")))
    if min_row_mm:  # rows to write in by hand: padding makes a one-line row this tall
        extra = max(0.0, (min_row_mm * mm - st.cell.leading - 5) / 2)
        commands += [
            ("TOPPADDING", (0, header_rows), (-1, -1), 2 + extra),
            ("BOTTOMPADDING", (0, header_rows), (-1, -1), 3 + extra),
        ]
    for (r, c), colour in (shade or {}).items():
        commands.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(colour)))
    result.setStyle(TableStyle(commands))
    return result


class _NumberedCanvas(Canvas):
    """Defers page furniture to the end so that 共 Y 页 is known (two-pass canvas). Pages
    of the ``notice`` template (reminder notices: documents of their own) get no furniture
    and are not counted."""

    furniture: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self.notice_page = False

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self.notice_page = False
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = sum(1 for state in self._pages if not state.get("notice_page"))
        number = 0
        for state in self._pages:
            self.__dict__.update(state)
            if self.furniture is not None and not state.get("notice_page"):
                number += 1
                self.furniture(self, number, total)
            super().showPage()
        super().save()


class _ReportDocument(BaseDocTemplate):
    """A report's pages (template ``report``) and, switched to with ``NextPageTemplate``,
    portrait official pages for notices (template ``notice``: GB/T 9704 margins, no header,
    no page number). Reports ``contents_style`` paragraphs to a TableOfContents."""

    contents_style = "contents-entry"

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's name
        if isinstance(flowable, Paragraph) and flowable.style.name == self.contents_style:
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))


def _mark_notice(canvas: Canvas, _document: Any) -> None:
    canvas.notice_page = True  # type: ignore[attr-defined]


NOTICE_TEMPLATE = "notice"
REPORT_TEMPLATE = "report"


def build(
    path: Path | IO[bytes],
    story: list[Any],
    fonts: FontSet,
    *,
    header: str,
    wide: bool = False,
    author: str = "妇联工作台",
    title: str = "",
    cover: bool = False,
    contents: bool = False,
) -> int:
    """Write ``story`` to ``path``; returns the page count. ``cover``: page 1 has no header
    or page number; ``contents``: the story holds a TableOfContents fed by paragraphs in the
    ``contents-entry`` style (built in two passes)."""
    pagesize = landscape(A4) if wide else A4
    width, height = pagesize
    song = fonts.name("song")

    def furniture(canvas: Canvas, number: int, total: int) -> None:
        if cover and number == 1:
            return
        canvas.saveState()
        canvas.setFont(song, 8.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, height - MARGIN + 4 * mm, header)
        canvas.line(MARGIN, height - MARGIN + 2.5 * mm, width - MARGIN, height - MARGIN + 2.5 * mm)
        canvas.drawCentredString(width / 2, MARGIN - 8 * mm, f"第 {number} 页 共 {total} 页")
        canvas.restoreState()

    class PageCanvas(_NumberedCanvas):
        pass

    PageCanvas.furniture = staticmethod(furniture)
    document = _ReportDocument(
        str(path) if isinstance(path, Path) else path,  # a buffer: never on disk (recovery key)
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 4 * mm,
        bottomMargin=MARGIN,
        title=title or header,
        author=author,
        initialFontName=song,  # else the template hands the canvas an unembedded Helvetica
    )
    frame = Frame(
        document.leftMargin, document.bottomMargin, document.width, document.height, id="normal"
    )
    notice = Frame(28 * mm, 35 * mm, 156 * mm, 225 * mm, id="notice")  # GB/T 9704 text area
    document.addPageTemplates(
        [
            PageTemplate(REPORT_TEMPLATE, [frame], pagesize=pagesize),
            PageTemplate(NOTICE_TEMPLATE, [notice], onPage=_mark_notice, pagesize=A4),
        ]
    )
    if contents:
        document.multiBuild(story, canvasmaker=PageCanvas)
    else:
        document.build(story, canvasmaker=PageCanvas)
    return int(document.page)


def usable_width(wide: bool) -> float:
    return float((landscape(A4) if wide else A4)[0] - 2 * MARGIN)


def usable_height(wide: bool) -> float:
    """The report frame's height less its padding: the tallest flowable a page holds."""
    return float((landscape(A4) if wide else A4)[1] - 2 * MARGIN - 4 * mm - 12)
