"""Chinese line-breaking rules for reportlab's CJK wrapping (GB/T 15834《标点符号用法》).

- 行首禁则: a mark that may not start a line (，。、；：？！ and closing quotes and brackets) hangs
  in the right margin instead of being carried over. reportlab does this, but its table is
  Japanese: it lacks ，；：？！”’》 and more, so ``install`` adds them.
- 行尾禁则: an opening quote or bracket (“‘（《…) may not end a line; it is carried over with
  the character it opens. reportlab has no such rule, so ``install`` replaces its two CJK
  splitters (``textsplit.dumbSplit`` for one-style paragraphs, ``paragraph.cjkFragSplit`` for
  paragraphs of several styles) with ``_breaks`` below: reportlab 5.1's own algorithm, line for
  line, plus that one rule. Text without an opening mark at a break is laid out exactly as before.

``install`` runs where the Chinese fonts are registered, before any PDF is laid out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from unicodedata import category

#: punctuation that never starts a line (点号 and closing marks)
CANNOT_START = "，。、；：？！”’）》〉」』】〕﹞｝"
#: opening marks that never end a line (前引号, 前括号, 前书名号)
CANNOT_END = "“‘（《〈「『【〔﹝｛"

_FUZZ = 1e-6  # reportlab's own tolerance when a line is full

#: (start, end, extra space, width used, forced break, the unfilled rest) of one line
Line = tuple[int, int, float, float, bool, bool]


def install() -> None:
    from reportlab.lib import textsplit  # one-style paragraphs
    from reportlab.platypus import paragraph  # paragraphs of several styles

    modules: tuple[Any, ...] = (textsplit, paragraph)
    for module in modules:
        missing = "".join(c for c in CANNOT_START if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing
    one_style, several_styles = modules
    one_style.dumbSplit = _dumb_split
    several_styles.cjkFragSplit = _frag_split


def _breaks(
    chars: Sequence[str],
    width: Callable[[int, float], float],
    max_widths: Sequence[float],
    forced: Callable[[int], bool],
) -> list[Line]:
    """Where each line starts and ends: reportlab's CJK breaking plus 行尾禁则."""
    from reportlab.lib.textsplit import ALL_CANNOT_START

    lines: list[Line] = []
    i = start = 0
    used = 0.0
    max_width = max_widths[0]
    count = len(chars)
    while i < count:
        c = chars[i]
        w = width(i, max_width)
        hard = forced(i)
        i += 1
        used += w
        if not ((used > max_width + _FUZZ and used > 0) or hard):
            continue
        extra = max_width - used
        if not hard:
            if c and ord(c) < 0x3000:
                # a western word: break at its last space or the last CJK character instead,
                # looking back at most half the line (reportlab's rule)
                for j in range(i - 1, (start + i) >> 1, -1):
                    if category(chars[j]) == "Zs" or ord(chars[j]) >= 0x3000:
                        k = j + 1
                        if k < i:
                            extra += sum(width(n, max_width) for n in range(k + 1, i))
                            c, w, i = chars[k], width(k, max_width), k + 1
                            break
            if c not in ALL_CANNOT_START and i > start + 1:
                i -= 1  # carried over (a closing mark stays, hanging in the margin)
                extra += w
                if chars[i - 1] in CANNOT_END and i > start + 1:
                    i -= 1  # 行尾禁则: the opening mark goes with what it opens
                    extra += width(i, max_width)
        lines.append((start, i, extra, used, hard, False))
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        start = i
        used = 0.0
    if used > 0:
        lines.append((start, count, max_width - used, used, False, True))
    return lines


def _dumb_split(word: str, widths: Sequence[float], max_widths: Any) -> list[list[Any]]:
    """``textsplit.dumbSplit``: [extra space, text] per line (full lines stripped)."""
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    lines = _breaks(word, lambda n, _max: widths[n], max_widths, lambda _n: False)
    return [
        [extra, word[start:end] if rest else word[start:end].strip()]
        for start, end, extra, _used, _hard, rest in lines
    ]


def _frag_split(
    frags: Sequence[Any], max_widths: Sequence[float], calc_bounds: bool, encoding: str = "utf8"
) -> Any:
    """``paragraph.cjkFragSplit``: the lines of a paragraph of several styles."""
    from reportlab.platypus import paragraph

    rl: Any = paragraph  # its CJK helpers are not in the type stubs

    glyphs: list[Any] = []
    for frag in frags:
        text = frag.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            glyphs.extend(rl.cjkU(t, frag, encoding) for t in text)
        else:
            glyphs.append(rl.cjkU(text, frag, encoding))

    def width(n: int, max_width: float) -> float:
        w = glyphs[n].width
        if hasattr(w, "normalizedValue"):  # a percentage of the line
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        return float(w)

    def forced(n: int) -> bool:
        return hasattr(glyphs[n].frag, "lineBreak")

    lines = _breaks(glyphs, width, max_widths, forced)
    made = []
    for n, (start, end, extra, used, hard, _rest) in enumerate(lines):
        line_width = max_widths[min(n, len(max_widths) - 1)]
        made.append(
            rl.makeCJKParaLine(glyphs[start:end], line_width, used, extra, hard, calc_bounds)
        )
    return rl.ParaLines(kind=1, lines=made)
