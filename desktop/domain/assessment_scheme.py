"""考核 schemes as data: ``forms/assessment/*.toml`` read by one strict parser. Pure.

A scheme is an itemised point table as counties run it (天水, 华亭, 绍兴; a township federation's
33-item table): scored items with maximum points and a rule, 加分 and 扣分 items with caps,
一票否决 items and grade thresholds, for the unit kinds it names. Unknown keys, wrong types,
unknown rules and duplicate ids are errors naming the file and the key path
(``成员单位.toml: items[2].rule``). The text is kept with the scheme: the database stores the
text used for a year, so later edits of the file never change that year's scores.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.strict_table import MISSING, DefinitionError, StrictTable

#: rule -> what it measures (shown in the scheme's notes)
RULES = {
    "indicators_met": "牵头指标达标（未达标但较上年好转按比例计分）",
    "tasks_done": "任务完成（按任务权重，无权重按个数）",
    "reporting": "统计监测数据按时报送",
    "register_count": "台账记录数（本单位、本年度）",
    "letter_signed": "目标责任书签订",
    "manual": "自评、考评（查阅资料、听取汇报）",
}
KINDS = {"score": "基本分", "bonus": "加分", "deduction": "扣分", "veto": "一票否决"}
#: when an item applies to a unit (``applies``); the default follows the rule
APPLIES = {
    "leads_indicators": "牵头指标的单位",
    "has_tasks": "有年度任务的单位",
    "reports": "承担数据报送的单位",
    "has_letter": "签订责任书的单位",
    "always": "本方案的所有单位",
    "participating": "参与考核的单位",
}
DEFAULT_APPLIES = {
    "indicators_met": "leads_indicators",
    "tasks_done": "has_tasks",
    "reporting": "reports",
    "letter_signed": "has_letter",
    "register_count": "always",
    "manual": "participating",
}
REPORTING_STATES = ("complete", "late", "entered", "pending")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class SchemeError(DefinitionError):
    """A 考核 scheme file is wrong."""


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    points: float
    kind: str = "score"  # score / bonus / deduction / veto
    rule: str = "manual"
    basis: str = ""  # 考核内容与评分标准, printed in the table
    applies: str = "participating"
    partial: float = 0.0  # indicators_met: share of a point for a missed but improved one
    reporting: tuple[tuple[str, float], ...] = ()  # state -> share of the points
    register: str = ""  # register_count: the form id
    full_at: int = 1  # register_count: records for full points


@dataclass(frozen=True)
class Grade:
    name: str
    min: float


@dataclass(frozen=True)
class Scheme:
    id: str
    version: int
    title: str
    unit_kinds: tuple[str, ...]
    full_marks: float
    scale: bool  # scale the scored items a unit has to full marks
    bonus_cap: float
    deduction_cap: float
    items: tuple[Item, ...]
    grades: tuple[Grade, ...]  # best first
    text: str  # the TOML this came from (stored per year)

    def of_kind(self, kind: str) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.kind == kind)

    def grade_of(self, total: float, vetoed: bool) -> str:
        if vetoed:
            return self.grades[-1].name
        for grade in self.grades:
            if total >= grade.min:
                return grade.name
        return self.grades[-1].name


class _Table(StrictTable):
    """One table of a scheme file."""

    error_type = SchemeError

    def number(self, key: str, default: object = MISSING, *, low: float = 0) -> float:
        value = float(self.take(key, (int, float), default))
        if value < low:
            raise self.error(f"不能小于 {low:g}", key)
        return value

    def choice(self, key: str, choices: dict[str, str], default: object = MISSING) -> str:
        value = self.take(key, str, default)
        if value not in choices:
            raise self.error(f"“{value}”不认识，可用：{'、'.join(choices)}", key)
        return str(value)

    def tables(self, key: str) -> list[_Table]:
        return super().tables(key)


def _item(table: _Table) -> Item:
    item_id = table.take("id", str)
    if not _ID.match(item_id):
        raise table.error(f"“{item_id}”不能用作标识：请用小写英文字母、数字和下划线", "id")
    kind = table.choice("kind", KINDS, "score")
    rule = table.choice("rule", RULES, "manual")
    if kind != "score" and rule != "manual":
        raise table.error('加分、扣分、一票否决项只能手工评定（rule = "manual"）', "rule")
    points = table.number("points", 1.0 if kind == "veto" else MISSING)
    item = Item(
        id=item_id,
        name=table.take("name", str),
        points=points,
        kind=kind,
        rule=rule,
        basis=table.take("basis", str, ""),
        applies=table.choice("applies", APPLIES, DEFAULT_APPLIES[rule]),
    )
    if rule == "indicators_met":
        partial = table.number("partial", 0.0)
        if partial > 1:
            raise table.error("应在 0 到 1 之间", "partial")
        item = _replace(item, partial=partial)
    elif rule == "reporting":
        shares = _Table(table.take("shares", dict), table.file, f"{table.path}.shares")
        values = tuple((s, shares.number(s)) for s in REPORTING_STATES)
        shares.finish()
        if any(v > 1 for _s, v in values):
            raise shares.error("每项应在 0 到 1 之间")
        item = _replace(item, reporting=values)
    elif rule == "register_count":
        register = table.take("register", str)
        full_at = int(table.number("full_at", 1, low=1))
        item = _replace(item, register=register, full_at=full_at)
    table.finish()
    return item


def _replace(item: Item, **changes: Any) -> Item:
    from dataclasses import replace

    return replace(item, **changes)


def parse_scheme(text: str, file: str) -> Scheme:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(file, "", f"不是有效的 TOML（{exc}）") from None
    root = _Table(data, file, "")
    version = int(root.number("version", low=1))
    scheme_id = root.take("id", str)
    if not _ID.match(scheme_id):
        raise root.error(f"“{scheme_id}”不能用作标识", "id")
    items = tuple(_item(t) for t in root.tables("items"))
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise SchemeError(file, f"items[{index}].id", f"项目标识“{item.id}”重复")
        seen.add(item.id)
    if not any(i.kind == "score" for i in items):
        raise root.error('至少要有一个基本分项目（kind = "score"）', "items")
    grades = []
    for table in root.tables("grades"):
        grades.append(Grade(table.take("name", str), table.number("min")))
        table.finish()
    if not grades:
        raise root.error("缺少等次（grades）", "grades")
    grades.sort(key=lambda g: -g.min)
    kinds = tuple(root.take("unit_kinds", list))
    if not kinds or not all(isinstance(k, str) for k in kinds):
        raise root.error('应列出适用的单位类型，如 ["village", "community"]', "unit_kinds")
    full = sum(i.points for i in items if i.kind == "score")
    scheme = Scheme(
        id=scheme_id,
        version=version,
        title=root.take("title", str),
        unit_kinds=kinds,
        full_marks=root.number("full_marks", full),
        scale=bool(root.take("scale", bool, True)),
        bonus_cap=root.number("bonus_cap", 0.0),
        deduction_cap=root.number("deduction_cap", 0.0),
        items=items,
        grades=tuple(grades),
        text=text,
    )
    root.finish()
    return scheme


def load_folder(folder: Path) -> list[Scheme]:
    """Every ``*.toml`` in ``folder`` by file name; the first broken file raises."""
    schemes: list[Scheme] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise SchemeError(path.name, "", f"无法读取（{exc.__class__.__name__}）") from None
        scheme = parse_scheme(text, path.name)
        if any(s.id == scheme.id for s in schemes):
            raise SchemeError(path.name, "id", f"方案标识“{scheme.id}”与其他文件重复")
        schemes.append(scheme)
    return schemes


def _folders(extra: Path | None) -> tuple[Path, Path]:
    from desktop.paths import bundled_dir, user_data_dir

    user = extra if extra is not None else user_data_dir() / "forms" / "assessment"
    return bundled_dir("forms") / "assessment", user


def default_schemes(extra: Path | None = None) -> list[Scheme]:
    """The bundled schemes (``forms/assessment``), replaced by id by any in the clerk's data
    folder's ``forms/assessment`` (or ``extra``)."""
    bundled, user = _folders(extra)
    schemes = {s.id: s for s in load_folder(bundled)}
    if user.is_dir():
        schemes.update({s.id: s for s in load_folder(user)})
    return list(schemes.values())


def schemes_stamp(extra: Path | None = None) -> tuple[tuple[str, int, int], ...]:
    """Each scheme file's path, size and time: equal stamps, the same ``default_schemes``
    (a page showing them reads them again only when a file was added, changed or removed)."""
    stamps = []
    for folder in _folders(extra):
        for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
            try:
                info = path.stat()
            except OSError:
                continue
            stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(stamps)
