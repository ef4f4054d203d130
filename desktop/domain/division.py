"""统计用区划代码 of a township: 12 digits, the first six the county (GB/T 2260), digits 7-9 the
township (乡、镇、街道), the last three ``000`` at township level (国家统计局《统计用区划和城乡划分
代码》). A township's database carries it so that the county matches its files to its list by
code rather than by a name that may be written differently."""

from __future__ import annotations

LENGTH = 12


def normalize(text: str) -> str:
    """The 12-digit code from what the clerk typed (9 digits get ``000``); ``""`` for nothing;
    ``ValueError`` with a Chinese message otherwise."""
    digits = text.strip().replace(" ", "")
    if not digits:
        return ""
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (9, LENGTH):
        raise ValueError(
            f"统计用区划代码应为12位数字（或前9位），如 330110102000，不是“{text.strip()}”。"
        )
    return digits.ljust(LENGTH, "0")


def matches(listed: str, township_code: str) -> bool:
    """Whether the code on the county's list names the township whose database carries
    ``township_code``: the same 9-digit township part, or the list gives only digits 7-9."""
    listed, township_code = listed.strip(), township_code.strip()
    if not listed or len(township_code) != LENGTH or not listed.isdigit():
        return False
    if len(listed) == 3:
        return township_code[6:9] == listed
    return len(listed) in (9, LENGTH) and listed[:9] == township_code[:9]
