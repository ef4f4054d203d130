"""统计监测报告 on the small township of conftest.py, worked out by hand.

2025: 镇卫生院 reports T-H-01 and T-H-02 (2 data items, both entered, confirmed after the
2025-03-31 deadline: late), 东岗村 reports T-E-01 (1 item, nothing entered, pending: late).
孕产妇死亡率 10 vs ≤12 (期末): met, better than 14; 住院分娩率 98.5 vs ≥99 (期末): missed and
worse than 99.2; 学前教育毛入园率 (year target 90): no data. 2024: 孕产妇死亡率 14 missed,
住院分娩率 99.2 met, 学前教育毛入园率 no target and no data. Warning notices go out on
2026-01-10 with 整改期限 2026-02-10; the report is dated 2026-03-01: both items overdue.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.operations import notices as ops
from desktop.operations.reports import export_report
from desktop.reports import catalog, monitoring_narrative
from tests.reports.conftest import Township

DAY = date(2026, 3, 1)
SECTIONS = (
    "一、基本情况",
    "二、主要指标达标情况",
    "三、与上年相比的变化",
    "四、监测预警及整改情况",
    "五、存在的问题",
    "六、下一步工作",
)
#: sentences of the draft, each checked by hand against the fixture
EXPECTED = (
    "青山镇2025年度妇女儿童发展规划实施情况统计监测报告",
    "按照妇女发展规划、儿童发展规划统计监测工作要求，青山镇妇儿工委组织成员单位和村（社区）"
    "报送了2025年度监测数据。现将统计监测情况报告如下：",
    "2025年度共有2个单位（成员单位1个、村（社区）1个）承担监测数据报送任务，已确认报送1个，已填报未确认0个，未填报1个；"
    "报送截止日期为2025年3月31日，逾期报送或未报送2个。应填报数据项3个，已填报2个，填报率66.7%。",
    "纳入本年度监测的指标共3项，其中妇女发展规划2项、儿童发展规划1项；有数据2项，无数据1项，"
    "数据完整率66.7%。",
    "全年监测指标3项，达标1项，未达标1项，无数据1项，达标率50.0%。",
    "妇女发展规划监测指标2项，达标1项，未达标1项，无数据0项，达标率50.0%。",
    "妇女与健康领域监测指标2项。达标1项：孕产妇死亡率为10.0/10万（期末目标12/10万以下）。"
    "未达标1项：住院分娩率为98.5%（期末目标99%以上）。",
    "儿童发展规划监测指标1项，达标0项，未达标0项，无数据1项，达标率—。",
    "儿童与教育领域监测指标1项。无数据1项：学前教育毛入园率。",
    "2024年度监测指标3项，达标1项；2025年度达标1项，与上年持平。",
    "有上年数据可比的指标2项，其中好转1项、变差1项、持平0项。",
    "好转的指标：孕产妇死亡率由上年14.0/10万降至10.0/10万。",
    "变差的指标：住院分娩率由上年99.2%降至98.5%。",
    "本年度触发预警的指标2项（未达标1项、较上年变差1项、无数据1项；一项指标可同时有几种预警）："
    "住院分娩率、学前教育毛入园率。",
    "已向镇卫生院、东岗村发出预警通知书2份，涉及整改事项2项次，其中整改逾期2项。",
    "1．未达标指标1项：住院分娩率为98.5%（期末目标99%以上），牵头单位镇卫生院。",
    "2．无数据指标1项：学前教育毛入园率，监测数据不完整。",
    "3．逾期报送或未报送监测数据的单位2个：东岗村、镇卫生院。",
    "4．超过整改期限仍未整改到位的事项2项：镇卫生院（住院分娩率）；东岗村（学前教育毛入园率）。",
    "1．督促镇卫生院针对住院分娩率等未达标指标分析原因、落实整改措施。",
    "2．协调责任单位补齐学前教育毛入园率的数据来源，确保监测数据完整。",
    "3．督促东岗村、镇卫生院按时报送和确认监测数据。",
    "4．对整改逾期的2项事项跟踪督办，必要时发出督办通知单。",
    "5．【待补充：结合本乡镇实际，写明下一年度推进两个规划实施的具体措施】",
    "青山镇妇儿工委",
    "2026年3月1日",
)


@pytest.fixture
def warned(township: Township) -> Township:
    ops.issue_warnings(township.db, 2025, on=date(2026, 1, 10), due=date(2026, 2, 10))
    return township


def _export(township: Township, fmt: str, out: Path) -> Path:
    request = catalog.Request.parse("monitoring-report", year=2025)
    path = export_report(township.db, [], request, fmt, out, today=DAY)
    assert path is not None
    return path


def test_word_draft_has_the_hand_checked_numbers(warned: Township, tmp_path: Path) -> None:
    from docx import Document

    path = _export(warned, "docx", tmp_path)
    assert path.name == "统计监测报告_2025年.docx"
    document = Document(str(path))
    paragraphs = [p.text.rstrip("　") for p in document.paragraphs]
    # the title broken between words (GB/T 9704 7.3.3), not wherever the line is full
    assert paragraphs[0] == "青山镇2025年度妇女儿童发展规划\n实施情况统计监测报告"
    paragraphs[0] = paragraphs[0].replace("\n", "")
    for sentence in (*SECTIONS, *EXPECTED):
        assert sentence in paragraphs, sentence
    assert [p for p in paragraphs if p in SECTIONS] == list(SECTIONS)  # in this order
    heading = next(p for p in document.paragraphs if p.text == "一、基本情况")
    assert heading.runs[0].font.name == "黑体"
    assert heading.paragraph_format.keep_with_next  # a heading never ends a page
    title = document.paragraphs[0]
    assert title.runs[0].font.name == "方正小标宋简体"
    assert (
        round(document.sections[0].top_margin.mm),
        round(document.sections[0].left_margin.mm),
    ) == (
        37,
        28,
    )
    (table,) = document.tables  # the attachment: one row per indicator
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["领域", "指标", "目标", "上年", "本年", "达标情况"]  # 领域 names the plan
    assert ["妇女与健康", "住院分娩率", "99%以上（期末）", "99.2%", "98.5%", "未达标"] in rows
    assert ["儿童与教育", "学前教育毛入园率", "90%以上（年度）", "", "", "无数据"] in rows
    everything = "\n".join([*paragraphs, *("".join(r) for r in rows)])
    for personal in ("王晓燕", "0571-88001234"):  # the clerk's name and phone: not in the report
        assert personal not in everything


def test_pdf_draft_in_official_layout(warned: Township, tmp_path: Path) -> None:
    from desktop.cli import main
    from tests.helpers.official import assert_official_layout, pdf_text

    out = tmp_path / "报告.pdf"
    args = ["export", str(warned.db.path), "monitoring-report", "--year", "2025"]
    assert main([*args, "--format", "pdf", "-o", str(out)]) == 0
    assert assert_official_layout(out) >= 2  # the report, then the attached table
    text = pdf_text(out)
    for sentence in (*SECTIONS, *EXPECTED[:-1]):  # dated today, not DAY, through the CLI
        assert sentence in text, sentence
    assert "王晓燕" not in text


def test_no_warnings_no_notices_and_formats(township: Township, tmp_path: Path) -> None:
    # before the deadline: only 镇卫生院, confirmed after it (today), is late
    facts = monitoring_narrative.gather(township.db, 2025, date(2025, 3, 1))
    text = monitoring_narrative.draft(facts).plain_text()
    assert "截至目前，尚未发出预警通知书。" in text
    assert "报送截止日期为2025年3月31日，逾期报送或未报送1个。" in text
    assert "3．逾期报送或未报送监测数据的单位1个：镇卫生院。" in text
    assert "整改逾期" not in text
    with pytest.raises(catalog.ReportError, match="pdf 或 docx"):
        _export(township, "xlsx", tmp_path)
    request = catalog.Request.parse("monitoring-report", year=2023)
    with pytest.raises(catalog.ReportError, match="2023年度没有监测安排"):
        export_report(township.db, [], request, "pdf", tmp_path, today=DAY)


def test_follow_up_states_counted(warned: Township) -> None:
    """镇卫生院 closes its item after review; 东岗村's goes to a 督办单 (due 2026-03-07)."""
    db = warned.db
    health, village = monitoring_narrative.gather(db, 2025, DAY).follow_ups
    ops.record_follow_up(
        db, health.id, measures="王晓燕负责落实", review_on="2026-02-15", closed=True
    )
    ops.escalate(db, [village.id], on=date(2026, 2, 20))
    text = monitoring_narrative.draft(monitoring_narrative.gather(db, 2025, DAY)).plain_text()
    assert (
        "已向镇卫生院、东岗村发出预警通知书2份、督办通知单1份，涉及整改事项3项次，"
        "其中已整改1项、整改中1项、已督办1项。"
    ) in text
    assert "整改逾期" not in text  # the 督办单's term runs to 2026-03-07
    assert "王晓燕" not in text  # measures are the units' own words: not copied


def test_a_name_ending_in_digits_never_runs_into_its_value(
    warned: Township, tmp_path: Path
) -> None:
    """``本地监测指标0098`` then 98.5%: without ``为`` the PDF reads 本地监测指标009898.5%."""
    import dataclasses

    from desktop.store import indicators
    from tests.helpers.official import pdf_text

    db = warned.db
    old = indicators.get(db, warned.indicators["T-H-02"])
    indicators.update(db, dataclasses.replace(old, name="本地监测指标0098"))
    text = pdf_text(_export(warned, "pdf", tmp_path))
    assert "未达标1项：本地监测指标0098为98.5%（期末目标99%以上）" in text
    assert "本地监测指标0098由上年99.2%降至98.5%" in text
    assert "东岗村（学前教育毛入园率）" in text  # the unit, then what it has to put right
    assert "本地监测指标009898.5%" not in text


def test_a_move_toward_an_approximate_target_says_so(tmp_path: Path) -> None:
    """居委会成员中女性比例 (50%左右): 58.1% → 55.8% is listed as 好转 because it is nearer
    the target, and the sentence says why, not only 降至."""
    from desktop import demo
    from desktop.store.database import Database

    db = Database.open(demo.build(tmp_path / "demo.fulian"), read_only=True)
    try:
        facts = monitoring_narrative.gather(db, 2025, DAY)
        approximate = [
            i.name for i, v in facts.results if i.direction == "~" and v.change and v.last_value
        ]
        text = monitoring_narrative.draft(facts).plain_text()
    finally:
        db.close()
    assert approximate  # the demo has a 左右 target that moved
    for name in approximate:
        after = text.split(f"{name}由上年", 1)[1].split("；")[0].split("。")[0]
        assert after.endswith(("，更接近目标", "，偏离目标")), after
