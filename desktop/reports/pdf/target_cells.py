"""Target cells in PDF tables (``90%以上（期末）``, ``12/10万以下（期末）``): text, not figures.
A target column is left-aligned (right-aligned text wider than its cell runs across the
cell's left border), widened to its longest target as measured in the cell's font, and a
target that still does not fit breaks only before its period tag, never inside a word
(``3.0‰以下（期 / 末）``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from desktop.domain.indicator_text import FINAL_TAG, YEAR_TAG

#: where a target may break: before its period tag
_BREAK = re.compile(f"(?={re.escape(FINAL_TAG)}|{re.escape(YEAR_TAG)})")
#: the least share of its width a column whose text wraps anyway gives to a target column
_KEEP_SHARE = 0.85


def is_target_column(title: str) -> bool:
    """目标, 期末目标, 年度目标 …: the column holds targets."""
    return "目标" in title


def target_columns(headers: Sequence[str]) -> set[int]:
    return {n for n, title in enumerate(headers) if is_target_column(title)}


def pieces(text: str) -> list[str]:
    """The parts a target may be broken into: ``["90%以上", "（期末）"]``."""
    return [p for p in _BREAK.split(text) if p]


def fit_widths(
    widths: Sequence[float],
    cells: Sequence[Sequence[str]],
    targets: set[int],
    font: str,
    size: float,
    padding: float,
) -> list[float]:
    """``widths`` with each target column widened to its longest target on one line (or, when
    the other columns cannot give that much, to its longest piece). ``cells``: the table's
    texts, header included. The room comes from the other columns in proportion to what each
    can spare: a column whose texts are on one line keeps them there; one that wraps anyway
    gives only for the longest piece and keeps ``_KEEP_SHARE`` of its width."""
    result = list(widths)

    def one_line(column: int) -> float:
        texts = [row[column] for row in cells if column < len(row)]
        return max((stringWidth(t, font, size) for t in texts), default=0.0) + padding

    floors: dict[int, tuple[float, bool]] = {}  # column → (its floor, on one line)
    for n in range(len(result)):
        if n not in targets:
            line = one_line(n)
            fits = line <= widths[n]
            floors[n] = (line if fits else widths[n] * _KEEP_SHARE, fits)
    for column in sorted(targets):
        texts = [row[column] for row in cells if column < len(row) and row[column]]
        if not texts:
            continue
        whole = one_line(column)
        least = max(stringWidth(p, font, size) for t in texts for p in pieces(t)) + padding
        # one line for the target only from room nothing else needs; a break before its
        # period tag rather than more lines in other columns; its longest piece from any
        for wanted, lenders in ((whole, True), (least, False)):
            spare = {
                n: max(0.0, result[n] - floor)
                for n, (floor, fits) in floors.items()
                if fits or not lenders
            }
            total = sum(spare.values())
            extra = wanted - result[column]
            if extra <= 0:
                break
            if extra <= total or wanted == least:
                extra = min(extra, total)
                for n, room in spare.items():
                    result[n] -= extra * room / (total or 1)
                result[column] += extra
                break
    return result


def markup(text: str, escaped: str, font: str, size: float, room: float) -> str:
    """Paragraph markup of a target cell (``escaped`` its text already escaped): on one line
    when it fits ``room``; else broken before its period tag when each piece then fits; a
    longer text (the handbook's ``90%以上（2030年）；2025年85%以上……``) wraps as any cell's."""
    parts = pieces(text)
    if stringWidth(text, font, size) <= room or len(parts) < 2:
        return escaped
    if any(stringWidth(p, font, size) > room for p in parts):
        return escaped
    return "<br/>".join(pieces(escaped))


def cell(text: str, escaped: str, style: ParagraphStyle, room: float) -> Paragraph:
    """A target cell in a table whose cells use ``style``: left-aligned (right-aligned text
    wider than its cell runs across the cell's left border), broken as ``markup`` says."""
    left = ParagraphStyle(f"{style.name}-target", parent=style, alignment=TA_LEFT)
    return Paragraph(markup(text, escaped, style.fontName, style.fontSize, room), left)
