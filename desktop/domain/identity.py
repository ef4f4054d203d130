"""Chinese resident ID numbers (GB 11643-1999) and phone numbers: check, normalise, mask.

An ID number is 17 digits and a check character: the weighted sum of the digits (weights
2^(17-i) mod 11) mod 11 selects the check character from ``10X98765432``. Digits 7-14 are the
birth date, digit 17 is odd for men and even for women.

Digits 1-6 are the region (GB/T 2260) where the number was first issued. The first two must be
one of the 34 province-level codes (refused otherwise: ``000000`` and ``999999`` are typing
errors); ``81``/``82``/``83`` also occur on the residence permits of Hong Kong, Macao and
Taiwan residents (``810000``/``820000``/``830000``, issued since 2018 on the GB 11643 layout),
so ``83`` is accepted too. The county part is only *warned* about, from its structure, never
refused: numbers outlive abolished and renamed counties, and no county table ships with the app
(we found no source we could both trust and redistribute), so an unknown but well-formed county
code passes silently.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from desktop.domain.plain import Frozen

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"
#: patterns compiled when first used (``re``'s cache): a start compiles none of them
_ID_SHAPE = r"^\d{17}[\dX]$"
_MOBILE = r"^1[3-9]\d{9}$"
_LANDLINE = r"^(0\d{2,3})-(\d{7,8})(?:-(\d{1,6}))?$"
_SERVICE = r"^(1\d{4}|9\d{4})$"  # 12338, 12345, 95598 ...


#: 11-15 华北, 21-23 东北, 31-37 华东, 41-46 中南, 50-54 西南, 61-65 西北, 71 台湾, 81 香港,
#: 82 澳门 (GB/T 2260); 83: Taiwan residents' residence permits (see the module docstring).
PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
    "21": "辽宁", "22": "吉林", "23": "黑龙江",
    "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西",
    "37": "山东",
    "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
    "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
    "71": "台湾", "81": "香港", "82": "澳门", "83": "台湾（居住证）",
}  # fmt: skip


def region_warning(region: str) -> str:
    """A warning (never a refusal) when a six-digit region code does not look like a county.

    GB/T 2260 structure: digits 3-4 name the prefecture (01-70, or 90 for counties under the
    province directly), digits 5-6 the county (01-99); ``00`` in either place is the prefecture
    or province itself, which a person's number does not normally carry. Hong Kong, Macao and
    Taiwan codes are ``xx0000``.
    """
    province, prefecture, county = region[:2], region[2:4], region[4:6]
    if province in ("71", "81", "82", "83"):
        ok = prefecture == "00" and county == "00"
    else:
        ok = (1 <= int(prefecture) <= 70 or prefecture == "90") and county != "00"
    if not ok:
        return (
            f"身份证号码的地区代码“{region}”不是常见的县级代码，请核对是否抄错"
            "（已撤销的旧县代码仍然有效，核对无误可以保存）"
        )
    if province not in ("71", "81", "82", "83") and _listed_county(region) is False:
        return (
            f"身份证号码的地区代码“{region}”不在国家行政区划代码中（已撤销的旧代码也查过），"
            "请核对是否抄错（核对无误可以保存）"
        )
    return ""


def load_regions() -> None:
    """Read the region table now: ~75 ms the first time (python-stdnum parses its 6,900
    lines), kept afterwards; otherwise the first record with an ID number the clerk opens
    waits for it (``ui.warmup`` calls this while she is idle)."""
    try:
        from stdnum import numdb
    except ImportError:  # pragma: no cover - see ``_listed_county``
        return
    numdb.get("cn/loc")


def _listed_county(region: str) -> bool | None:
    """Whether GB/T 2260 lists ``region`` as a county, now or at any time since 1980.

    The list is python-stdnum's ``cn/loc`` table (current and abolished codes with their
    years, compiled from the public code lists it cites); None when it is not installed, so a
    missing table never refuses or warns."""
    try:
        from stdnum import numdb
    except ImportError:  # pragma: no cover - a dependency; kept optional for the domain layer
        return None
    found = numdb.get("cn/loc").info(region)
    return any("county" in properties for _part, properties in found[1:])


class IdentityError(ValueError):
    """Input that is not a valid ID or phone number; the message is for the clerk."""


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(ch for ch in folded if not ch.isspace())


def check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


class IdNumber(Frozen):
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

    @property
    def warning(self) -> str:
        """Shown beside the field, not refused: see ``region_warning``."""
        return region_warning(self.region)


def parse_id_number(text: str, *, today: date | None = None) -> IdNumber:
    cleaned = _fold(text)
    if len(cleaned) == 15 and cleaned.isdigit():
        raise IdentityError("这是15位的旧身份证号码，请填写18位的新号码")
    if len(cleaned) != 18:
        raise IdentityError(f"身份证号码应为18位，现在是{len(cleaned)}位")
    if not re.match(_ID_SHAPE, cleaned):
        raise IdentityError("身份证号码前17位应是数字，最后一位是数字或X")
    if cleaned[:2] not in PROVINCES:
        raise IdentityError(
            f"身份证号码的前两位“{cleaned[:2]}”不是省级地区代码（如 11 北京、33 浙江），"
            "请核对是否抄错"
        )
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
        if not re.match(_MOBILE, digits):
            raise IdentityError(f"手机号码“{text.strip()}”的第二位应为3-9")
        return digits
    landline = re.match(_LANDLINE, cleaned) if "-" in cleaned else None
    if landline:
        area, number, extension = landline.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    if digits.startswith("0") and digits.isdigit():
        # no separator: 010 and 02x are the three-digit area codes, the rest have four
        area_length = 3 if digits[1] in "12" else 4
        area, number = digits[:area_length], digits[area_length:]
        if 7 <= len(number) <= 8:
            return f"{area}-{number}"
    if re.match(_SERVICE, digits):
        return digits
    if digits.isdigit() and digits.startswith("1"):
        raise IdentityError(f"手机号码应为11位，现在是{len(digits)}位")
    raise IdentityError("电话号码格式不对：手机填11位，座机填“区号-号码”，如 0571-88886666")


def mask_phone(text: str) -> str:
    """``138****5678``; a landline keeps its area code and last four digits."""
    if re.match(_MOBILE, text):
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
