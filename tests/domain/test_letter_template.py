from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.letter_template import (
    TemplateError,
    chinese_date,
    problems,
    render,
)
from desktop.paths import resource_path

VALUES = {
    "year": "2026",
    "unit": "镇卫生院",
    "number": "青妇儿〔2026〕3号",
    "committee": "青山镇妇女儿童工作委员会",
    "township": "青山镇",
    "date": "2026年3月8日",
}


def test_default_template_renders_with_headings_and_blocks() -> None:
    text = resource_path("letters", "default.txt").read_text("utf-8")
    assert problems(text) == []
    lines = render(text, VALUES)
    assert lines[0].kind == "title"
    assert lines[0].text == "2026年度妇女儿童发展规划目标管理责任书"
    kinds = {line.text: line.kind for line in lines}
    assert kinds["一、责任目标"] == "heading1"
    assert kinds["（一）牵头和配合的监测指标"] == "heading2"
    assert kinds["青妇儿〔2026〕3号"] == "number"
    assert kinds["2026年3月8日"] == "date"
    assert [line.text for line in lines if line.kind == "block"] == ["指标表", "任务清单", "签章"]
    assert "乙方：镇卫生院" in kinds
    assert "六、本责任书一式两份，双方各执一份，自签订之日起生效。" in kinds
    assert kinds["五、责任期限"] == "heading1"
    assert kinds["二、工作要求"] == "heading1"
    assert any(t.startswith("1.加强组织领导。") and k == "paragraph" for t, k in kinds.items())


def test_unknown_template_field_is_named() -> None:
    with pytest.raises(TemplateError) as info:
        render("标题\n甲方：{committe}\n", VALUES)
    assert info.value.line == 2
    assert "{committe}" in info.value.message
    assert "第 2 行" in info.value.message


def test_unknown_block_and_inline_block() -> None:
    found = problems("标题\n{{指标}}\n说明{{任务清单}}\n")
    assert found[0][0] == 2
    assert "{{指标}}" in found[0][1]
    assert found[1] == (3, "内容块“{{…}}”必须单独占一行")


@pytest.mark.parametrize(
    ("day", "text"), [(date(2026, 3, 8), "2026年3月8日"), (date(2026, 12, 31), "2026年12月31日")]
)
def test_dates_without_leading_zeros(day: date, text: str) -> None:
    assert chinese_date(day) == text


def test_chinese_field_names_and_the_old_english_ones_fill_the_same() -> None:
    chinese = render("{年度}年度责任书\n{编号}\n乙方：{单位名称}（{联系人}）\n{签订日期}\n", VALUES)
    english = render("{year}年度责任书\n{number}\n乙方：{unit}（{liaison}）\n{date}\n", VALUES)
    assert chinese == english
    assert [line.kind for line in chinese] == ["title", "number", "party", "date"]
    assert "{年度}" in problems("标题\n{年份}\n")[0][1]  # the list offered is in Chinese
