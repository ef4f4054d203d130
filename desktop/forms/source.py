"""Reading a form file's text and checking its patterns: what a hand-edited TOML can hold.

Text: UTF-8, with or without the byte-order mark that Windows Notepad adds (accepted). A file
saved as GBK (Notepad's "ANSI" on a Chinese Windows) is refused with 请另存为UTF-8: guessing
encodings silently is how labels turn into mojibake.

Patterns: Python's ``re`` backtracks, and it cannot be interrupted, so a pattern such as
``(a+)+$`` hangs the app on a 30-character input. Running each match in a subprocess with a
time limit would cost ~50 ms a keystroke; instead patterns are checked once, when the form is
loaded, and those that can backtrack catastrophically are refused: a repetition that contains
another repetition (``(a+)+``, ``(a*b?)*``) or an alternation (``(a|ab)*``), backreferences,
and patterns longer than ``MAX_PATTERN``. What remains is linear-ish for the short texts
forms hold. Form patterns check formats like ``^[A-Z]\\d{4}$``: none needs nesting.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

MAX_PATTERN = 200
_BOM = b"\xef\xbb\xbf"


class SourceError(ValueError):
    """The file cannot be read as a form; ``message`` is for the clerk or the form author."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_form_text(path: Path) -> str:
    """The text of a form file (UTF-8, BOM accepted). Raises SourceError or OSError."""
    raw = path.read_bytes()
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("gbk")
    except UnicodeDecodeError:
        raise SourceError("文件不是UTF-8编码的文本，无法读取。请另存为UTF-8编码后重试。") from None
    raise SourceError(
        "文件是GBK（ANSI）编码的，请另存为UTF-8：用记事本或WPS打开，“另存为”时编码选UTF-8。"
    )


def toml_problem(exc: Exception) -> str:
    """A TOML syntax error in Chinese, with its line and column (never the parser's text)."""
    found = re.search(r"line (\d+), column (\d+)", str(exc))
    where = f"第 {found.group(1)} 行第 {found.group(2)} 列附近" if found else "文件中"
    return (
        f"不是有效的TOML：{where}有格式错误（检查引号、方括号、等号和逗号是否成对、"
        "是否用了中文标点）"
    )


def pattern_problem(pattern: str) -> str | None:
    """Why a form's ``pattern`` is refused, or None when it is safe to use."""
    if len(pattern) > MAX_PATTERN:
        return f"正则表达式太长（最多{MAX_PATTERN}个字符）"
    try:
        parsed = _stdlib_re("_parser").parse(pattern)
    except re.error as exc:
        where = f"（第 {exc.pos + 1} 个字符附近）" if exc.pos is not None else ""
        return f"正则表达式有误{where}，请检查括号和特殊字符"
    if _risky(list(parsed), inside_repeat=False):
        return (
            "正则表达式含有嵌套的重复（如 (a+)+）、重复的分支（如 (a|ab)*）或反向引用，"
            "遇到某些输入会让程序卡死，请改写得更简单"
        )
    return None


def _stdlib_re(part: str) -> Any:
    """The stdlib's own regex parser and constants (``re._parser``, Python 3.11+): the same
    reading of the pattern that ``re`` itself will use. No stubs exist for them."""
    return importlib.import_module(f"re.{part}")


def _risky(items: list[Any], *, inside_repeat: bool) -> bool:
    c = _stdlib_re("_constants")

    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT))
    for op, arg in items:
        if op in repeats:
            low, high, body = arg
            repeated = high is c.MAXREPEAT or high > 1
            if inside_repeat and low != high:  # a variable repetition inside a repetition
                return True
            if _risky(list(body), inside_repeat=inside_repeat or repeated):
                return True
        elif op is c.SUBPATTERN:
            if _risky(list(arg[-1]), inside_repeat=inside_repeat):
                return True
        elif op is c.BRANCH:
            if inside_repeat:
                return True
            if any(_risky(list(branch), inside_repeat=False) for branch in arg[1]):
                return True
        elif op in (c.GROUPREF, c.GROUPREF_EXISTS):
            return True
        elif op in (c.ASSERT, c.ASSERT_NOT):
            looked = list(arg[1])
            if _risky(looked, inside_repeat=inside_repeat):
                return True
    return False
