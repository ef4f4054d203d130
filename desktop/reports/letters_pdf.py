"""Target-responsibility letters as PDF, in official-document layout (GB/T 9704-2012).

Title 22 pt in 小标宋 (falls back to 黑体/宋体, reported by the font check), body 仿宋 on the
22 × 28 grid, 一、 headings in 黑体, （一） in 楷体, page numbers ``— 1 —`` in 宋体 (odd pages
right, even pages left, 7 mm below the text area), the indicator table's header repeated when
it runs over a page, the signature block kept with the last paragraph.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import (
    ActionFlowable,
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    PageTemplate,
)

from desktop.domain.evaluation import pick_target
from desktop.domain.letter_template import chinese_date, chinese_dates, render
from desktop.reports.pdf.cell_table import CellStyle, CellTable
from desktop.reports.pdf.fonts import FontSet, glyph_middle
from desktop.reports.pdf.grid_lines import GridDocument, merge
from desktop.reports.pdf.official import (
    AREA_HEIGHT,
    AREA_WIDTH,
    FUZZ,
    LEFT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PITCH,
    TOP,
    GridParagraph,
    GridSpace,
    GridStyle,
    SnapToGrid,
    text_frame,
)
from desktop.store import indicators, letters, monitoring, profile, round_progress, units
from desktop.store.database import Database

TITLE_SIZE = 22.0
PAGE_NUMBER_SIZE = 14.0
#: GB/T 9704 7.5: the page number's 一字线 (—) lies 7 mm below the text area. The dash's
#: height above the baseline is read from the font (``glyph_middle``); this is the fallback
#: (WenQuanYi's; putting the baseline itself 7 mm down left the dash 9.5-9.7 mm below).
PAGE_NUMBER_DROP = 7 * mm
DASH_RISE = 0.27
DATE_RIGHT_SPACE = 4  # 右空四字
KEEP_LINES = 2  # a heading keeps this many following lines with it


@dataclass(frozen=True)
class LetterData:
    """Everything one letter prints (gathered from the store, rendered by ``story``)."""

    year: int
    unit: units.Unit
    number: str
    values: dict[str, str]
    indicators: list[tuple[str, str, str, str]]  # code, name, target, role
    tasks: list[letters.Task]


INDICATORS_INTRO = "乙方对下列指标负责，按时报送统计监测数据，采取有效措施推动指标达标。"
#: a unit (often a village) that leads or supports no indicator this year
NO_INDICATORS = (
    "本年度乙方没有牵头或配合的监测指标。乙方应配合甲方做好辖区妇女儿童有关情况的摸底和"
    "数据收集，发现侵害妇女儿童权益等问题及时报告。"
)


@lru_cache(maxsize=16)
def _scheme_title(kind: str) -> str:
    """The 考核 scheme that scores this kind of unit (forms/assessment)."""
    from desktop.domain.assessment_scheme import SchemeError, default_schemes

    try:
        schemes = default_schemes()
    except SchemeError:
        return "年度考核方案"
    return next((s.title for s in schemes if kind in s.unit_kinds), "年度考核方案")


def _deadline(db: Database, year: int) -> str:
    current = round_progress.get_round(db, year)
    if current is None or not current.deadline:
        return "甲方通知的时限"
    return chinese_date(date.fromisoformat(current.deadline[:10]))


@dataclass(frozen=True)
class _YearTables:
    """What every letter of a year reads alike (read once for a batch of 60 letters)."""

    facts: profile.Profile
    targets: dict[int, dict[int, Decimal]]
    duties: dict[tuple[int, int], str]
    catalogue: list[indicators.Indicator]
    deadline: str
    tasks: dict[int, list[letters.Task]]  # unit id -> its tasks, in their order


_last_tables: list[tuple[Any, tuple[int, int, int, int], _YearTables]] = []


def _year_tables(db: Database, year: int) -> _YearTables:
    """The year's tables, re-read whenever the database may have changed: the key holds this
    connection's change count and SQLite's ``data_version`` (another connection's commits)."""
    key = (year, id(db.connection), *db.change_stamp())
    if _last_tables:
        ref, last_key, tables = _last_tables[0]
        if ref() is db and last_key == key:
            return tables
    tables = _YearTables(
        profile.load(db),
        indicators.all_targets(db),
        monitoring.responsibilities(db, year),
        indicators.list_indicators(db),
        _deadline(db, year),
        _tasks_by_unit(letters.tasks(db, year)),
    )
    _last_tables[:] = [(weakref.ref(db), key, tables)]
    return tables


def _tasks_by_unit(tasks: list[letters.Task]) -> dict[int, list[letters.Task]]:
    """The year's tasks (ordered by unit, then as each unit's list) split by unit."""
    by_unit: dict[int, list[letters.Task]] = {}
    for task in tasks:
        by_unit.setdefault(task.unit_id, []).append(task)
    return by_unit


def gather(db: Database, year: int, unit: units.Unit, number: str, day: date) -> LetterData:
    shared = _year_tables(db, year)
    facts, targets, duties = shared.facts, shared.targets, shared.duties
    rows = []
    for indicator in shared.catalogue:
        role = duties.get((indicator.id or 0, unit.id or 0))
        if role is None:
            continue
        target = pick_target(targets.get(indicator.id or 0, {}), year)
        text = indicator.target_text(target)  # 99%以上（期末）: this year's own is （年度）
        rows.append((indicator.code, indicator.name, text, monitoring.ROLES[role]))
    rows.sort(key=lambda r: (r[3] != "牵头", r[0]))
    values = {
        "year": str(year),
        "unit": unit.name,
        "number": number,
        "committee": facts.committee,
        "federation": facts.federation,
        "township": facts.township,
        "date": chinese_date(day),
        "signatory": facts.committee_signatory,
        "liaison": unit.liaison,
        "liaison_text": unit.liaison or "名单另报",
        "indicator_intro": INDICATORS_INTRO if rows else NO_INDICATORS,
        "scheme": _scheme_title(unit.kind),
        "deadline": shared.deadline,
    }
    tasks = letters.tasks(db, year) if unit.id is None else list(shared.tasks.get(unit.id, ()))
    return LetterData(year, unit, number, values, rows, tasks)


#: a cell style, the same object for the same arguments: the cached cell layouts
#: (``cell_lines``) hash it by its fields but compare it by identity, letter after letter
_style = lru_cache(maxsize=64)(CellStyle)


def _table(data: LetterData, fonts: FontSet) -> Any:
    head = _style(fonts.name("hei"), 12, 16, align=TA_CENTER, valign="MIDDLE")
    cell = _style(fonts.name("fang"), 12, 16, valign="MIDDLE")
    rows = [[(t, head) for t in ("序号", "指标", "目标值", "责任")]]
    for n, (_code, name, target, role) in enumerate(data.indicators, start=1):
        rows.append([(str(n), cell), (name, cell), (target, cell), (role, cell)])
    if len(rows) == 1:
        rows.append([("—", cell), ("本年度无牵头或配合的监测指标", cell), ("", cell), ("", cell)])
    return SnapToGrid(CellTable(rows, list(TABLE_WIDTHS), repeat=1, grid=True))


TABLE_WIDTHS = (14 * mm, 78 * mm, 44 * mm, 20 * mm)


def _signature(data: LetterData, fonts: FontSet) -> Any:
    style = _style(fonts.name("fang"), 15.5, PITCH, left=0, cjk=False)
    rows = [
        [("甲方（章）", style), ("乙方（章）", style)],
        [(data.values["committee"], style), (data.unit.name, style)],
        [("责任人（签字）：", style), ("责任人（签字）：", style)],
    ]
    return SnapToGrid(CellTable(rows, [AREA_WIDTH / 2, AREA_WIDTH / 2]))


def story(data: LetterData, template: str, fonts: FontSet) -> list[Any]:
    body = GridStyle(fonts.name("fang"))
    flow: list[Any] = []
    for line in render(template, data.values):
        if line.kind == "title":
            # laid out as a centred CJK Paragraph the width of the text area (cached)
            title = _style(
                fonts.name("title"),
                TITLE_SIZE,
                PITCH * 1.5,
                align=TA_CENTER,
                valign="TOP",
                left=0,
                right=0,
                top=0,
                bottom=0,
            )
            flow += [SnapToGrid(CellTable([[(line.text, title)]], [AREA_WIDTH])), GridSpace(1)]
        elif line.kind == "number":
            flow.append(GridParagraph(line.text, GridStyle(body.font, indent=0, align="center")))
        elif line.kind == "date":  # 成文日期 右空四字 (GB/T 9704 7.3.5.1)
            dated = GridStyle(body.font, indent=0, align="right", right_space=DATE_RIGHT_SPACE)
            flow.append(GridParagraph(line.text, dated))
        elif line.kind == "party":
            flow.append(GridParagraph(line.text, GridStyle(body.font, indent=0)))
        elif line.kind == "heading1":
            flow.append(GridParagraph(line.text, GridStyle(fonts.name("hei")), heading=True))
        elif line.kind == "heading2":
            flow.append(GridParagraph(line.text, GridStyle(fonts.name("kai")), heading=True))
        elif line.kind == "paragraph":
            flow.append(GridParagraph(line.text, body))
        elif line.text == "指标表":
            if data.indicators:  # no empty table: the template's intro says there is none
                flow.append(_table(data, fonts))
        elif line.text == "任务清单":
            flow += _tasks(data, body)
        else:  # 签章: never alone on a page, kept with the paragraph before it
            last = flow.pop() if flow else GridSpace(1)
            flow.append(KeepGrid([last, GridSpace(1), _signature(data, fonts)]))
    # merged after the headings took their measure of the paragraphs that follow them
    return merge(_keep_headings(flow))


def _lines_of(flowable: Any) -> int:
    if isinstance(flowable, GridParagraph):
        return len(flowable.lines)
    return KEEP_LINES  # a table: its header and first row


def _keep_headings(flow: list[Any]) -> list[Any]:
    """A heading never ends a page: it goes over with the next two lines (a heading followed
    by a heading takes that one's need too). ``CondPageBreak`` breaks only when the room left
    is smaller."""
    result: list[Any] = []
    for index, item in enumerate(flow):
        if _is_heading(item):
            need = 0
            ahead = index
            while ahead < len(flow) and _is_heading(flow[ahead]):
                need += _lines_of(flow[ahead])
                ahead += 1
            if ahead < len(flow):
                need += min(KEEP_LINES, _lines_of(flow[ahead]))
            if index == 0 or not _is_heading(flow[index - 1]):
                result.append(KeepLines(need * PITCH - 0.01))
        result.append(item)
    return result


def _is_heading(item: Any) -> bool:
    return isinstance(item, GridParagraph) and item.heading


def _tasks(data: LetterData, body: GridStyle) -> list[Any]:
    if not data.tasks:
        return [GridParagraph("本年度无单列任务。", body)]
    items = []
    for n, task in enumerate(data.tasks, start=1):
        text = f"{n}.{chinese_dates(task.content)}"
        details = [
            f"目标：{chinese_dates(task.target)}" if task.target else "",
            f"完成时限：{chinese_dates(task.deadline)}" if task.deadline else "",
        ]
        extra = "；".join(d for d in details if d)
        items.append(GridParagraph(f"{text}（{extra}）。" if extra else f"{text}。", body))
    return items


class LetterStart(Flowable):
    """Marks the page where a letter begins (for its page numbers)."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """Only the mark: nothing is drawn, so no graphics state is saved and moved."""
        canvas.letter_start = canvas.getPageNumber()


class KeepGrid(KeepTogether):
    """``KeepTogether`` of grid flowables (paragraphs, spaces, tables): measured as
    reportlab's ``_listWrapOn`` measures them, without the copy of the frame it makes for
    what its contents might add to the frame (these add nothing)."""

    _content: list[Any]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        width = height = 0.0
        dims = []
        for item in self._content:
            w, h = item.wrapOn(self.canv, aW, 0xFFFFFFF)
            dims.append((w, h))
            if h <= FUZZ:
                continue
            width = max(width, min(w, aW))  # reportlab's listWrapOnFakeWidth
            height += h
        self._H = height
        self._H0 = dims[0][1] if dims else 0
        self._wrapInfo = aW, aH
        return width, 0xFFFFFF  # force a split, as KeepTogether does


class KeepLines(CondPageBreak):
    """``CondPageBreak`` that draws nothing where it stays (reportlab's moves and restores the
    graphics state around nothing: an empty ``q … Q`` in the page)."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        return None


class DuplexBreak(ActionFlowable):
    """Ends a letter for double-sided printing: when the letter took an odd number of pages,
    a blank page (no page number: GB/T 9704 numbers no blank page) follows, so the next
    letter starts on the front of a sheet."""

    def apply(self, doc: Any) -> None:
        pages = doc.canv.getPageNumber() - getattr(doc.canv, "letter_start", 1) + 1
        doc.handle_pageBreak()
        if pages % 2:
            doc.canv.blank_page = True
            doc.handle_pageBreak()


def _page_numbers(fonts: FontSet) -> Callable[[Any, Any], None]:
    song = fonts.name("song")
    rise = glyph_middle(song, "—") or DASH_RISE
    widths: dict[str, float] = {}

    def draw(canvas: Any, document: Any) -> None:
        if getattr(canvas, "blank_page", False):
            canvas.blank_page = False
            return
        number = canvas.getPageNumber() - getattr(canvas, "letter_start", 1) + 1
        text = f"— {number} —"
        canvas.saveState()
        canvas.setFont(song, PAGE_NUMBER_SIZE)
        y = PAGE_HEIGHT - TOP - AREA_HEIGHT - PAGE_NUMBER_DROP - rise * PAGE_NUMBER_SIZE
        width = widths.get(text)
        if width is None:  # the same few numbers, letter after letter
            width = widths[text] = canvas.stringWidth(text, song, PAGE_NUMBER_SIZE)
        if number % 2:  # odd pages right, even pages left, one character in
            canvas.drawString(LEFT + AREA_WIDTH - width - PAGE_NUMBER_SIZE, y, text)
        else:
            canvas.drawString(LEFT + PAGE_NUMBER_SIZE, y, text)
        canvas.restoreState()

    return draw


def write(
    path: Path,
    letters_data: list[LetterData],
    template: str,
    fonts: FontSet,
    *,
    copies: int = 1,
    duplex: bool | None = None,
) -> int:
    """All letters in one PDF, each starting on a new page; returns the page count.
    ``duplex`` (default: on for more than one letter or copy, off for a single letter): a
    letter of an odd page count is followed by a blank page, for double-sided printing."""
    if duplex is None:
        duplex = len(letters_data) * copies > 1
    frame = text_frame()
    document = GridDocument(
        str(path),
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        initialFontName=fonts.name("song"),
        title="目标管理责任书",
        author="妇联工作台",
    )
    # numbers are drawn at the end of each page, after LetterStart has marked where the
    # current letter began: every letter of a batch is numbered from 1
    document.addPageTemplates([PageTemplate("official", [frame], onPageEnd=_page_numbers(fonts))])
    flow: list[Any] = []
    for data in letters_data:
        for _copy in range(copies):
            if flow:
                flow.append(DuplexBreak() if duplex else PageBreak())
            flow.append(LetterStart())
            flow += story(data, template, fonts)
    document.build(flow)
    return int(document.page)
