"""No line of a Chinese paragraph starts with a comma or a closing quote (行首禁则)."""

from __future__ import annotations

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
