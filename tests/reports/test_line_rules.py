"""Chinese line breaking (GB/T 15834): no line starts with a comma or a closing mark, none ends
with an opening one, and other text breaks exactly as reportlab breaks it."""

from __future__ import annotations

import importlib.util
import random
from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from desktop.reports.pdf.fonts import FontSet


def _lines(text: str, font: str, chars: int) -> list[str]:
    style = ParagraphStyle("t", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    para = Paragraph(text, style)
    para.wrap(chars * 10 + 0.5, 1000)  # room for exactly ``chars`` ideographs
    lines = para.blPara.lines
    if para.blPara.kind == 0:  # one style: (extra space, [text])
        return ["".join(words) for _space, words in lines]
    return ["".join(str(w.text) for w in line.words) for line in lines]


def test_mixed_styles_too() -> None:
    font = FontSet.discover().name("song")
    lines = _lines("<b>妇</b>" + "妇" * 9 + "，" + "儿" * 6, font, 10)
    assert len(lines) == 2
    assert not lines[1].startswith("，")


@pytest.mark.parametrize("mark", ["，", "；", "”", "》", "。"])
def test_punctuation_hangs_instead_of_starting_a_line(mark: str) -> None:
    font = FontSet.discover().name("song")
    text = "妇" * 10 + mark + "儿" * 6
    lines = _lines(text, font, 10)
    assert len(lines) == 2
    assert lines[0].endswith(mark)  # hung in the margin of the full line
    assert not lines[1].startswith(mark)


@pytest.mark.parametrize("mark", ["“", "《", "（"])
def test_an_opening_mark_never_ends_a_line(mark: str) -> None:
    font = FontSet.discover().name("song")
    for text in (
        "妇" * 9 + mark + "两规划”" + "儿" * 6,
        "<b>妇</b>" + "妇" * 8 + mark + "两规划",
    ):
        lines = _lines(text, font, 10)
        assert lines[0] == "妇" * 9  # the full line gives up its last place
        assert lines[1].startswith(mark + "两")


def _original(module: Any, name: str) -> Any:
    """A fresh copy of a reportlab module, as it is before ``line_rules.install``."""
    spec = importlib.util.spec_from_file_location(name, module.__file__)
    assert spec is not None
    assert spec.loader is not None
    fresh: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    fresh.ALL_CANNOT_START = module.ALL_CANNOT_START  # with the Chinese 行首禁则
    return fresh


def _random_text(rng: random.Random) -> str:
    pieces = [
        "妇女儿童",
        "发展规划",
        "，",
        "。",
        "、",
        "；",
        "”",
        "》",
        "）",
        "2026年",
        " ok ",
        "Excel表格",
        "的",
        "工作",
        "：",
        "！",
        " ",
        "GB/T 15834",
    ]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))


def test_without_opening_marks_lines_break_exactly_as_reportlab() -> None:
    from reportlab.lib import textsplit
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import paragraph as rl_paragraph

    paragraph: Any = rl_paragraph
    font = FontSet.discover().name("song")
    plain, mixed = _original(textsplit, "_rl_textsplit"), _original(paragraph, "_rl_paragraph")
    rng = random.Random(15834)
    style = ParagraphStyle("t", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    for _ in range(400):
        text = _random_text(rng)
        widths = [stringWidth(c, font, 10) for c in text]
        room: Any = rng.choice([rng.uniform(15, 200), [rng.uniform(15, 200), rng.uniform(15, 200)]])
        assert textsplit.dumbSplit(text, widths, room) == plain.dumbSplit(text, widths, room)
        frags = Paragraph("<b>" + text[:3] + "</b>" + text[3:], style).frags
        rooms = room if isinstance(room, list) else [room]
        ours = paragraph.cjkFragSplit(frags, rooms, False)
        theirs = mixed.cjkFragSplit(frags, rooms, False)
        assert _shape(ours) == _shape(theirs)


def _shape(lines: Any) -> list[tuple[Any, ...]]:
    return [
        (
            round(line.extraSpace, 6),
            round(line.currentWidth, 6),
            line.lineBreak,
            [w.text for w in line.words],
        )
        for line in lines.lines
    ]
