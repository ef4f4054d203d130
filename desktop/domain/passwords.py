"""How strong a new database password looks: length and character classes, shown as
``强度：弱/中/强`` while the clerk types. A hint, not a rule: the only rule is the minimum length
(``store/vault.py``), since a long phrase of one class is strong."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum


class Strength(Enum):
    TOO_SHORT = "太短"
    WEAK = "弱"
    MEDIUM = "中"
    STRONG = "强"


@dataclass(frozen=True)
class Verdict:
    strength: Strength
    advice: str

    def text(self) -> str:
        return f"强度：{self.strength.value}" + (f"（{self.advice}）" if self.advice else "")


def classes(password: str) -> int:
    """How many of: lower-case, upper-case, digits, symbols (any other character, Chinese
    included, counts as a symbol)."""
    found = set()
    for ch in unicodedata.normalize("NFKC", password):
        if ch.isascii() and ch.islower():
            found.add("lower")
        elif ch.isascii() and ch.isupper():
            found.add("upper")
        elif ch.isdigit():
            found.add("digit")
        elif not ch.isspace():
            found.add("symbol")
    return len(found)


def judge(password: str, minimum: int) -> Verdict:
    """``minimum`` counts characters; the strength counts a Chinese character as two (it is
    one of thousands, not of 95)."""
    if len(password) < minimum:
        return Verdict(Strength.TOO_SHORT, f"至少{minimum}位，已输入{len(password)}位")
    length = sum(1 if ch.isascii() else 2 for ch in password)
    kinds = classes(password)
    if len(set(password)) <= 2 or (kinds == 1 and length < 12):
        return Verdict(Strength.WEAK, "建议混用字母、数字和符号，或用更长的一句话")
    if (length >= 12 and kinds >= 3) or (length >= 16 and kinds >= 2):
        return Verdict(Strength.STRONG, "")
    return Verdict(Strength.MEDIUM, "再长一些或加入符号会更安全")
