"""统计监测报告: the yearly narrative a township's 妇儿工委 sends up about implementing the two
plans (妇女发展规划, 儿童发展规划), drafted from the data for the clerk to finish.

Sections as township reports are written: 一、基本情况 (units, indicators, completeness),
二、主要指标达标情况 (per plan and domain: achieved / not achieved / no data, each indicator
named with its value and target), 三、与上年相比的变化, 四、监测预警及整改情况 (notices, 督办,
整改 states), 五、存在的问题 (facts only), 六、下一步工作 (derived from those facts;
【待补充】 marks what only the clerk can write). Every sentence is built from the data: no
invented prose, no personal data (unit names only). Written through ``official_doc`` (GB/T 9704
page, PDF or editable Word).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from desktop.domain.evaluation import Flag, Status, Trend, Verdict
from desktop.domain.letter_template import chinese_date
from desktop.reports.official_doc import OfficialDoc
from desktop.store import evaluation, indicators, notices, profile, round_progress, units
from desktop.store import follow_ups as follow_up_store
from desktop.store.database import Database
from desktop.store.indicators import Indicator
from desktop.store.profile import Profile

CN = "一二三四五六七八九十"
TO_FILL = "【待补充：{}】"
Line = tuple[Indicator, Verdict]


@dataclass
class Facts:
    """What the report says, read from the database (no SQL here: store functions only)."""

    year: int
    today: date  # the report's date: lateness and overdue 整改 are as of this day
    profile: Profile
    results: list[Line]
    leads: dict[int, list[str]]
    progress: list[round_progress.UnitProgress]
    deadline: str
    follow_ups: list[follow_up_store.FollowUp]
    notices: list[notices.Notice]
    last_year: list[Line] = field(default_factory=list)  # evaluated, when it was monitored
    #: unit id -> kind (department, village, community ...): 成员单位 apart from 村（社区）
    unit_kinds: dict[int, str] = field(default_factory=dict)


def gather(db: Database, year: int, today: date) -> Facts:
    round_ = round_progress.get_round(db, year)
    last = year - 1
    return Facts(
        year=year,
        today=today,
        profile=profile.load(db),
        results=evaluation.evaluate_year(db, year),
        leads=evaluation.lead_units(db, year),
        progress=round_progress.completeness(db, year, today=today),
        deadline=round_.deadline if round_ else "",
        follow_ups=follow_up_store.follow_ups(db, year=year),
        notices=notices.notices(db, year),
        last_year=evaluation.evaluate_year(db, last) if last in round_progress.years(db) else [],
        unit_kinds={u.id: u.kind for u in units.list_units(db) if u.id is not None},
    )


# ----- phrases --------------------------------------------------------------------------------
def target_text(indicator: Indicator, verdict: Verdict) -> str:
    """``期末目标99%以上`` (the plan's final target) or ``年度目标90%以上``."""
    if verdict.target is None:
        return "未设目标"
    return verdict.target.label + indicator.target_text(verdict.target, tagged=False)


def value_name(indicator: Indicator) -> str:
    """The name a rate is stated under: a death count's value is its rate (``新生儿死亡数``
    5.1‰ is the 新生儿死亡率; ``孕产妇死亡数（活产数）`` 47.3/10万 the 孕产妇死亡率)."""
    name = indicator.name
    per = indicator.measure == "‰" or indicator.measure.startswith("1/")  # a rate's measure
    if per and "死亡数" in name:
        return name.split("（", 1)[0].replace("死亡数", "死亡率")
    return name


def line_name(line: Line) -> str:
    """The catalogue name while only the counts are reported, else the name of the value."""
    indicator, verdict = line
    return indicator.name if verdict.status is Status.COUNTS else value_name(indicator)


def with_value(line: Line) -> str:
    """``住院分娩率为98.5%（期末目标99%以上）``: ``为`` between name and value, so a name
    ending in a digit (``本地监测指标0098``) never runs into the number."""
    indicator, verdict = line
    if verdict.value is None:
        return indicator.name
    return f"{value_name(indicator)}为{indicator.amount(verdict.value)}（{target_text(*line)}）"


def overdue_items(items: Sequence[follow_up_store.FollowUp]) -> str:
    """``镇卫生院（住院分娩率）；东岗村（学前教育毛入园率）``: the unit, then what it owes."""
    return "；".join(f"{f.unit}（{f.indicator.split(' ', 1)[-1]}）" for f in items)


def _names(items: Sequence[str]) -> str:
    return "、".join(dict.fromkeys(x for x in items if x))


def _percent(part: int, whole: int) -> str:
    return "—" if whole == 0 else f"{100 * part / whole:.1f}%"


def _tally(lines: Sequence[Line]) -> Counter[Status]:
    return Counter(v.status for _i, v in lines)


def _count_sentence(lines: Sequence[Line]) -> str:
    """``监测指标3项，达标1项，未达标1项，无数据1项，达标率50.0%``."""
    counts = _tally(lines)
    met, missed, missing = counts[Status.MET], counts[Status.MISSED], counts[Status.MISSING]
    text = f"监测指标{len(lines)}项，达标{met}项，未达标{missed}项，无数据{missing}项"
    if counts[Status.NO_TARGET]:
        text += f"，未设目标值{counts[Status.NO_TARGET]}项"
    if counts[Status.COUNTS]:
        text += f"，只报计数（由县级计算）{counts[Status.COUNTS]}项"
    return text + f"，达标率{_percent(met, met + missed)}"


# ----- the document ---------------------------------------------------------------------------
def draft(facts: Facts) -> OfficialDoc:
    year, township = facts.year, facts.profile.township
    issuer = facts.profile.committee or facts.profile.federation or township
    issuer = issuer or TO_FILL.format("妇儿工委名称")
    doc = OfficialDoc(f"{township}{year}年度妇女儿童发展规划实施情况统计监测报告")
    doc.add("addressee", "县妇儿工委办公室：")
    doc.add(
        "paragraph",
        f"按照妇女发展规划、儿童发展规划统计监测工作要求，{issuer}组织{_reporters(facts)}报送了"
        f"{year}年度监测数据。现将统计监测情况报告如下：",
    )
    sections = (_basics, _achievement, _change, _warnings, _problems, _next_steps)
    for n, section in enumerate(sections):
        section(doc, facts, f"{CN[n]}、")
    doc.attachment_note([f"{year}年度妇女儿童发展规划主要监测指标情况表"])
    doc.add("signature", lines=(issuer, chinese_date(facts.today)))
    _attachment(doc, facts)
    return doc


VILLAGES = ("village", "community")  # 村（社区）: reporting units, not 成员单位


def _villages(facts: Facts) -> int:
    return sum(1 for p in facts.progress if facts.unit_kinds.get(p.unit_id) in VILLAGES)


def _reporters(facts: Facts) -> str:
    """Who reported: ``成员单位``, or ``成员单位和村（社区）`` when villages report too."""
    return "成员单位和村（社区）" if _villages(facts) else "成员单位"


def _unit_count(facts: Facts) -> str:
    """``22个单位（成员单位4个、村（社区）18个）``, or ``4个成员单位``."""
    villages, total = _villages(facts), len(facts.progress)
    if not villages:
        return f"{total}个成员单位"
    return f"{total}个单位（成员单位{total - villages}个、村（社区）{villages}个）"


def _basics(doc: OfficialDoc, facts: Facts, number: str) -> None:
    doc.add("heading1", f"{number}基本情况")
    rows = facts.progress
    confirmed = [p for p in rows if p.state == "complete"]
    entered = [p for p in rows if p.state == "entered"]
    pending = [p for p in rows if p.state == "pending"]
    late = [p for p in rows if p.late]
    text = (
        f"{facts.year}年度共有{_unit_count(facts)}承担监测数据报送任务，已确认报送"
        f"{len(confirmed)}个，已填报未确认{len(entered)}个，未填报{len(pending)}个"
    )
    if facts.deadline:
        text += f"；报送截止日期为{chinese_date(date.fromisoformat(facts.deadline))}"
        text += f"，逾期报送或未报送{len(late)}个" if late else "，无逾期单位"
    assigned = sum(p.assigned for p in rows)
    filled = sum(p.entered for p in rows)
    doc.add(
        "paragraph",
        text
        + f"。应填报数据项{assigned}个，已填报{filled}个，填报率{_percent(filled, assigned)}。",
    )
    plans = [
        f"{label}{sum(1 for i, _v in facts.results if i.plan == plan)}项"
        for plan, label in indicators.PLANS.items()
    ]
    counts = _tally(facts.results)
    with_data = len(facts.results) - counts[Status.MISSING]
    doc.add(
        "paragraph",
        f"纳入本年度监测的指标共{len(facts.results)}项，其中{'、'.join(plans)}；有数据"
        f"{with_data}项，无数据{counts[Status.MISSING]}项，数据完整率"
        f"{_percent(with_data, len(facts.results))}。",
    )
    doc.add("paragraph", TO_FILL.format("本年度贯彻实施两个规划的主要工作、措施和成效"))


def _achievement(doc: OfficialDoc, facts: Facts, number: str) -> None:
    doc.add("heading1", f"{number}主要指标达标情况")
    doc.add("paragraph", f"全年{_count_sentence(facts.results)}。")
    n = 0
    for plan, label in indicators.PLANS.items():
        lines = [line for line in facts.results if line[0].plan == plan]
        if not lines:
            continue
        doc.add("heading2", f"（{CN[n]}）{label}")
        n += 1
        doc.add("paragraph", f"{label}{_count_sentence(lines)}。")
        for domain in dict.fromkeys(i.domain for i, _v in lines):
            in_domain = [line for line in lines if line[0].domain == domain]
            doc.add("paragraph", _domain_sentence(domain, in_domain))


def _domain_sentence(domain: str, lines: Sequence[Line]) -> str:
    parts = []
    for status, label in ((Status.MET, "达标"), (Status.MISSED, "未达标")):
        chosen = [line for line in lines if line[1].status is status]
        if chosen:
            parts.append(f"{label}{len(chosen)}项：{'；'.join(with_value(x) for x in chosen)}")
    missing = [i.name for i, v in lines if v.status is Status.MISSING]
    if missing:
        parts.append(f"无数据{len(missing)}项：{_names(missing)}")
    counts = [i.name for i, v in lines if v.status is Status.COUNTS]
    if counts:
        parts.append(f"只报计数{len(counts)}项：{_names(counts)}")
    untargeted = [
        f"{value_name(i)}为{i.amount(v.value)}"
        for i, v in lines
        if v.status is Status.NO_TARGET and v.value is not None
    ]
    if untargeted:
        parts.append(f"未设目标值{len(untargeted)}项：{'；'.join(untargeted)}")
    return f"{domain}领域监测指标{len(lines)}项。" + "。".join(parts) + "。"


def _change(doc: OfficialDoc, facts: Facts, number: str) -> None:
    doc.add("heading1", f"{number}与上年相比的变化")
    if facts.last_year:
        last, this = _tally(facts.last_year), _tally(facts.results)
        doc.add(
            "paragraph",
            f"{facts.year - 1}年度监测指标{len(facts.last_year)}项，达标{last[Status.MET]}项；"
            f"{facts.year}年度达标{this[Status.MET]}项，"
            f"{_more_or_less(this[Status.MET] - last[Status.MET])}。",
        )
    compared = [line for line in facts.results if line[1].trend is not Trend.UNKNOWN]
    if not compared:
        doc.add("paragraph", "本年度没有可与上年数据比较的指标。")
        return
    by_trend = {t: [x for x in compared if x[1].trend is t] for t in Trend}
    doc.add(
        "paragraph",
        f"有上年数据可比的指标{len(compared)}项，其中好转{len(by_trend[Trend.BETTER])}项、"
        f"变差{len(by_trend[Trend.WORSE])}项、持平{len(by_trend[Trend.SAME])}项。",
    )
    for trend, label in ((Trend.BETTER, "好转"), (Trend.WORSE, "变差")):
        if by_trend[trend]:
            moves = "；".join(_move(line) for line in by_trend[trend])
            doc.add("paragraph", f"{label}的指标：{moves}。")


def _more_or_less(delta: int) -> str:
    if delta == 0:
        return "与上年持平"
    return f"比上年{'增加' if delta > 0 else '减少'}{abs(delta)}项"


def _move(line: Line) -> str:
    indicator, verdict = line
    assert verdict.value is not None
    assert verdict.last_value is not None
    assert verdict.change is not None
    # the figure the tables print (rounded values' difference): 58.0 → 58.0 is 保持
    verb = "升至" if verdict.change > 0 else "降至" if verdict.change < 0 else "保持"
    start = indicator.amount(verdict.last_value)
    moved = f"{value_name(indicator)}由上年{start}{verb}{indicator.amount(verdict.value)}"
    if indicator.direction == "~" and verdict.change:  # a 左右 target: nearer is better
        moved += "，更接近目标" if verdict.trend is Trend.BETTER else "，偏离目标"
    return moved


def _warnings(doc: OfficialDoc, facts: Facts, number: str) -> None:
    doc.add("heading1", f"{number}监测预警及整改情况")
    warned = [line for line in facts.results if line[1].flags]
    if not warned:
        doc.add("paragraph", "本年度没有触发预警的指标。")
        return
    flags = Counter(f for _i, v in warned for f in v.flags)
    kinds = "、".join(f"{f.label}{flags[f]}项" for f in Flag if flags[f])
    doc.add(
        "paragraph",
        f"本年度触发预警的指标{len(warned)}项（{kinds}；一项指标可同时有几种预警）："
        f"{_names([line_name(x) for x in warned])}。",
    )
    sent = Counter(n.kind for n in facts.notices)
    followed = {f.indicator_id for f in facts.follow_ups}
    not_sent = [line_name(x) for x in warned if x[0].id not in followed]
    if not facts.notices:
        doc.add("paragraph", "截至目前，尚未发出预警通知书。")
        return
    units = _names([n.unit for n in facts.notices])
    text = f"已向{units}发出预警通知书{sent['warning']}份"
    if sent["supervision"]:
        text += f"、督办通知单{sent['supervision']}份"
    states = Counter(_state(f, facts) for f in facts.follow_ups)
    shown = "、".join(f"{label}{states[label]}项" for label in STATES if states[label])
    text += f"，涉及整改事项{len(facts.follow_ups)}项次，其中{shown}。"
    if not_sent:
        text += f"尚未发出通知书的预警指标{len(not_sent)}项：{_names(not_sent)}。"
    doc.add("paragraph", text)


#: follow-up states as the report counts them (an open item past its 整改期限 is 整改逾期)
STATES = ("已整改", "整改中", "整改逾期", "已督办")


def _state(item: follow_up_store.FollowUp, facts: Facts) -> str:
    return item.state_label(facts.today)


def _problems(doc: OfficialDoc, facts: Facts, number: str) -> None:
    doc.add("heading1", f"{number}存在的问题")
    found = problems(facts)
    if not found:
        doc.add("paragraph", "从本年度监测数据看，未发现未达标、无数据、逾期报送或整改逾期的情况。")
    for n, text in enumerate(found, start=1):
        doc.add("paragraph", f"{n}．{text}")


@dataclass(frozen=True)
class Gaps:
    """What the year falls short in: 存在的问题 states them, 下一步工作 answers them."""

    missed: list[Line]
    missing: list[Line]
    late: list[str]
    overdue: list[follow_up_store.FollowUp]


def gaps(facts: Facts) -> Gaps:
    return Gaps(
        [line for line in facts.results if line[1].status is Status.MISSED],
        [line for line in facts.results if line[1].status is Status.MISSING],
        [p.name for p in facts.progress if p.late],
        [f for f in facts.follow_ups if f.overdue(facts.today)],
    )


def problems(facts: Facts) -> list[str]:
    result = []
    found = gaps(facts)
    missed, missing, late, overdue = found.missed, found.missing, found.late, found.overdue
    if missed:
        listed = "；".join(
            with_value(x) + (f"，牵头单位{_names(facts.leads.get(x[0].id or 0, []))}")
            if facts.leads.get(x[0].id or 0)
            else with_value(x)
            for x in missed
        )
        result.append(f"未达标指标{len(missed)}项：{listed}。")
    if missing:
        result.append(
            f"无数据指标{len(missing)}项：{_names([i.name for i, _v in missing])}，监测数据不完整。"
        )
    if late:
        result.append(f"逾期报送或未报送监测数据的单位{len(late)}个：{_names(late)}。")
    if overdue:
        result.append(f"超过整改期限仍未整改到位的事项{len(overdue)}项：{overdue_items(overdue)}。")
    return result


def _next_steps(doc: OfficialDoc, facts: Facts, number: str) -> None:
    doc.add("heading1", f"{number}下一步工作")
    for n, text in enumerate(next_steps(facts), start=1):
        doc.add("paragraph", f"{n}．{text}")


def next_steps(facts: Facts) -> list[str]:
    """One step per kind of problem found, naming the units and indicators; then the clerk's."""
    steps = []
    found = gaps(facts)
    missed, missing, late, overdue = found.missed, found.missing, found.late, found.overdue
    if missed:
        leads = _names([u for x in missed for u in facts.leads.get(x[0].id or 0, [])])
        who = f"督促{leads}" if leads else "督促牵头单位"
        names = _names([value_name(i) for i, _v in missed])
        steps.append(f"{who}针对{names}等未达标指标分析原因、落实整改措施。")
    if missing:
        steps.append(
            f"协调责任单位补齐{_names([i.name for i, _v in missing])}的数据来源，确保监测数据完整。"
        )
    if late:
        steps.append(f"督促{_names(late)}按时报送和确认监测数据。")
    if overdue:
        steps.append(f"对整改逾期的{len(overdue)}项事项跟踪督办，必要时发出督办通知单。")
    steps.append(TO_FILL.format("结合本乡镇实际，写明下一年度推进两个规划实施的具体措施"))
    return steps


def _attachment(doc: OfficialDoc, facts: Facts) -> None:
    doc.add("page_break")
    doc.add("attachment", "附件")
    doc.add("caption", f"{facts.year}年度妇女儿童发展规划主要监测指标情况表")
    # a 规划 column only where a domain does not name its plan (妇女与健康, 儿童与健康 ...)
    plan = any(not i.domain.startswith(indicators.PLANS[i.plan][:2]) for i, _v in facts.results)
    rows: list[tuple[str, ...]] = [
        (*(("规划",) if plan else ()), "领域", "指标", "目标", "上年", "本年", "达标情况")
    ]
    for indicator, verdict in facts.results:
        rows.append(
            (
                *((indicators.PLANS[indicator.plan][:2],) if plan else ()),
                indicator.domain,
                line_name((indicator, verdict)),
                indicator.target_text(verdict.target),  # the column says 目标
                "" if verdict.last_value is None else indicator.amount(verdict.last_value),
                "" if verdict.value is None else indicator.amount(verdict.value),
                verdict.status.label,
            )
        )
    widths = (5, 8, 16, 12, 8, 8, 8) if plan else (10, 19, 13, 9, 9, 8)
    doc.add("table", rows=tuple(rows), widths=widths)


# ----- writing --------------------------------------------------------------------------------
