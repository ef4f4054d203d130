"""Printed blank forms: the same rows as the Excel template, for units that fill in on paper.

The order is the unit form's, so the clerk types a returned paper form straight in.
"""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from desktop.exchange.templates import template_rows
from desktop.reports.pdf import base
from desktop.reports.pdf.fonts import FontSet
from desktop.store import monitoring, profile, units
from desktop.store.database import Database

HEADERS = ("序号", "编码", "指标 / 数据项", "单位", "目标", "上年值", "本年值", "备注")
WIDTHS_MM = (10, 18, 80, 22, 30, 18, 24, 0)  # the last takes what is left


def write_form(db: Database, year: int, unit: units.Unit, path: Path, fonts: FontSet) -> int:
    assert unit.id is not None
    st = base.styles(fonts)
    facts = profile.load(db)
    current = monitoring.get_round(db, year)
    deadline = current.deadline if current and current.deadline else "（未设定）"
    rows = [list(HEADERS)]
    rows += [
        [str(n), *r.locked, "", ""] for n, r in enumerate(template_rows(db, year, unit.id), start=1)
    ]
    widths = [w * mm for w in WIDTHS_MM[:-1]]
    widths.append(base.usable_width(True) - sum(widths))
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
        base.table(rows, widths, st),
        Spacer(1, 8 * mm),
        Paragraph(
            "填报人：__________　　联系电话：______________　　"
            "单位负责人：__________　　（单位盖章）　　　年　　月　　日",
            st.body,
        ),
        Spacer(1, 3 * mm),
        Paragraph("说明：没有数据请填“无”；与上年相比变化较大的，请在备注中说明原因。", st.cell),
    ]
    return base.build(
        path,
        story,
        fonts,
        header=f"{facts.committee} · 统计监测填报表",
        wide=True,
        title=f"{unit.name}{year}年度监测填报表",
    )


def write_all(db: Database, year: int, folder: Path, *, unit_code: str | None = None) -> list[Path]:
    fonts = FontSet.discover()
    wanted = [units.get(db, uid) for uid, _n in monitoring.reporting_units(db, year)]
    if unit_code is not None:
        wanted = [u for u in wanted if u.code == unit_code]
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for unit in wanted:
        safe = re.sub(r'[\\/:*?"<>|]', "_", unit.name)
        path = folder / f"{year}年度监测填报表-{unit.code}-{safe}.pdf"
        write_form(db, year, unit, path, fonts)
        written.append(path)
    return written
