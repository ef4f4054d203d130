"""统计监测报告 on a county database: the year's narrative the county's 妇儿工委 sends up,
drafted from the townships' submissions (issue 18).

The township report's sections, in terms of townships: 一、基本情况 (townships submitted,
draft, late, not submitted against the due date), 二、主要指标达标情况 from the county totals
(Σ numerators / Σ denominators of the townships, never an average of their rates), 三、与上年
相比, 四、监测预警 (the county's own notices), 五、存在的问题 naming the townships whose own
value misses a target the county missed, 六、下一步工作. Facts only; 【待补充】 marks what
only the clerk can write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop.domain.evaluation import Status
from desktop.domain.letter_template import chinese_date
from desktop.reports import county_report
from desktop.reports import monitoring_narrative as township
from desktop.reports.monitoring_narrative import CN, TO_FILL, Facts, with_value
from desktop.reports.official_doc import OfficialDoc
from desktop.store import county, evaluation, indicators, notices, profile
from desktop.store import follow_ups as follow_up_store
from desktop.store.database import Database


@dataclass
class CountyFacts:
    facts: Facts  # results, last year, notices: as the township report reads them
    townships: list[county_report.Progress]
    pulling: dict[int, list[tuple[str, Decimal]]]  # indicator id -> townships missing it


def gather(db: Database, year: int, today: date) -> CountyFacts:
    last = year - 1
    facts = Facts(
        year=year,
        today=today,
        profile=profile.load(db),
        results=evaluation.evaluate_year(db, year),
        leads={},
        progress=[],
        deadline=county_report.due_date(year),
        follow_ups=follow_up_store.follow_ups(db, year=year),
        notices=notices.notices(db, year),
        last_year=evaluation.evaluate_year(db, last) if last in county.years(db) else [],
    )
    return CountyFacts(
        facts, county_report.progress(db, year, today=today), county_report.pulling_down(db, year)
    )


def draft(cf: CountyFacts) -> OfficialDoc:
    facts = cf.facts
    year, name = facts.year, facts.profile.township
    issuer = facts.profile.committee or facts.profile.federation or name
    issuer = issuer or TO_FILL.format("妇儿工委名称")
    doc = OfficialDoc(f"{name}{year}年度妇女儿童发展规划实施情况统计监测报告")
    doc.add("addressee", "市妇儿工委办公室：")
    doc.add(
        "paragraph",
        f"按照妇女发展规划、儿童发展规划统计监测工作要求，{issuer}组织各乡镇（街道）报送了"
        f"{year}年度监测数据，全县指标由各乡镇上报的计数相加后计算。现将统计监测情况报告如下：",
    )
    doc.add("heading1", f"{CN[0]}、基本情况")
    for text in basics(cf):
        doc.add("paragraph", text)
    township._achievement(doc, facts, f"{CN[1]}、")
    township._change(doc, facts, f"{CN[2]}、")
    township._warnings(doc, facts, f"{CN[3]}、")
    doc.add("heading1", f"{CN[4]}、存在的问题")
    found = problems(cf)
    if not found:
        doc.add("paragraph", "从本年度监测数据看，未发现未达标、无数据、乡镇逾期或未上报的情况。")
    for n, text in enumerate(found, start=1):
        doc.add("paragraph", f"{n}．{text}")
    doc.add("heading1", f"{CN[5]}、下一步工作")
    for n, text in enumerate(next_steps(cf), start=1):
        doc.add("paragraph", f"{n}．{text}")
    doc.attachment_note([f"{year}年度妇女儿童发展规划主要监测指标情况表"])
    doc.add("signature", lines=(issuer, chinese_date(facts.today)))
    township._attachment(doc, facts)
    return doc


def _names(items: Sequence[str]) -> str:
    return "、".join(dict.fromkeys(items))


def basics(cf: CountyFacts) -> list[str]:
    facts, rows = cf.facts, cf.townships
    done = [p for p in rows if p.state != "未上报"]
    drafts = [p.township for p in rows if p.state == "草稿"]
    missing = [p.township for p in rows if p.state == "未上报"]
    late = [p.township for p in done if p.late]
    text = f"{facts.year}年度全县共有{len(rows)}个乡镇（街道）承担监测数据上报任务"
    text += f"，已上报{len(done)}个" if missing or not rows else "，已全部上报"
    if drafts:
        text += f"（其中仅报草稿{len(drafts)}个：{_names(drafts)}）"
    if missing:
        text += f"，未上报{len(missing)}个（{_names(missing)}）"
    due = chinese_date(date.fromisoformat(facts.deadline))
    text += f"；上报截止日期为{due}，" + (
        f"逾期上报{len(late)}个（{_names(late)}）" if late else "无逾期上报的乡镇"
    )
    plans = [
        f"{label}{sum(1 for i, _v in facts.results if i.plan == plan)}项"
        for plan, label in indicators.PLANS.items()
    ]
    counts = township._tally(facts.results)
    with_data = len(facts.results) - counts[Status.MISSING]  # 未设目标 has data too
    return [
        text + "。",
        f"纳入本年度监测的指标共{len(facts.results)}项，其中{'、'.join(plans)}；全县有合计数据"
        f"{with_data}项，无数据{counts[Status.MISSING]}项，数据完整率"
        f"{township._percent(with_data, len(facts.results))}。",
        TO_FILL.format("本年度全县贯彻实施两个规划的主要工作、措施和成效"),
    ]


def _pulling(cf: CountyFacts, indicator: indicators.Indicator) -> str:
    low = cf.pulling.get(indicator.id or 0, [])
    return "、".join(f"{t}（{indicator.amount(v)}）" for t, v in low)


def problems(cf: CountyFacts) -> list[str]:
    facts, result = cf.facts, []
    missed = [line for line in facts.results if line[1].status is Status.MISSED]
    if missed:
        listed = "；".join(
            with_value(x) + (f"，未达标的乡镇：{_pulling(cf, x[0])}" if _pulling(cf, x[0]) else "")
            for x in missed
        )
        result.append(f"全县未达标指标{len(missed)}项：{listed}。")
    missing = [i.name for i, v in facts.results if v.status is Status.MISSING]
    if missing:
        result.append(f"全县无数据指标{len(missing)}项：{_names(missing)}，监测数据不完整。")
    never = [p.township for p in cf.townships if p.state == "未上报"]
    if never:
        result.append(f"未上报{facts.year}年度监测数据的乡镇{len(never)}个：{_names(never)}。")
    late = [p.township for p in cf.townships if p.late and p.state != "未上报"]
    if late:
        result.append(f"逾期上报的乡镇{len(late)}个：{_names(late)}。")
    overdue = [f for f in facts.follow_ups if f.overdue(facts.today)]
    if overdue:
        listed = township.overdue_items(overdue)
        result.append(f"超过整改期限仍未整改到位的事项{len(overdue)}项：{listed}。")
    return result


def next_steps(cf: CountyFacts) -> list[str]:
    facts, steps = cf.facts, []
    missed = [x for x in facts.results if x[1].status is Status.MISSED]
    low = _names([t for i, _v in missed for t, _n in cf.pulling.get(i.id or 0, [])])
    if missed:
        who = f"督促{low}" if low else "督促相关乡镇和牵头单位"
        names = _names([township.value_name(i) for i, _v in missed])
        steps.append(f"{who}针对{names}等未达标指标分析原因、落实整改措施。")
    never = [p.township for p in cf.townships if p.state == "未上报" or p.late]
    if never:
        steps.append(f"督促{_names(never)}按时上报监测数据。")
    steps.append(TO_FILL.format("结合全县实际，写明下一年度推进两个规划实施的具体措施"))
    return steps
