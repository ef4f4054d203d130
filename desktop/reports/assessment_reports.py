"""考核 outputs: the itemised scoring table per scheme (Excel, and the generic report PDF) and
the 考核通报 in official layout (PDF and editable Word) with the summary tables attached."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop.domain.assessment import NOT_TAKING_PART, UnitScore
from desktop.domain.assessment_scheme import KINDS, RULES, Scheme
from desktop.domain.letter_template import chinese_date
from desktop.reports.document import Cell, Col, Report, Section, Table, text
from desktop.reports.official_doc import OfficialDoc
from desktop.store.assessment import SchemeScores
from desktop.store.profile import Profile

CN_NUMBERS = "一二三四五六七八九十"


def _num(value: float | None) -> Cell:
    if value is None:
        return Cell("—")
    shown = f"{value:.1f}".rstrip("0").rstrip(".")
    return Cell(shown, round(value, 2), "0.0")


def remark(score: UnitScore) -> str:
    parts = []
    if score.vetoed:
        vetoes = [s.item.name for s in score.items if s.item.kind == "veto" and s.points]
        note = next((s.note for s in score.items if s.item.kind == "veto" and s.note), "")
        parts.append("一票否决" + (f"（{note}）" if note else "") if vetoes else "一票否决")
    if score.pending:
        parts.append(f"{score.pending} 项待考评")
    return "；".join(parts)


def scoring_table(result: SchemeScores) -> Table:
    scheme = result.scheme
    items = list(scheme.items)
    table = Table(
        scheme.title[:28],
        [
            Col("名次", 5, numeric=True),
            Col("单位", 14),
            *(Col(f"{i.name}（{i.points:g}）", 8, numeric=True) for i in items),
            Col("基本分", 7, numeric=True),
            Col("加分", 6, numeric=True),
            Col("扣分", 6, numeric=True),
            Col("总分", 7, numeric=True),
            Col("等次", 8),
            Col("备注", 12),
        ],
    )
    for score in result.scores:
        if not score.taking_part:
            table.rows.append(
                [
                    text("—"),
                    text(score.facts.name),
                    *(Cell("") for _ in items),
                    Cell(""),
                    Cell(""),
                    Cell(""),
                    Cell(""),
                    text(NOT_TAKING_PART),
                    text("无适用的考核项目"),
                ]
            )
            continue
        cells = []
        for item_score in score.items:
            if not item_score.applies:
                cells.append(Cell("不适用"))
            elif item_score.item.kind == "veto":
                cells.append(Cell("否决" if item_score.points else ""))
            elif item_score.points is None:
                cells.append(Cell("待评" if item_score.item.kind == "score" else ""))
            else:
                cells.append(_num(item_score.points))
        grade_status = "missed" if score.vetoed or score.grade == scheme.grades[-1].name else None
        table.rows.append(
            [
                Cell(str(score.rank), score.rank, "0"),
                text(score.facts.name),
                *cells,
                _num(score.base),
                _num(score.bonus),
                _num(score.deduction),
                _num(score.total),
                Cell(score.grade, status=grade_status),
                text(remark(score)),
            ]
        )
    table.note = _scheme_note(scheme)
    return table


def _scheme_note(scheme: Scheme) -> str:
    grades = "，".join(f"{g.name}{g.min:g}分以上" for g in scheme.grades[:-1])
    parts = [
        f"满分{scheme.full_marks:g}分"
        + ("（单位没有的自动计分项目不计，其余项目折算为满分）" if scheme.scale else ""),
        f"加分最多{scheme.bonus_cap:g}分" if scheme.bonus_cap else "",
        f"扣分最多{scheme.deduction_cap:g}分" if scheme.deduction_cap else "",
        f"等次：{grades}，其余为{scheme.grades[-1].name}；有一票否决项的为{scheme.grades[-1].name}",
    ]
    return "；".join(p for p in parts if p) + "。"


def criteria_table(scheme: Scheme) -> Table:
    table = Table(
        f"{scheme.title[:22]}评分标准",
        [
            Col("序号", 5, numeric=True),
            Col("项目", 12),
            Col("类别", 7),
            Col("分值", 6, numeric=True),
            Col("计分方式", 18),
            Col("考核内容与评分标准", 40),
        ],
    )
    for n, item in enumerate(scheme.items, start=1):
        table.rows.append(
            [
                Cell(str(n), n, "0"),
                text(item.name),
                text(KINDS[item.kind]),
                _num(item.points) if item.kind != "veto" else Cell("—"),
                text("自动：" + RULES[item.rule] if item.rule != "manual" else "自评、考评"),
                text(item.basis),
            ]
        )
    return table


def scoring_report(results: Sequence[SchemeScores], year: int, township: str) -> Report:
    report = Report(
        "assessment",
        f"{year}年度妇女儿童工作目标责任考核评分",
        township,
        f"考核年度：{year}年；方案：" + "、".join(r.scheme.title for r in results),
    )
    for result in results:
        # the heading names the workbook's sheet: no brackets (村（社区） would be cut to 村)
        heading = result.scheme.title.replace("（", "").replace("）", "")
        report.sections.append(
            Section(heading, [scoring_table(result), criteria_table(result.scheme)])
        )
    return report


# ----- 通报 ------------------------------------------------------------------------------------
def _names(scores: Sequence[UnitScore]) -> str:
    return "、".join(s.facts.name for s in scores)


def _scheme_results(doc: OfficialDoc, result: SchemeScores) -> list[UnitScore]:
    """One scheme's units by grade and those not taking part; returns the units to improve
    (the lowest grade, or vetoed). No unit is 待定 here (``catalog.bulletin`` refuses)."""
    part = result.taking_part()
    if not part:
        doc.add("paragraph", "本年度无参与考核的单位。")
        return []
    for grade in result.scheme.grades:
        members = [s for s in part if s.grade == grade.name]
        if members:
            doc.add("paragraph", f"{grade.name}（{len(members)}个）：{_names(members)}。")
    absent = [s for s in result.scores if not s.taking_part]
    if absent:
        doc.add("paragraph", f"{_names(absent)}本年度无适用的考核项目，不参与考核。")
    lowest = result.scheme.grades[-1].name
    return [s for s in part if s.grade == lowest or s.vetoed]


def bulletin(results: Sequence[SchemeScores], year: int, facts: Profile, day: date) -> OfficialDoc:
    """关于…考核结果的通报: grades per scheme, the 优秀 units, the units to improve, the
    requirements, signed by the committee; the summary tables attached."""
    issuer = facts.committee or facts.federation or facts.township
    doc = OfficialDoc(f"关于{year}年度妇女儿童工作目标责任考核结果的通报")
    if facts.doc_prefix:
        doc.number = f"{facts.doc_prefix}〔{day.year}〕　号"
    doc.add("addressee", "各成员单位，各村（社区）：")
    taking = [s for r in results for s in r.taking_part()]
    titles = "、".join(f"《{r.scheme.title}》" for r in results)
    doc.add(
        "paragraph",
        f"根据{titles}，经各单位自查自评，考评组听取汇报、查阅档案资料、结合平时掌握情况综合"
        f"考评，{issuer}对{len(taking)}个单位{year}年度妇女儿童发展规划目标责任落实情况进行了"
        "考核。现将考核结果通报如下：",
    )
    doc.add("heading1", "一、考核结果")
    to_improve: list[UnitScore] = []
    for n, result in enumerate(results):
        doc.add("heading2", f"（{CN_NUMBERS[n]}）{result.scheme.title}")
        to_improve += _scheme_results(doc, result)
    doc.add("heading1", "二、存在的问题")
    if to_improve:
        doc.add(
            "paragraph",
            f"{_names(to_improve)}考核等次为不合格，主要是牵头指标未达标、任务未完成或数据"
            "报送不及时。请上述单位认真分析原因，于通报下发后一个月内向"
            f"{issuer}办公室报送书面整改报告。",
        )
    else:
        doc.add("paragraph", "本年度各参与考核单位均达到合格以上等次。")
    doc.add("heading1", "三、工作要求")
    doc.add(
        "paragraph",
        "希望受到通报的优秀单位再接再厉，其他单位对照考核细则查找差距。各单位要把妇女儿童"
        "发展规划目标任务纳入本单位年度工作计划，明确分管领导和联络员，按时报送监测数据和"
        "工作总结，确保规划各项目标如期实现。",
    )
    doc.attachment_note([f"{r.scheme.title}结果" for r in results])
    doc.add("signature", lines=(issuer, chinese_date(day)))
    for n, result in enumerate(results, start=1):
        doc.add("page_break")
        doc.add("attachment", f"附件{n}" if len(results) > 1 else "附件")
        doc.add("caption", f"{year}年度{result.scheme.title}结果")
        rows: list[tuple[str, ...]] = [("名次", "单位", "基本分", "加分", "扣分", "总分", "等次")]
        for s in result.scores:
            if s.taking_part:
                rows.append(
                    (
                        str(s.rank),
                        s.facts.name,
                        *(_num(v).text for v in (s.base, s.bonus, s.deduction, s.total)),
                        s.grade + ("（否决）" if s.vetoed else ""),
                    )
                )
            else:
                rows.append(("—", s.facts.name, "", "", "", "", NOT_TAKING_PART))
        doc.add("table", rows=tuple(rows), widths=(5, 15, 7, 6, 6, 7, 15))
    return doc
