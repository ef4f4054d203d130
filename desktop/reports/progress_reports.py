"""Reports on the units: reporting progress with reminder notices (填报进度、催报单). The
year-end 考核 is in ``assessment_reports``."""

from __future__ import annotations

from collections import Counter
from datetime import date

from desktop.reports.document import Block, Cell, Chart, Col, Page, Report, Section, Table, text
from desktop.store import profile, round_progress, units
from desktop.store.database import Database
from desktop.store.round_progress import STATES


def _date_text(day: str) -> str:
    if not day:
        return "（未设定）"
    d = date.fromisoformat(day[:10])
    return f"{d.year}年{d.month}月{d.day}日"


def completeness(db: Database, year: int, *, today: date | None = None) -> Report:
    facts = profile.load(db)
    current = round_progress.get_round(db, year)
    deadline = current.deadline if current else ""
    progress = round_progress.completeness(db, year, today=today)
    report = Report(
        "completeness",
        f"{year}年度统计监测填报进度",
        facts.township,
        f"统计年度：{year}年，填报截止：{_date_text(deadline)}",
    )
    table = Table(
        "填报进度",
        [
            Col("序号", 5, numeric=True),
            Col("单位", 16),
            Col("应填项", 7, numeric=True),
            Col("已填项", 7, numeric=True),
            Col("状态", 8),
            Col("确认时间", 16),
            Col("是否逾期", 8),
        ],
    )
    colour = {"complete": "met", "entered": "missing", "pending": "missed"}
    states: Counter[str] = Counter()
    for n, p in enumerate(progress, start=1):
        states[p.state] += 1
        table.rows.append(
            [
                Cell(str(n), n, "0"),
                text(p.name),
                Cell(str(p.assigned), p.assigned, "0"),
                Cell(str(p.entered), p.entered, "0"),
                Cell(p.state_label, status=colour[p.state]),
                text(p.completed_at or ""),
                Cell("逾期" if p.late else "", status="missed" if p.late else None),
            ]
        )
    table.note = "，".join(f"{STATES[s]} {states[s]} 个" for s in STATES) + "。"
    chart = Chart(
        "各状态单位数",
        "bar",
        [STATES[s] for s in STATES],
        [("单位数", [states[s] for s in STATES])],
        unit="个",
    )
    notices: list[Block] = []
    contact = f"联系人：{facts.clerk}，电话：{facts.phone}" if facts.clerk else ""
    names = {u.id: u for u in units.list_units(db)}
    for p in progress:
        if p.state == "complete":
            continue
        unit = names.get(p.unit_id)
        missing = p.assigned - p.entered
        notices.append(
            Page(
                f"{year}年度统计监测数据催报单",
                [
                    f"{p.name}{('（' + unit.liaison + '）') if unit and unit.liaison else ''}：",
                    f"　　贵单位承担的{year}年度妇女儿童发展规划统计监测数据共{p.assigned}项，"
                    + (
                        f"目前已填{p.entered}项，尚有{missing}项未填报"
                        if missing
                        else "已全部填报，但尚未确认提交"
                    )
                    + f"。填报截止时间为{_date_text(deadline)}"
                    + ("，现已逾期" if p.late else "")
                    + ("。请抓紧填报并确认" if missing else "。请抓紧核对并确认提交")
                    + "，如有困难请及时联系。",
                    "",
                    contact,
                    f"{facts.committee or facts.federation}",
                    _date_text((today or date.today()).isoformat()),
                ],
                closing=2,
            )
        )
    report.sections.append(Section("", [table, chart]))
    if notices:
        report.sections.append(Section("", notices))
    return report
