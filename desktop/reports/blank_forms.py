"""Printed blank forms: the same rows as the Excel template, for units that fill in on paper.

The order is the unit form's, so the clerk types a returned paper form straight in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.exchange.templates import template_rows
from desktop.reports.pdf import base
from desktop.reports.pdf.fonts import FontSet
from desktop.store import profile, round_progress, units
from desktop.store.database import Database

HEADERS = ("序号", "编码", "指标 / 数据项", "单位", "目标", "上年值", "本年值", "备注")
WIDTHS_MM = (12, 18, 80, 22, 30, 18, 24, 0)  # the last takes what is left
ROW_MM = 8.0  # rows tall enough to write in by hand
KEEP_ROWS = 3  # rows kept on the page of the signature block


def write_form(db: Database, year: int, unit: units.Unit, path: Path, fonts: FontSet) -> int:
    assert unit.id is not None
    st = base.styles(fonts)
    facts = profile.load(db)
    current = round_progress.get_round(db, year)
    deadline = current.deadline if current and current.deadline else "（未设定）"
    rows = [list(HEADERS)]
    rows += [
        [str(n), *r.locked, "", ""] for n, r in enumerate(template_rows(db, year, unit.id), start=1)
    ]
    widths = [w * mm for w in WIDTHS_MM[:-1]]
    widths.append(base.usable_width(True) - sum(widths))
    # the last rows go over with the signature block: it never stands alone on a page
    split = max(1, len(rows) - KEEP_ROWS)
    story = [
        Paragraph(
            base.escape(f"{facts.township}{year}年度妇女儿童发展规划统计监测填报表"), st.title
        ),
        Paragraph(
            base.escape(
                f"填报单位：{unit.name}　　填报截止：{deadline}　　"
                f"联系人：{facts.clerk} {facts.phone}"
            ),
            st.subtitle,
        ),
        base.table(rows[:split], widths, st, min_row_mm=ROW_MM),
    ]
    tail: list[Any] = []
    if split < len(rows):
        tail.append(
            _Continued(
                base.table(rows[split:], widths, st, header_rows=0, min_row_mm=ROW_MM),
                base.table(rows[:1] + rows[split:], widths, st, min_row_mm=ROW_MM),
            )
        )
    tail += [
        Spacer(1, 8 * mm),
        _signature(st, fonts),
        Spacer(1, 3 * mm),
        Paragraph("说明：没有数据请填“无”；与上年相比变化较大的，请在备注中说明原因。", st.cell),
    ]
    story.append(KeepTogether(tail))
    return base.build(
        path,
        story,
        fonts,
        header=f"{facts.committee} · 统计监测填报表",
        wide=True,
        title=f"{unit.name}{year}年度监测填报表",
    )


class _Continued(Flowable):
    """The table's last rows: joined on to the rows above when they fit on the same page;
    with the header row again when the signature block takes them over to a new page."""

    def __init__(self, plain: Flowable, headed: Flowable) -> None:
        super().__init__()
        self.plain, self.headed = plain, headed
        self.chosen = plain
        self.hAlign = plain.hAlign  # placed as the table above it is (centred), not at the left
        # what a frame offers at the top of a page: base.build's landscape frame less its
        # own 6 pt padding above and below
        self.page_top = landscape(A4)[1] - 2 * base.MARGIN - 4 * mm - 12

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.chosen = self.headed if avail_height >= self.page_top - 1 else self.plain
        width, height = self.chosen.wrap(avail_width, avail_height)
        return float(width), float(height)

    def draw(self) -> None:
        self.chosen.drawOn(self.canv, 0, 0)


def _signature(st: base.Styles, fonts: FontSet) -> Table:
    """Blanks to write on: lines under the names, room for 年 月 日 (plain strings keep
    their spaces; a Paragraph would collapse them)."""
    cells = [
        ["填报人：", "", "联系电话：", "", "单位负责人：", "", "（单位盖章）"],
        ["", "", "", "", "", "", "　　　　年　　　月　　　日"],
    ]
    widths = [18 * mm, 32 * mm, 22 * mm, 40 * mm, 26 * mm, 32 * mm, 60 * mm]
    table = Table(cells, colWidths=widths, rowHeights=[10 * mm, 10 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.name("song")),
                ("FONTSIZE", (0, 0), (-1, -1), 10.5),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 0), 0.5, colors.black),
                ("LINEBELOW", (3, 0), (3, 0), 0.5, colors.black),
                ("LINEBELOW", (5, 0), (5, 0), 0.5, colors.black),
                ("ALIGN", (6, 0), (6, -1), "RIGHT"),
            ]
        )
    )
    return table
