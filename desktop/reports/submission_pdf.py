"""The submission as PDF: the paper copy the township stamps (A4 landscape, the table's header
on every page, 表号 and 制定机关, the signature line, the content hash to match paper to file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from desktop.exchange.submission import Submission, code_line
from desktop.exchange.submission_excel import check_line
from desktop.reports.pdf import base, target_cells
from desktop.reports.pdf.fonts import FontSet

#: column shares of the line (characters)
_WIDTHS = {"序号": 3, "指标": 24, "计量单位": 5, "备注": 14}


def write_pdf(path: Path, submission: Submission, fonts: FontSet) -> int:
    st = base.styles(fonts)
    width = base.usable_width(True)
    claim = submission.claim
    draft = "（草稿）" if claim.draft else ""
    right = ParagraphStyle("right", parent=st.body, alignment=TA_RIGHT)
    small = ParagraphStyle(
        "small", parent=st.cell, fontSize=7.5, textColor=colors.HexColor("#666666")
    )
    head = Table(
        [
            [
                Paragraph(
                    "<br/>".join(
                        base.escape(line)
                        for line in (
                            f"填报单位（盖章）：{submission.unit_name}",
                            code_line(claim.township_code),
                        )
                        if line
                    ),
                    st.body,
                ),
                Paragraph(base.escape(f"{claim.year}年度"), st.body),
                Paragraph(
                    base.escape(
                        f"表　　号：{submission.table_number}<br/>制定机关：{submission.authority}"
                    ).replace("&lt;br/&gt;", "<br/>"),
                    right,
                ),
            ]
        ],
        colWidths=[width * 0.45, width * 0.15, width * 0.40],
    )
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    headers = list(submission.headers)
    shares = [_WIDTHS.get(h, 6) for h in headers]
    widths = [width * s / sum(shares) for s in shares]
    rows: list[list[object]] = [list(headers)]
    sections: set[int] = set()
    for row in submission.rows:
        if row.section:
            sections.add(len(rows))
        rows.append(
            [
                row.number,
                row.label,
                row.measure,
                *(row.cells.get(c, "") for c in submission.columns),
            ]
        )
    numeric = {i for i, h in enumerate(headers) if 3 <= i < len(headers) - 1}
    targets = target_cells.target_columns(headers)
    table = base.table(rows, widths, st, bold=sections, right=numeric, targets=targets)
    story: list[Any] = [
        Paragraph(base.escape(f"{submission.title}{draft}"), st.title),
        head,
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 3 * mm),
    ]
    story += [Paragraph(base.escape(note), st.cell) for note in submission.notes]
    if claim.draft:
        story.append(
            Paragraph(
                base.escape(f"草稿：尚未确认的单位：{'、'.join(claim.unconfirmed) or '无'}"),
                st.cell,
            )
        )
    story += [
        Spacer(1, 6 * mm),
        _signatures(submission, fonts, width),
        Spacer(1, 3 * mm),
        Paragraph(base.escape(check_line(submission)), small),
    ]
    return base.build(
        path,
        story,
        fonts,
        header=f"{claim.township} · {claim.year}年度 · {submission.table_number}",
        wide=True,
        title=submission.title,
    )


def _signatures(submission: Submission, fonts: FontSet, width: float) -> Table:
    """Each name with a line to write on (报出日期 with room for 年 月 日), across the page:
    as a Paragraph the Excel line's full-width spaces collapsed to nothing."""
    cells: list[str] = []
    lines = []
    for n, name in enumerate(submission.signatures):
        cells += [f"{name}：", "　　年　　月　　日" if name == "报出日期" else ""]
        lines.append(("LINEBELOW", (2 * n + 1, 0), (2 * n + 1, 0), 0.5, colors.black))
    labels = sum(len(name) + 1 for name in submission.signatures)
    per_character = min(width * 0.45 / max(labels, 1), 4.2 * mm)  # the labels' own room
    blank = (width - labels * per_character) / max(len(submission.signatures), 1)
    widths = [w for name in submission.signatures for w in ((len(name) + 1) * per_character, blank)]
    table = Table([cells], colWidths=widths, rowHeights=[10 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.name("song")),
                ("FONTSIZE", (0, 0), (-1, -1), 10.5),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                *lines,
            ]
        )
    )
    return table
