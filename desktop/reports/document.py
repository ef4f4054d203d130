"""A report as data: titled sections of tables, charts and paragraphs. Builders make it from
the database (pure functions of what they read); ``render_pdf`` and ``render_xlsx`` write it.
One model, two renderers: the Excel file and the PDF always show the same numbers."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.indicator_text import target_text

#: status → cell colour (the same greens and reds as the app's lists)
STATUS_COLOURS = {
    "met": "#d9f2dd",
    "missed": "#fde2e1",
    "missing": "#eeeeee",
    "no_target": "#ece6f5",  # a value but no target: the clerk sets one
    "warning": "#fff0c2",  # a warning on a met target (worse than last year, outlier)
    "counts": "#e3ecf7",  # counts only: the county computes the rate
}


@dataclass(frozen=True)
class Col:
    title: str
    width: int  # characters: the column's share of the PDF's line (Excel fits to the texts)
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    text: str  # what the PDF prints
    value: object = None  # what Excel stores (a number stays a number); None: the text
    number_format: str | None = None
    status: str | None = None  # met / missed / missing: coloured

    @property
    def excel(self) -> object:
        return self.text if self.value is None else self.value


def text(value: object) -> Cell:
    return Cell("" if value is None else str(value))


@dataclass
class Table:
    title: str  # the sheet's name in Excel, a heading in the PDF
    columns: list[Col]
    rows: list[list[Cell]] = field(default_factory=list)
    totals: set[int] = field(default_factory=set)  # rows printed bold (sums)
    note: str = ""

    def body(self) -> list[list[Cell]]:
        """The rows every renderer prints: a table without rows prints one 无 row (a ruled
        header over nothing reads as a printing fault), the same in the PDF and in Excel."""
        if self.rows:
            return self.rows
        return [[Cell("无"), *(Cell("") for _ in self.columns[1:])]] if self.columns else []


@dataclass
class Chart:
    title: str
    kind: str  # "bar" (grouped), "stacked", "line"
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    target: float | None = None  # a horizontal target line (line charts)
    unit: str = ""
    decimals: int | None = None  # places of the printed values; None: from the data
    direction: str = "="  # the target's: >=, <=, ~ or = (``indicator_text.SUFFIXES``)

    @property
    def target_label(self) -> str:
        """``目标 90%以上``, ``目标 12/10万以下``: the target line's label, worded as the
        tables word a target (``indicator_text``), not ``目标 90.0``."""
        if self.target is None:
            return ""
        shown = target_text(self.target, self.direction, self.unit, self.decimals)
        return f"目标 {shown}"

    @property
    def places(self) -> int:
        """``decimals``, else 0 when every value is whole (counts), else 1 (rates)."""
        if self.decimals is not None:
            return self.decimals
        known = [v for _name, values in self.series for v in values if v is not None]
        return 0 if all(float(v).is_integer() for v in known) else 1


@dataclass
class Page:
    """A page of its own in the PDF (a reminder notice: portrait, official layout, no report
    header or page number); a row in Excel's list sheet."""

    title: str
    paragraphs: list[str]
    closing: int = 0  # the last paragraphs (signature, date) placed on the right


Block = Table | Chart | Page | str


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    key: str  # the CLI name: monitoring, warnings ...
    title: str
    township: str
    subtitle: str
    sections: list[Section] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]


@dataclass
class Pack:
    """Several reports in one document (the year's 年度工作汇总): a cover and contents in the
    PDF; in Excel the reports' sections one after another."""

    title: str
    township: str
    reports: list[Report]

    def combined(self) -> Report:
        first = self.reports[0]
        combined = Report("summary", "年度工作汇总", first.township, first.subtitle)
        for report in self.reports:
            combined.sections.append(Section(report.title))
            combined.sections += report.sections
        return combined
