"""统计用区划代码: normalized to 12 digits, matched against the county list's code."""

from __future__ import annotations

import pytest

from desktop.domain import division


def test_normalize() -> None:
    assert division.normalize(" 330110102000 ") == "330110102000"
    assert division.normalize("330110102") == "330110102000"
    assert division.normalize("") == ""
    for bad in ("3301101", "33011010200０", "3301101020001", "33011010200x"):
        with pytest.raises(ValueError, match="统计用区划代码应为12位数字"):
            division.normalize(bad)


def test_matches() -> None:
    code = "330110102000"
    assert division.matches("102", code)  # digits 7-9 on the county's list
    assert division.matches("330110102", code)
    assert division.matches("330110102000", code)
    assert not division.matches("103", code)
    assert not division.matches("330110103000", code)
    assert not division.matches("001", "")  # a file without a code matches no code
    assert not division.matches("", code)
    assert not division.matches("甲镇", code)
