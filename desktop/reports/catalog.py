"""Every report by its name (the CLI's ``REPORT``), what it needs (a year, a period, an
argument), and ``build``, which makes its document models (``document.Report``). Writing
them is the output pipeline's (``desktop/outputs/reports.py``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from desktop.domain.assessment import PENDING_GRADE
from desktop.forms.definition import FormDef
from desktop.reports import (
    assessment_reports,
    indicator_reports,
    monitoring_reports,
    progress_reports,
    register_reports,
    register_returns,
)
from desktop.reports.document import Report
from desktop.store import assessment, county, profile, round_progress, submissions
from desktop.store.database import Database

if TYPE_CHECKING:
    from desktop.reports.official_doc import OfficialDoc


class ReportError(ValueError):
    """A report that cannot be made from what was asked; the message is for the clerk."""


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str
    needs: str  # "year", "period", "argument" (trend), "register"
    hint: str = ""


KINDS: dict[str, ReportKind] = {
    k.key: k
    for k in (
        ReportKind(
            "monitoring", "统计监测汇总表", "year", "各指标目标、上年、本年、状态，按领域汇总"
        ),
        ReportKind(
            "warnings", "监测预警清单", "year", "未达标、变差、无数据、异常值的指标及责任单位"
        ),
        ReportKind("trend", "指标变化趋势", "argument", "一个指标（编码）或一个领域的逐年变化"),
        ReportKind(
            "completeness", "填报进度与催报单", "year", "各单位填报状态，未完成单位的催报单"
        ),
        ReportKind(
            "assessment",
            "年度考核评分",
            "year",
            "按考核方案逐项计分，总分、等次和名次；PDF、Word 为考核通报",
        ),
        ReportKind(
            "monitoring-report",
            "统计监测报告",
            "year",
            "两个规划实施情况的年度报告初稿（Word 可编辑）：达标、变化、预警整改、问题",
        ),
        ReportKind("statistics", "工作台账统计", "period", "各台账按类别、月份、村社区统计"),
        ReportKind(
            "petition-return",
            "信访统计表",
            "period",
            "报县妇联：按问题类别和来源方式的件数、办结率、家庭暴力件及处理方式",
        ),
        ReportKind(
            "dispute-return",
            "矛盾纠纷排查化解月报",
            "period",
            "报县妇联：婚姻家庭纠纷按类型、风险等级、化解状态和村（社区）统计",
        ),
        ReportKind(
            "midterm", "规划中期评估", "year", "各指标对照2030年目标的进度分类（2025年为中期）"
        ),
        ReportKind(
            "indicators", "指标解释手册", "none", "乡镇填报指标的定义、计算方法、来源、目标"
        ),
        ReportKind("summary", "年度工作汇总", "year", "封面、目录和以上各报表，年终会议用"),
        ReportKind("register", "台账清单", "register", "一个台账的记录清单（个人信息脱敏）"),
    )
}


@dataclass(frozen=True)
class Request:
    key: str
    year: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    argument: str = ""  # trend: the indicator code or domain; register: the form id

    @classmethod
    def parse(cls, name: str, **kwargs: object) -> Request:
        """``trend:C-H-01``, ``register:petition``, ``monitoring`` ..."""
        key, _sep, argument = name.partition(":")
        if key not in KINDS:
            raise ReportError(f"没有“{key}”这个报表，可用：{'、'.join(KINDS)}")
        if KINDS[key].needs in ("argument", "register") and not argument:
            raise ReportError(
                f"“{key}”需要写明对象，如 {key}:{'C-H-01' if key == 'trend' else 'petition'}"
            )
        return cls(key, argument=argument, **kwargs)  # type: ignore[arg-type]

    def file_stem(self) -> str:
        kind = KINDS[self.key]
        parts = [kind.title]
        if self.argument:
            parts.append(self.argument)
        if self.year:
            parts.append(f"{self.year}年")
        elif self.date_from or self.date_to:
            parts.append(register_reports.period_text(self.date_from, self.date_to))
        return "_".join(parts)


def year_of(db: Database, request: Request) -> int:
    if request.year is not None:
        return request.year
    years = round_progress.years(db) or county.years(db)  # a county: the years townships sent
    if not years:
        raise ReportError("数据库中还没有监测年度，请先在“填报进度”页新建年度。")
    return years[-1]


def period(request: Request) -> tuple[str | None, str | None]:
    if request.date_from or request.date_to:
        return request.date_from, request.date_to
    if request.year is not None:
        return f"{request.year}-01-01", f"{request.year}-12-31"
    return None, None


Progress = Callable[[int, int], bool]  # (done, total) -> go on?


class Cancelled(ReportError):
    pass


def build(
    db: Database, forms: Sequence[FormDef], request: Request, progress: Progress | None = None
) -> list[Report]:
    """The report(s) a request asks for (the summary pack is several)."""
    key = request.key
    if key == "trend":
        try:
            return [monitoring_reports.trend(db, request.argument)]
        except KeyError as exc:
            raise ReportError(str(exc.args[0])) from None
    if key == "statistics":
        return [register_reports.register_statistics(db, forms, *period(request))]
    returns = {
        "petition-return": register_returns.petition_return,
        "dispute-return": register_returns.dispute_return,
    }
    if key in returns:
        try:
            return [returns[key](db, forms, *period(request))]
        except register_returns.ReturnError as exc:
            raise ReportError(str(exc)) from None
    if key == "indicators":
        return [indicator_reports.booklet(db)]
    year = year_of(db, request)
    makers: dict[str, Callable[[], Report]] = {
        "monitoring": lambda: monitoring_reports.monitoring_summary(db, year),
        "warnings": lambda: monitoring_reports.warnings(db, year),
        "completeness": lambda: progress_reports.completeness(db, year),
        "assessment": lambda: assessment_report(db, forms, year),
        "midterm": lambda: indicator_reports.midterm(db, year),
    }
    if key == "summary":
        parts: dict[str, Callable[[], Report]] = {
            "monitoring": makers["monitoring"],
            "warnings": makers["warnings"],
            "trend": lambda: monitoring_reports.domain_trends(db, year),  # as README promises
            "completeness": makers["completeness"],
            "assessment": makers["assessment"],
            "midterm": makers["midterm"],
            "statistics": lambda: register_reports.register_statistics(
                db, forms, f"{year}-01-01", f"{year}-12-31"
            ),
        }
        pack = []
        for done, part in enumerate(parts, start=1):
            made = parts[part]()
            if part == "completeness":
                made.sections = made.sections[:1]  # progress table, not the notices
            pack.append(made)
            if progress is not None and not progress(done, len(parts) + 1):
                raise Cancelled("已取消。")
        return pack
    return [makers[key]()]


def _scheme_results(
    db: Database, forms: Sequence[FormDef], year: int
) -> list[assessment.SchemeScores]:
    from desktop.domain.assessment_scheme import SchemeError, default_schemes

    try:
        return assessment.scores(db, year, default_schemes(), forms)
    except SchemeError as exc:
        raise ReportError(f"考核方案有误：{exc}") from None


def assessment_report(db: Database, forms: Sequence[FormDef], year: int) -> Report:
    results = _scheme_results(db, forms, year)
    return assessment_reports.scoring_report(results, year, profile.load(db).township)


def narrative(db: Database, request: Request, day: date) -> OfficialDoc:
    """统计监测报告: the year's narrative draft in official layout (PDF, or Word to finish)."""
    from desktop.reports import monitoring_narrative

    year = year_of(db, request)
    if submissions.is_county(db):
        from desktop.reports import county_narrative

        if year not in county.years(db):
            raise ReportError(f"{year}年度没有乡镇上报，不能生成统计监测报告。")
        return county_narrative.draft(county_narrative.gather(db, year, day))
    if year not in round_progress.years(db):
        raise ReportError(f"{year}年度没有监测安排，不能生成统计监测报告。")
    return monitoring_narrative.draft(monitoring_narrative.gather(db, year, day))


def bulletin(db: Database, forms: Sequence[FormDef], year: int, day: date) -> OfficialDoc:
    """考核通报 in official layout, the result tables attached (PDF, or Word to edit). Not
    while a unit's 等次 is 待定: a 通报 announces final grades (the Excel scoring table,
    made any time, shows where scores are missing)."""
    results = _scheme_results(db, forms, year)
    waiting = [s.facts.name for r in results for s in r.taking_part() if s.grade == PENDING_GRADE]
    if waiting:
        names = "、".join(waiting[:5]) + (f"等 {len(waiting)} 个单位" if len(waiting) > 5 else "")
        raise ReportError(
            f"{names}尚有考核项目待考评，等次待定，还不能生成考核通报。请在“年度考核”页"
            "录入考评分后再生成；需要核对时可先导出 Excel 评分表。"
        )
    return assessment_reports.bulletin(results, year, profile.load(db), day)
