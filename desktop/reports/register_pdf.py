"""A register's printed listing: the list columns of the filtered records, sensitive fields
masked, A4 (landscape when the columns need it), header repeated, ``第 X 页 共 Y 页``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from desktop.domain.letter_template import chinese_dates
from desktop.forms.definition import FieldDef
from desktop.forms.listing import Listing
from desktop.reports.pdf import base
from desktop.reports.pdf.fonts import FontSet

_MIN_MM, _MAX_MM, _MM_PER_CHAR = 12.0, 70.0, 3.4  # 9 pt CJK characters are ~3.2 mm wide


def _natural_mm(f: FieldDef, texts: Sequence[str]) -> float:
    longest = max([len(f.label), *(len(t) for t in texts[:500])], default=len(f.label))
    return min(_MAX_MM, max(_MIN_MM, longest * _MM_PER_CHAR + 5))  # + cell padding


def write_listing(
    path: Path,
    listing: Listing,
    rows: Sequence[int],
    fonts: FontSet,
    *,
    township: str,
    filters: str = "",
    today: date | None = None,
) -> int:
    """Write the listing; returns the page count."""
    form = listing.form
    columns = listing.columns
    texts = [listing.row_texts(r, columns) for r in rows]
    natural = [10.0] + [_natural_mm(f, [t[i] for t in texts]) for i, f in enumerate(columns)]
    wide = sum(natural) * mm > base.usable_width(False)
    available = base.usable_width(wide)
    # the table fills the text width: every column grows (or shrinks) in proportion
    scale = available / (sum(natural) * mm)
    widths = [w * mm * scale for w in natural]
    st = base.styles(fonts)
    day = today or date.today()
    subtitle = f"共 {len(rows)} 条　　制表日期：{day.year}年{day.month}月{day.day}日"
    if filters:  # its dates as officials write them: 2025年1月1日, not 2025-01-01
        subtitle = f"{chinese_dates(filters)}　　{subtitle}"
    table_rows = [["序号", *(f.label for f in columns)]]
    table_rows += [[str(n), *t] for n, t in enumerate(texts, start=1)]
    if not texts:  # nothing in the period: say so under the header
        table_rows.append(["", "无", *([""] * (len(columns) - 1))])
    story = [
        Paragraph(base.escape(f"{township}{form.title}"), st.title),
        Paragraph(base.escape(subtitle), st.subtitle),
        base.table(table_rows, widths, st),
    ]
    if any(f.sensitive for f in columns):
        story.append(Paragraph("注：涉及个人信息的栏目已作脱敏处理。", st.cell))
    return base.build(
        path, story, fonts, header=f"{township} · {form.title}", wide=wide, title=form.title
    )
