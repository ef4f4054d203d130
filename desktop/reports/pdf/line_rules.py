"""Chinese line-breaking rules for reportlab's CJK wrapping (行首禁则, GB/T 15834《标点符号用法》).

reportlab hangs a character that may not start a line in the right margin instead of carrying
it over, but its table of such characters is Japanese: it lacks ，；：？！”’》 and more, so a
line of a Chinese table cell or letter could begin with a comma or a closing quote. ``install``
adds them; it runs where the Chinese fonts are registered, before any PDF is laid out.
"""

from __future__ import annotations

from typing import Any

#: punctuation that never starts a line (点号 and closing marks)
CANNOT_START = "，。、；：？！”’）》〉」』】〕﹞｝"


def install() -> None:
    from reportlab.lib import textsplit  # one-style paragraphs
    from reportlab.platypus import paragraph  # paragraphs of several styles

    modules: tuple[Any, ...] = (textsplit, paragraph)
    for module in modules:
        missing = "".join(c for c in CANNOT_START if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing
