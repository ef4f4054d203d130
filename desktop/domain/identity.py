"""Chinese resident ID numbers (GB 11643-1999) and phone numbers: check, normalise, mask.

An ID number is 17 digits and a check character: the weighted sum of the digits (weights
2^(17-i) mod 11) mod 11 selects the check character from ``10X98765432``. Digits 7-14 are the
birth date, digit 17 is odd for men and even for women.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(0\d{2,3})-(\d{7,8})(?:-(\d{1,6}))?$")
_SERVICE = re.compile(r"^(1\d{4}|9\d{4})$")  # 12338, 12345, 95598 ...


class IdentityError(ValueError):
    """Input that is not a valid ID or phone number; the message is for the clerk."""


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in folded if not ch.isspace())


def check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


@dataclass(frozen=True)
class IdNumber:
    text: str

    @property
    def birth_date(self) -> date:
        return date(int(self.text[6:10]), int(self.text[10:12]), int(self.text[12:14]))

    @property
    def sex(self) -> str:
        """``男`` or ``女`` (the 17th digit: odd for men)."""
        return "男" if int(self.text[16]) % 2 else "女"

    @property
    def region(self) -> str:
        return self.text[:6]


def parse_id_number(text: str, *, today: date | None = None) -> IdNumber:
    cleaned = _fold(text)
    if len(cleaned) == 15 and cleaned.isdigit():
        raise IdentityError("这是15位的旧身份证号码，请填写18位的新号码")
    if len(cleaned) != 18:
        raise IdentityError(f"身份证号码应为18位，现在是{len(cleaned)}位")
    if not _ID_SHAPE.match(cleaned):
        raise IdentityError("身份证号码前17位应是数字，最后一位是数字或X")
    try:
        birth = date(int(cleaned[6:10]), int(cleaned[10:12]), int(cleaned[12:14]))
    except ValueError:
        raise IdentityError(f"身份证号码中的出生日期“{cleaned[6:14]}”不存在") from None
    if birth.year < 1900 or birth > (today or date.today()):
        raise IdentityError(f"身份证号码中的出生日期“{cleaned[6:14]}”不合理")
    expected = check_character(cleaned[:17])
    if cleaned[17] != expected:
        raise IdentityError(
            f"身份证号码校验位不对：最后一位应为“{expected}”，现在是“{cleaned[17]}”，"
            "请核对是否有数字抄错"
        )
    return IdNumber(cleaned)


def mask_id_number(text: str) -> str:
    """``330102********1234``: region and last four kept."""
    if len(text) < 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def parse_phone(text: str) -> str:
    """A mobile (``13812345678``), landline (``0571-88886666``) or service number, normalised."""
    cleaned = _fold(text).replace("（", "(").replace("）", ")")
    cleaned = cleaned.replace("(", "").replace(")", "-").replace("—", "-").replace("--", "-")
    if cleaned.startswith("+86"):
        cleaned = cleaned[3:].lstrip("-")
    digits = cleaned.replace("-", "")
    if digits.startswith("1") and len(digits) == 11:
        if not _MOBILE.match(digits):
            raise IdentityError(f"手机号码“{text.strip()}”的第二位应为3-9")
        return digits
    landline = _LANDLINE.match(cleaned) if "-" in cleaned else None
    if landline:
        area, number, extension = landline.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    if digits.startswith("0") and digits.isdigit():
        # no separator: 010 and 02x are the three-digit area codes, the rest have four
        area_length = 3 if digits[1] in "12" else 4
        area, number = digits[:area_length], digits[area_length:]
        if 7 <= len(number) <= 8:
            return f"{area}-{number}"
    if _SERVICE.match(digits):
        return digits
    if digits.isdigit() and digits.startswith("1"):
        raise IdentityError(f"手机号码应为11位，现在是{len(digits)}位")
    raise IdentityError("电话号码格式不对：手机填11位，座机填“区号-号码”，如 0571-88886666")


def mask_phone(text: str) -> str:
    """``138****5678``; a landline keeps its area code and last four digits."""
    if _MOBILE.match(text):
        return text[:3] + "****" + text[-4:]
    if "-" in text:
        area, _sep, rest = text.partition("-")
        return area + "-" + "*" * max(0, len(rest) - 4) + rest[-4:]
    return text[:1] + "*" * max(0, len(text) - 3) + text[-2:] if len(text) > 3 else text


def mask_name(text: str) -> str:
    """``张*``, ``欧阳**``: the surname stays (two characters for common compound surnames)."""
    if len(text) <= 1:
        return text
    keep = 2 if text[:2] in _COMPOUND_SURNAMES and len(text) > 2 else 1
    return text[:keep] + "*" * (len(text) - keep)


def mask_text(text: str, keep: int = 6) -> str:
    """An address or other sensitive text: its start (the village) and stars."""
    if len(text) <= keep:
        return text[:2] + "*" * max(0, len(text) - 2)
    return text[:keep] + "****"


_COMPOUND_SURNAMES = frozenset(
    {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙", "宇文", "司徒"}
)
