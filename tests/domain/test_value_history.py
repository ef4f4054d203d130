from __future__ import annotations

import pytest

from desktop.domain.value_history import change_text


@pytest.mark.parametrize(
    ("field", "old", "new", "text"),
    [
        ("no_data", None, "1", "填为“无”（没有数据）"),
        ("no_data", "1", "0", "取消“无”"),
        ("no_data", "0", "0", None),
        ("no_data", False, True, "填为“无”（没有数据）"),
        ("value", 12.0, 15.0, "数值：12 → 15"),
        ("source", None, "", None),
        ("source", "", "  ", None),
        ("value", "12", "15", "数值：12 → 15"),
        ("value", None, "15", "数值：填入 15"),
        ("note", "口径调整", "", "备注：清除（原为 口径调整）"),
    ],
)
def test_history_lines_read_as_words(
    field: str, old: object, new: object, text: str | None
) -> None:
    assert change_text(field, old, new) == text
