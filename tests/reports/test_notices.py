"""预警通知书 and 督办单 on the small township of conftest.py: T-H-02 (missed and worse, led by
镇卫生院) and T-E-01 (no data, led by 东岗村) are the year's warnings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.domain.attention import HomeFacts, home_items
from desktop.operations import notices as ops
from desktop.reports import monitoring_reports
from desktop.store import follow_ups as follow_up_store
from desktop.store import notices, profile
from tests.reports.conftest import Township


@pytest.fixture
def issued(township: Township) -> Township:
    facts = profile.load(township.db)
    profile.save(township.db, facts._replace(doc_prefix="青妇儿"))
    ops.issue_warnings(township.db, 2025, on=date(2026, 1, 10), due=date(2026, 2, 10))
    return township


def test_one_notice_per_lead_unit_with_its_indicators(issued: Township) -> None:
    db = issued.db
    sent = notices.notices(db, 2025)
    assert [(n.unit, n.number, n.due_on) for n in sent] == [
        ("镇卫生院", "青妇儿预警〔2025〕1号", "2026-02-10"),
        ("东岗村", "青妇儿预警〔2025〕2号", "2026-02-10"),
    ]
    (item,) = follow_up_store.follow_ups(db, notice_id=sent[0].id)
    assert (item.indicator, item.flags, item.value, item.target) == (
        "T-H-02 住院分娩率",
        "未达标、较上年变差",
        "98.5%",
        "99%以上（期末）",
    )
    assert item.state == "open"
    # issuing again sends nothing new: the warnings are already followed up
    assert ops.issue_warnings(db, 2025, on=date(2026, 1, 11)).notices == []


def test_follow_up_states_review_and_escalation(issued: Township) -> None:
    db = issued.db
    health, village = follow_up_store.follow_ups(db, year=2025)
    before = date(2026, 1, 20)
    assert follow_up_store.states_by_indicator(db, 2025, before)[health.indicator_id] == (
        "整改中（期限2026-02-10）"
    )
    with pytest.raises(ops.NoticeError, match="复查日期"):
        ops.record_follow_up(db, health.id, closed=True)
    ops.record_follow_up(
        db,
        health.id,
        measures="落实高危孕产妇转诊",
        review_on="2026-02-15",
        review_result="住院分娩率回升",
        closed=True,
        inspection_id=7,
    )
    issued_supervision = ops.escalate(db, [village.id], on=date(2026, 2, 20))
    (supervision,) = issued_supervision.notices
    assert (supervision.kind, supervision.number, supervision.due_on) == (
        "supervision",
        "青妇儿督办〔2025〕1号",
        "2026-03-07",
    )
    states = {f.id: f for f in follow_up_store.follow_ups(db, year=2025)}
    assert states[health.id].state == "closed"
    assert states[health.id].inspection_id == 7
    assert states[village.id].state == "escalated"
    assert states[village.id].escalated_to == supervision.id
    (new,) = follow_up_store.follow_ups(db, notice_id=supervision.id)
    assert "青妇儿预警〔2025〕2号整改未到位" in new.reason
    by_indicator = follow_up_store.states_by_indicator(db, 2025, date(2026, 3, 10))
    assert by_indicator[health.indicator_id] == "已整改"
    assert by_indicator[village.indicator_id] == "整改逾期（期限2026-03-07）"
    assert follow_up_store.overdue_lines(db, date(2026, 3, 10)) == [
        "东岗村：T-E-01 学前教育毛入园率（期限2026-03-07）"
    ]
    [table] = monitoring_reports.warnings(db, 2025, today=date(2026, 3, 10)).tables()
    assert [row[-1].text for row in table.rows] == ["已整改", "整改逾期（期限2026-03-07）"]
    with pytest.raises(ops.NoticeError, match="整改中"):
        ops.escalate(db, [health.id])


def test_overdue_follow_up_on_the_home_page() -> None:
    facts = HomeFacts(
        last_backup=None,
        backup_running=False,
        profile_complete=True,
        lock_pc="pc",
        lock_since="",
        overdue_follow_ups=["东岗村：T-E-01 学前教育毛入园率（期限2026-03-07）"],
    )
    texts = [i.text for i in home_items(facts, __import__("datetime").datetime(2026, 3, 10))]
    assert "预警整改已过期限：东岗村：T-E-01 学前教育毛入园率（期限2026-03-07）。" in texts


def test_cli_notices_pdf_and_docx(township: Township, tmp_path: Path) -> None:
    from docx import Document

    from desktop.cli import main
    from tests.helpers.official import assert_official_layout, pdf_text

    db = str(township.db.path)
    out = tmp_path / "pdf"
    out.mkdir()
    args = ["export", db, "notices", "--year", "2025", "--format", "pdf", "-o", str(out)]
    assert main(args) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        "预警通知书-预警〔2025〕1号-镇卫生院.pdf",
        "预警通知书-预警〔2025〕2号-东岗村.pdf",
    ]
    path = out / files[0]
    assert assert_official_layout(path) >= 1
    text = pdf_text(path)
    for expected in (
        "2025年度妇女儿童发展规划监测预警通知书",
        "预警〔2025〕1号",
        "镇卫生院：",
        "T-H-02住院分娩率",
        "98.5%",
        "99%以上（期末）",
        "未达标、较上年变差",
        "回执",
        "整改措施：",
        "青山镇妇儿工委",
    ):
        assert expected in text, expected
    docs = tmp_path / "docx"
    docs.mkdir()
    args = ["export", db, "notices", "--year", "2025", "--format", "docx", "-o", str(docs)]
    assert main(args) == 0  # the notices exist already: printed again, not numbered again
    document = Document(str(docs / "预警通知书-预警〔2025〕2号-东岗村.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert "东岗村：" in paragraphs
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "T-E-01 学前教育毛入园率" in cells
    assert "无数据" in cells
    assert len(notices.notices(township.db, 2025)) == 2


def test_a_cancelled_notice_batch_leaves_no_file_and_one_file_holds_all(
    issued: Township, tmp_path: Path
) -> None:
    from docx import Document

    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[int] = []

    def cancel_after_first(done: int, total: int) -> bool:
        seen.append(done)
        return done < 1

    assert ops.write_notices(issued.db, 2025, "docx", folder, progress=cancel_after_first) == []
    assert seen == [0, 1]
    assert list(folder.iterdir()) == []  # the finished first file is removed too
    (combined,) = ops.write_notices(issued.db, 2025, "docx", tmp_path / "all.docx")
    paragraphs = [p.text for p in Document(str(combined)).paragraphs]
    assert "镇卫生院：" in paragraphs
    assert "东岗村：" in paragraphs


def test_a_rate_per_100000_prints_as_officials_write_it(township: Township, tmp_path: Path) -> None:
    """孕产妇死亡率 10 against a target of 5/10万: ``10.0/10万`` and ``5/10万以下``, never the
    digits of ``1/10万`` run into the value (10.01/10万)."""
    from decimal import Decimal

    from desktop.cli import main
    from desktop.store import indicators
    from tests.helpers.official import pdf_text

    indicators.set_target(township.db, township.indicators["T-H-01"], 0, Decimal("5"))
    ops.issue_warnings(township.db, 2025, on=date(2026, 1, 10), due=date(2026, 2, 10))
    args = ["export", str(township.db.path), "notices", "--year", "2025", "--format", "pdf"]
    assert main([*args, "-o", str(tmp_path)]) == 0
    text = pdf_text(next(tmp_path.glob("*镇卫生院.pdf")))
    assert "10.0/10万" in text  # the value
    assert "5/10万以下（期末）" in text  # the target, with its unit as the value has one
    assert "10.01/10万" not in text
