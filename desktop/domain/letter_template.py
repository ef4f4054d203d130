"""The letter template language: editable text, not code.

- ``{名称}``: a scalar (年度, 单位名称, 编号, 甲方 ...; the English names of older templates,
  ``{year}``, ``{unit}`` ..., still work).
- ``{{name}}`` alone on a line: a block that expands to a table or list (指标表, 任务清单, 签章).
- The first line is the title; a line starting with ``甲方：``/``乙方：`` is a party line (not
  indented); a line starting with ``一、`` (any Chinese numeral) is a
  first-level heading, ``（一）`` a second-level one; a line that is only the document number
  or the date is placed as such; everything else is a paragraph.
An unknown field (占位符) is an error naming it and its line, so a typo never prints as-is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

#: the template fields, by the Chinese name the clerk writes (issue 22): the value's key, and
#: what it stands for
SCALARS: dict[str, tuple[str, str]] = {
    "年度": ("year", "年度"),
    "单位名称": ("unit", "乙方单位名称"),
    "编号": ("number", "责任书编号"),
    "甲方": ("committee", "甲方（妇儿工委）"),
    "妇联名称": ("federation", "妇联名称"),
    "乡镇名称": ("township", "乡镇名称"),
    "签订日期": ("date", "签订日期"),
    "甲方责任人": ("signatory", "甲方责任人"),
    "联系人": ("liaison", "乙方联络员"),
    "联系人说明": ("liaison_text", "乙方联络员，未登记时写“名单另报”"),
    "指标说明": (
        "indicator_intro",
        "指标表前的一句话：有指标时说明乙方对下列指标负责，没有时换成合适的措辞",
    ),
    "考核方案": ("scheme", "乙方适用的考核方案名称"),
    "截止日期": ("deadline", "本年度数据报送截止日期"),
}
#: field name → value key, the English names of older templates included ({year}, {unit} …)
KEYS = {name: key for name, (key, _what) in SCALARS.items()} | {
    key: key for key, _what in SCALARS.values()
}
BLOCKS = {
    "指标表": "乙方牵头和配合的指标及目标值",
    "任务清单": "乙方的年度任务",
    "签章": "甲乙双方签章和签字栏",
}
_SCALAR = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
_BLOCK = re.compile(r"^\s*\{\{([^{}]*)\}\}\s*$")
_HEADING1 = re.compile(r"^[一二三四五六七八九十]+、")
_HEADING2 = re.compile(r"^（[一二三四五六七八九十]+）")
_PARTY = re.compile(r"^[甲乙]方[：:]")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")


class TemplateError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"第 {line} 行：{message}")
        self.message = f"第 {line} 行：{message}"
        self.line = line


@dataclass(frozen=True)
class Line:
    kind: str  # title | number | party | heading1 | heading2 | paragraph | block | date
    text: str  # with scalars substituted (blocks: the block name)


def chinese_date(day: date) -> str:
    """``2026年3月8日``: Arabic numerals, no leading zeros (GB/T 9704)."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_dates(text: str) -> str:
    """ISO dates inside running text (``2026-10-31``) as officials write them (2026年10月31日)."""
    return _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)


def problems(text: str) -> list[tuple[int, str]]:
    """Every problem in a template as (line number, Chinese message); empty when usable."""
    return list(_problems(text))


@lru_cache(maxsize=32)
def _problems(text: str) -> tuple[tuple[int, str], ...]:
    """``problems``, cached: a batch of letters renders one template 60 times."""
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        block = _BLOCK.match(raw)
        if block:
            if block.group(1) not in BLOCKS:
                found.append(
                    (
                        number,
                        f"没有名为“{{{{{block.group(1)}}}}}”的内容块，"
                        f"可用的有：{'、'.join(BLOCKS)}",
                    )
                )
            continue
        if "{{" in raw or "}}" in raw:
            found.append((number, "内容块“{{…}}”必须单独占一行"))
            continue
        for name in _SCALAR.findall(raw):
            if name not in KEYS:
                found.append(
                    (
                        number,
                        f"没有名为“{{{name}}}”的占位符，可用的有："
                        f"{'、'.join('{' + s + '}' for s in SCALARS)}",
                    )
                )
    return tuple(found)


def render(text: str, values: dict[str, str]) -> list[Line]:
    """The template's lines with scalars filled in; raises TemplateError on the first problem."""
    found = problems(text)
    if found:
        line, message = found[0]
        raise TemplateError(message, line)
    lines: list[Line] = []
    for raw, block, alone, fixed in _parsed(text):
        if block:
            lines.append(Line("block", block))
            continue
        if fixed is not None:  # no field in it: the same line in every letter
            filled, kind = raw, fixed
        else:
            filled = _SCALAR.sub(lambda m: values.get(KEYS[m.group(1)], ""), raw).strip()
            kind = _kind(filled, alone)
        lines.append(Line("title" if not lines else kind, filled))
    return lines


def _kind(filled: str, alone: str) -> str:
    """A line's kind, but the title (the first line)."""
    if alone in ("number", "date"):
        return alone
    if _PARTY.match(filled):
        return "party"  # 甲方：/ 乙方： flush left, not indented as a paragraph
    if _HEADING1.match(filled):
        return "heading1"
    if _HEADING2.match(filled):
        return "heading2"
    return "paragraph"


@lru_cache(maxsize=32)
def _parsed(text: str) -> tuple[tuple[str, str, str, str | None], ...]:
    """The template's non-blank lines, read once per text (a batch renders one template 60
    times): (the line, its block name or "", the field it holds alone or "", its kind when
    it holds no field (its text stripped is then the line), else None)."""
    parsed: list[tuple[str, str, str, str | None]] = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        block = _BLOCK.match(raw)
        if block:
            parsed.append((raw, block.group(1), "", None))
            continue
        stripped = raw.strip()
        only = _SCALAR.fullmatch(stripped)
        alone = KEYS[only.group(1)] if only else ""
        if _SCALAR.search(raw):
            parsed.append((raw, "", alone, None))
        else:
            parsed.append((stripped, "", alone, _kind(stripped, alone)))
    return tuple(parsed)
