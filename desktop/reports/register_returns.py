"""The returns to the county federation made from the registers for a period:

- 信访统计表 (``petition-return``): petitions by 问题类别 × 来源方式, closed and the closure
  rate, 集体访 / 重复访 / 越级访, the 婚姻家庭 problems, 家庭暴力 cases and what was done;
- 矛盾纠纷排查化解月报 (``dispute-return``): disputes by 纠纷类型 × 风险等级 × 化解状态, by
  village, and the red ones not resolved.

Only fields that are not sensitive are read (never decrypted): both print without the
password. Rows follow the register's own choices, so a database still on an older
definition shows its own categories."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from desktop.forms.definition import FieldDef, FormDef
from desktop.forms.statistics import BLANK
from desktop.reports.document import Cell, Col, Report, Section, Table, text
from desktop.reports.register_reports import period_text
from desktop.store import profile
from desktop.store.database import Database
from desktop.store.registers import RegisterStore
from desktop.store.units import list_units, unit_choices
from desktop.store.vault import LOCKED

Row = dict[str, Any]


class ReturnError(ValueError):
    """A return that cannot be made (its register is missing); the message is for the clerk."""


def _count(n: int) -> Cell:
    return Cell(str(n), n, "0")


def _rate(part: int, whole: int) -> Cell:
    if not whole:
        return Cell("—")
    share = part / whole
    return Cell(f"{share:.1%}", share, "0.0%")


def _rows(db: Database, form: FormDef, date_from: str | None, date_to: str | None) -> list[Row]:
    """The period's records, only their fields that are not sensitive."""
    store = RegisterStore(db, form, LOCKED)
    names = [f.id for f in form.fields if not f.sensitive]
    table = store.list_table(fields=names)
    low, high = date_from or "0000-00-00", date_to or "9999-12-31"
    rows = [table.record(i).values for i in range(len(table))]
    key = form.date_field or ""
    return [r for r in rows if r.get(key) is not None and low <= str(r[key]) <= high]


def _form(forms: Sequence[FormDef], form_id: str, title: str) -> FormDef:
    for form in forms:
        if form.id == form_id:
            return form
    raise ReturnError(f"没有“{title}”（{form_id}）台账，无法生成报表。")


def _labels(form: FormDef, field_id: str, rows: Sequence[Row]) -> list[tuple[str, str]]:
    """(value, label) of a choice field: declared choices, then values no longer declared."""
    f = _field(form, field_id)
    if f is None or f.choice is None:
        return []
    pairs = [(c.value, c.label) for c in f.choice.options.choices]
    known = {v for v, _label in pairs}
    for row in rows:
        value = row.get(field_id)
        if value is not None and not isinstance(value, tuple) and value not in known:
            known.add(value)
            pairs.append((str(value), str(value)))
    return pairs


def _field(form: FormDef, field_id: str) -> FieldDef | None:
    return next((f for f in form.fields if f.id == field_id), None)


def _closed(form: FormDef) -> Callable[[Row], bool]:
    stats = form.statistics
    field, values = stats.closure_field, set(stats.closed_values)
    return lambda row: field is not None and row.get(field) in values


def _has(row: Row, field_id: str, value: str) -> bool:
    held = row.get(field_id)
    return value in held if isinstance(held, tuple) else held == value


def _report(
    db: Database, key: str, title: str, date_from: str | None, date_to: str | None
) -> Report:
    period = period_text(date_from, date_to)
    return Report(key, title, profile.load(db).township, f"统计期间：{period}")


# ----- 信访统计表 ---------------------------------------------------------------------------
def petition_return(
    db: Database, forms: Sequence[FormDef], date_from: str | None, date_to: str | None
) -> Report:
    form = _form(forms, "petition", "信访台账")
    rows = _rows(db, form, date_from, date_to)
    closed = _closed(form)
    report = _report(db, "petition-return", "信访统计表", date_from, date_to)
    channels = _labels(form, "channel", rows)
    main = Table(
        "按问题类别和来源方式",
        [
            Col("问题类别", 12),
            Col("合计", 5, numeric=True),
            *(Col(label, 5, numeric=True) for _v, label in channels),
            Col("已办结", 5, numeric=True),
            Col("办结率", 6, numeric=True),
        ],
        note="件数；办结率 = 已办结 ÷ 合计",
    )
    groups = [
        (label, [r for r in rows if r.get("category") == v])
        for v, label in _labels(form, "category", rows)
    ]
    blank = [r for r in rows if r.get("category") is None]
    if blank:
        groups.append((BLANK, blank))
    for label, members in [*groups, ("合计", rows)]:
        done = sum(1 for r in members if closed(r))
        main.rows.append(
            [
                text(label),
                _count(len(members)),
                *(_count(sum(1 for r in members if r.get("channel") == v)) for v, _l in channels),
                _count(done),
                _rate(done, len(members)),
            ]
        )
    main.totals.add(len(main.rows) - 1)
    report.sections.append(Section("一、信访件数", [main, _visits(rows, closed), _people(rows)]))
    report.sections.append(Section("二、婚姻家庭类", [_family(form, rows)]))
    report.sections.append(Section("三、家庭暴力信访件", [_violence(form, rows, closed)]))
    return report


def _visits(rows: Sequence[Row], closed: Callable[[Row], bool]) -> Table:
    def people(r: Row) -> int:
        return int(r.get("people") or 1)

    group = [r for r in rows if people(r) >= 5]
    table = Table(
        "来访人次、集体访、重复访、越级访",
        [Col("项目", 20), Col("件数", 6, numeric=True), Col("人次", 6, numeric=True)],
        note="集体访：5人及以上",
    )
    lines = [
        ("信访件", rows),
        ("其中：集体访", group),
        ("重复访", [r for r in rows if r.get("repeated")]),
        ("越级访", [r for r in rows if r.get("over_level")]),
        ("已办结", [r for r in rows if closed(r)]),
    ]
    for label, members in lines:
        table.rows.append(
            [text(label), _count(len(members)), _count(sum(people(r) for r in members))]
        )
    return table


AGE_BANDS = (
    (0, 35, "35岁及以下"),
    (36, 50, "36—50岁"),
    (51, 60, "51—60岁"),
    (61, 200, "61岁及以上"),
)


def _people(rows: Sequence[Row]) -> Table:
    """Who petitioned: by sex and age band (the register's 性别 and 年龄, not personal)."""
    table = Table("反映人性别、年龄", [Col("项目", 20), Col("件数", 6, numeric=True)])
    lines = [(f"性别：{sex}", sum(1 for r in rows if r.get("sex") == sex)) for sex in ("女", "男")]
    for low, high, label in AGE_BANDS:
        ages = (r.get("age") for r in rows)
        lines.append((f"年龄：{label}", sum(1 for a in ages if a is not None and low <= a <= high)))
    lines.append(("年龄：未填", sum(1 for r in rows if r.get("age") is None)))
    table.rows = [[text(label), _count(n)] for label, n in lines]
    return table


def _family(form: FormDef, rows: Sequence[Row]) -> Table:
    family = [r for r in rows if r.get("category") == "婚姻家庭"]
    table = Table(
        "婚姻家庭类具体问题",
        [Col("具体问题", 14), Col("件数", 6, numeric=True), Col("占婚姻家庭类", 8, numeric=True)],
    )
    sub = _field(form, "sub_category")
    subs = [
        (c.value, c.label)
        for c in (sub.choice.options.choices if sub and sub.choice else ())
        if c.parent == "婚姻家庭"
    ]
    unspecified = [r for r in family if r.get("sub_category") not in {v for v, _l in subs}]
    counted = [(label, sum(1 for r in family if r.get("sub_category") == v)) for v, label in subs]
    if unspecified:
        counted.append(("未细分", len(unspecified)))
    for label, n in [*counted, ("合计", len(family))]:
        table.rows.append([text(label), _count(n), _rate(n, len(family))])
    table.totals.add(len(table.rows) - 1)
    return table


def _violence(form: FormDef, rows: Sequence[Row], closed: Callable[[Row], bool]) -> Table:
    cases = [r for r in rows if r.get("sub_category") == "家庭暴力"]
    table = Table(
        "家庭暴力信访件及处理方式",
        [Col("项目", 22), Col("件数", 6, numeric=True), Col("占家暴件", 8, numeric=True)],
        note="一件可有多种处理方式；案情（暴力类型、保护令等）属个人信息，不进入本表",
    )
    table.rows.append([text("家庭暴力信访件"), _count(len(cases)), _rate(len(cases), len(cases))])
    for value, label in _labels(form, "measures", cases):
        n = sum(1 for r in cases if _has(r, "measures", value))
        table.rows.append([text(f"处理方式：{label}"), _count(n), _rate(n, len(cases))])
    done = sum(1 for r in cases if closed(r))
    table.rows.append([text("已办结"), _count(done), _rate(done, len(cases))])
    return table


# ----- 矛盾纠纷排查化解月报 -------------------------------------------------------------------
def dispute_return(
    db: Database, forms: Sequence[FormDef], date_from: str | None, date_to: str | None
) -> Report:
    form = _form(forms, "dispute", "婚姻家庭纠纷排查化解")
    rows = _rows(db, form, date_from, date_to)
    report = _report(db, "dispute-return", "婚姻家庭矛盾纠纷排查化解月报", date_from, date_to)
    risks = _labels(form, "risk", rows)
    states = _labels(form, "state", rows)
    resolved = _closed(form)

    def line(label: str, members: Sequence[Row]) -> list[Cell]:
        done = sum(1 for r in members if resolved(r))
        return [
            text(label),
            _count(len(members)),
            *(_count(sum(1 for r in members if r.get("risk") == v)) for v, _l in risks),
            *(_count(sum(1 for r in members if r.get("state") == v)) for v, _l in states),
            _rate(done, len(members)),
        ]

    columns = [
        Col("排查数", 5, numeric=True),
        *(Col(f"{label}色", 4, numeric=True) for _v, label in risks),
        *(Col(label, 5, numeric=True) for _v, label in states),
        Col("化解率", 6, numeric=True),
    ]
    by_type = Table(
        "按纠纷类型", [Col("纠纷类型", 16), *columns], note="件数；化解率 = 已化解 ÷ 排查数"
    )
    for value, label in _labels(form, "dispute_type", rows):
        by_type.rows.append(line(label, [r for r in rows if r.get("dispute_type") == value]))
    by_type.rows.append(line("合计", rows))
    by_type.totals.add(len(by_type.rows) - 1)
    by_risk = Table("按风险等级和化解状态", [Col("风险等级", 8), *columns])
    for value, label in risks:
        by_risk.rows.append(line(f"{label}色", [r for r in rows if r.get("risk") == value]))
    units = unit_choices(db)
    by_village = Table("按村（社区）", [Col("村（社区）", 14), *columns])
    for unit in list_units(db):
        members = [r for r in rows if r.get("village") == unit.id]
        if members:
            by_village.rows.append(line(unit.name, members))
    by_village.rows.append(line("合计", rows))
    by_village.totals.add(len(by_village.rows) - 1)
    red = Table(
        "红色风险未化解纠纷",
        [
            Col("村（社区）", 12),
            Col("纠纷类型", 14),
            Col("排查日期", 10),
            Col("责任人", 8),
            Col("化解状态", 8),
        ],
        note="当事人等个人信息不进入本表",
    )
    state = _field(form, "state")
    for r in sorted(rows, key=lambda r: str(r.get("screened_on"))):
        if r.get("risk") == "red" and not resolved(r):
            red.rows.append(
                [
                    text(units.names.get(int(r["village"]), "") if r.get("village") else ""),
                    text(r.get("dispute_type")),
                    text(r.get("screened_on")),
                    text(r.get("responsible")),
                    text(state.kind.format(r.get("state")) if state else r.get("state")),
                ]
            )
    report.sections = [
        Section("一、排查化解情况", [by_type, by_risk]),
        Section("二、各村（社区）", [by_village]),
        Section("三、红色风险未化解", [red if red.rows else "本期没有红色风险未化解的纠纷。"]),
    ]
    return report
