"""Official documents other than the letters (考核通报, 预警通知书, 督办单): one simple model,
written as PDF on the letters' GB/T 9704 page (``pdf/official.py``) and as an editable Word
file with the same page set-up (``official_docx``). Each document starts on a new page and
numbers its own pages. reportlab is imported only when a PDF is written (it costs start-up time).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

#: 成文日期右空四字 (GB/T 9704-2012 7.3.5.1)
DATE_RIGHT_SPACE = 4
#: the line to cut the reply slip off along (full-width dashes keep to the character grid)
CUT_LINE = "－" * 10 + "（沿此线剪下）" + "－" * 10
#: addressee, paragraph, heading1, heading2, caption, table, signature, slip, page_break,
#: space (a blank line), note (a line of the 附件说明), attachment (the 附件 mark at the top
#: left of an attachment's page)
Kind = str
#: a table cell that is a figure: right-aligned, so its digits line up
_FIGURE = re.compile(r"[+\-−]?\d[\d,]*(\.\d+)?(%|‰|/10万|个|人|项|件|次|分|名)?")
#: what a figure column may also hold without being text
_NOT_A_VALUE = {"", "—", "-", "无数据"}


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()  # table: the header first
    widths: tuple[float, ...] = ()  # table: shares of the line
    lines: tuple[str, ...] = ()  # signature: organisation, date; slip: its lines
    aligns: tuple[str, ...] = ()  # table: left/center/right per column; () = by content


def column_aligns(block: Block) -> tuple[str, ...]:
    """A table's column alignment: as given, else 序号 centred, figures right-aligned (a
    column whose cells are all numbers, with or without a unit), text left."""
    if block.aligns:
        return block.aligns
    header, body = block.rows[0], block.rows[1:]
    aligns = []
    for n, name in enumerate(header):
        cells = [row[n] for row in body if row[n] not in _NOT_A_VALUE]
        if name == "序号":
            aligns.append("center")
        elif cells and all(_FIGURE.fullmatch(c) for c in cells):
            aligns.append("right")
        else:
            aligns.append("left")
    return tuple(aligns)


def body_rows(block: Block) -> tuple[tuple[str, ...], ...]:
    """The table's rows under its header; ``无`` in the first cell when there are none (an
    empty ruled table reads as a printing fault)."""
    if len(block.rows) > 1:
        return block.rows[1:]
    return (("无", *([""] * (len(block.rows[0]) - 1))),)


def signature_spaces(lines: Sequence[str]) -> tuple[float, ...]:
    """Characters left empty right of each signature line (GB/T 9704-2012 7.3.5.1, a stamped
    document): the date 右空四字, the issuer above it centred on the date, or flush right
    when it is too long to be centred inside the text area."""
    *names, day = lines
    date_chars = _chars(day)
    centred = (max(0.0, DATE_RIGHT_SPACE + (date_chars - _chars(n)) / 2) for n in names)
    return (*centred, DATE_RIGHT_SPACE)


#: a title's line at 22 pt (二号) in the 156 mm text area, in characters
TITLE_CHARS = 20
#: where a title may break: after these words, or before 的 (GB/T 9704-2012 7.3.3: 回行时
#:词意完整，排列对称); never inside a word as plain wrapping does (考核结 / 果的通报)
_TITLE_BREAKS = re.compile(r"(?<=关于)|(?<=年度)|(?<=工作)|(?<=规划)|(?<=情况)|(?=的)")


def title_lines(title: str) -> list[str]:
    """The title in lines of whole words, as even as they come, the upper one not shorter."""
    if _chars(title) <= TITLE_CHARS:
        return [title]
    best: tuple[float, int] | None = None
    for match in _TITLE_BREAKS.finditer(title):
        cut = match.start()
        upper, lower = _chars(title[:cut]), _chars(title[cut:])
        if 0 < cut < len(title) and max(upper, lower) <= TITLE_CHARS:
            score = abs(upper - lower) + (2 if upper < lower else 0)
            if best is None or score < best[0]:
                best = (score, cut)
    if best is None:
        return [title]  # no word boundary fits: left to the wrapping
    return [title[: best[1]], title[best[1] :]]


def _chars(text: str) -> float:
    """Width in characters: a digit or Latin letter is half a character."""
    return sum(0.5 if unicodedata.east_asian_width(ch) in ("Na", "H") else 1 for ch in text)


@dataclass
class OfficialDoc:
    title: str
    number: str = ""
    blocks: list[Block] = field(default_factory=list)

    def add(self, kind: Kind, text: str = "", **more: Any) -> None:
        self.blocks.append(Block(kind, text, **more))

    def attachment_note(self, names: Sequence[str]) -> None:
        """附件说明 (GB/T 9704-2012 7.8): a blank line below the text, then ``附件：名称``, or
        ``附件：1．名称`` with the later ones numbered under the first."""
        self.add("space")
        if len(names) == 1:
            self.add("note", f"附件：{names[0]}")
            return
        for n, name in enumerate(names, start=1):
            self.add("note", f"{'附件：' if n == 1 else '　　　'}{n}．{name}")

    def plain_text(self) -> str:
        """What the document says, for checks and previews."""
        out = [self.title, self.number]
        for b in self.blocks:
            out += [b.text, *("\t".join(r) for r in b.rows), *b.lines]
        return "\n".join(x for x in out if x)


# ----- PDF ------------------------------------------------------------------------------------
def write_pdf(path: Path, docs: Sequence[OfficialDoc], fonts: Any, *, title: str) -> int:
    """All documents in one PDF; returns the page count."""
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, PageBreak, PageTemplate

    from desktop.reports.pdf.official import DocStart, text_frame

    frame = text_frame()
    document = BaseDocTemplate(
        str(path),
        pagesize=(210 * mm, 297 * mm),
        initialFontName=fonts.name("song"),
        title=title,
        author="妇联工作台",
    )
    document.addPageTemplates([PageTemplate("official", [frame], onPageEnd=_page_numbers(fonts))])
    flow: list[Any] = []
    for doc in docs:
        if flow:
            flow.append(PageBreak())
        flow.append(DocStart())
        flow += _story(doc, fonts)
    document.build(flow)
    return int(document.page)


def _story(doc: OfficialDoc, fonts: Any) -> list[Any]:  # noqa: PLR0912 (one branch per kind)
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph

    from desktop.reports.pdf.base import escape
    from desktop.reports.pdf.official import PITCH, GridParagraph, GridSpace, GridStyle, SnapToGrid

    body = GridStyle(fonts.name("fang"))
    title = ParagraphStyle(
        "t",
        fontName=fonts.name("title"),
        fontSize=22,
        leading=PITCH * 1.5,
        alignment=TA_CENTER,
        wordWrap="CJK",
    )
    markup = "<br/>".join(escape(line) for line in title_lines(doc.title))
    flow: list[Any] = [SnapToGrid(Paragraph(markup, title)), GridSpace(1)]
    if doc.number:
        flow.append(GridParagraph(doc.number, GridStyle(body.font, indent=0, align="center")))
    tail, after_heading = 0, False  # where the last paragraph (and its heading) starts
    for block in doc.blocks:
        if block.kind not in ("space", "note", "signature") and not after_heading:
            tail = len(flow)
        after_heading = block.kind in ("heading1", "heading2")
        if block.kind == "addressee":
            flow.append(GridParagraph(block.text, GridStyle(body.font, indent=0)))
        elif block.kind in ("paragraph", "note"):
            flow.append(GridParagraph(block.text, body))
        elif block.kind in ("heading1", "heading2"):
            font = fonts.name("hei" if block.kind == "heading1" else "kai")
            heading = GridParagraph(block.text, GridStyle(font))
            heading.keepWithNext = True  # never the last line of a page
            flow.append(heading)
        elif block.kind == "caption":  # a table's title, centred
            style = GridStyle(fonts.name("hei"), indent=0, align="center")
            flow.append(GridParagraph(block.text, style))
        elif block.kind == "table":
            flow.append(_pdf_table(block, fonts))
        elif block.kind == "page_break":
            flow.append(PageBreak())
        elif block.kind == "space":
            flow.append(GridSpace(1))
        elif block.kind == "attachment":  # 附件 in 黑体 at the top left, its title on line 3
            flow += [
                GridParagraph(block.text, GridStyle(fonts.name("hei"), indent=0)),
                GridSpace(1),
            ]
        elif block.kind == "signature":  # kept with the last paragraph and the 附件说明
            last = flow[tail:] or [GridSpace(1)]
            del flow[tail:]
            lines = [
                GridParagraph(
                    line,
                    GridStyle(body.font, indent=0, align="right", right_space=space),
                )
                for line, space in zip(block.lines, signature_spaces(block.lines), strict=True)
            ]
            flow.append(KeepTogether([*last, GridSpace(2), *lines]))
        elif block.kind == "slip":  # a reply slip below a cut line, kept whole
            cut = GridParagraph(CUT_LINE, GridStyle(body.font, indent=0, align="center"))
            centre = GridStyle(fonts.name("hei"), indent=0, align="center")
            items = [GridSpace(1), cut, GridParagraph(block.text, centre)]
            items += [
                GridParagraph(line, GridStyle(body.font, indent=0)) if line else GridSpace(1)
                for line in block.lines
            ]
            flow.append(KeepTogether(items))
    return flow


def _pdf_table(block: Block, fonts: Any) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, TableStyle

    from desktop.reports.pdf import target_cells
    from desktop.reports.pdf.base import escape
    from desktop.reports.pdf.official import AREA_WIDTH, SnapToGrid

    head = ParagraphStyle(
        "h", fontName=fonts.name("hei"), fontSize=11, leading=14, alignment=TA_CENTER
    )
    head.wordWrap = "CJK"
    placed: dict[str, Literal[0, 1, 2]] = {"left": 0, "center": 1, "right": 2}  # TA_LEFT ...
    cells = []
    for n, align in enumerate(column_aligns(block)):
        style = ParagraphStyle(f"c{n}", fontName=fonts.name("fang"), fontSize=11, leading=14)
        style.alignment = placed[align]
        style.wordWrap = "CJK"
        cells.append(style)
    body = body_rows(block)
    total = sum(block.widths) or len(block.rows[0])
    widths = [AREA_WIDTH * w / total for w in (block.widths or [1] * len(block.rows[0]))]
    # targets are text on one line, broken only before （期末） (see target_cells)
    targets = target_cells.target_columns(block.rows[0])
    font, size, padding = fonts.name("fang"), 11, 6
    widths = target_cells.fit_widths(widths, (block.rows[0], *body), targets, font, size, padding)

    def cell(n: int, t: str) -> Any:
        if n in targets:
            return target_cells.cell(t, escape(t), cells[n], widths[n] - padding)
        return Paragraph(escape(t), cells[n])

    rows = [[Paragraph(escape(t), head) for t in block.rows[0]]]
    rows += [[cell(n, t) for n, t in enumerate(row)] for row in body]
    table = LongTable(rows, colWidths=widths, repeatRows=1)  # the header on every page
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), fonts.name("fang")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if len(block.rows) == 1:  # the 无 row across the table
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(commands))
    return SnapToGrid(table)


def _page_numbers(fonts: Any) -> Callable[[Any, Any], None]:
    from reportlab.lib.units import mm

    from desktop.reports.pdf.official import AREA_HEIGHT, AREA_WIDTH, LEFT, PAGE_HEIGHT, TOP

    size = 14.0

    def draw(canvas: Any, document: Any) -> None:
        number = canvas.getPageNumber() - getattr(canvas, "doc_start", 1) + 1
        text = f"— {number} —"
        canvas.saveState()
        canvas.setFont(fonts.name("song"), size)
        y = PAGE_HEIGHT - TOP - AREA_HEIGHT - 7 * mm - size * 0.8
        width = canvas.stringWidth(text, fonts.name("song"), size)
        x = LEFT + AREA_WIDTH - width - size if number % 2 else LEFT + size
        canvas.drawString(x, y, text)
        canvas.restoreState()

    return draw
