"""考核 by the two shipped schemes, worked out by hand on the small township of conftest.py
plus a statistics office with nothing to score and two villages with register records."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain.assessment import NOT_TAKING_PART, PENDING_GRADE, Entry, UnitScore
from desktop.domain.assessment_scheme import SchemeError, default_schemes, parse_scheme
from desktop.operations import assessment as ops
from desktop.store import assessment, register_sync, units
from desktop.store.registers import RegisterStore
from tests.forms.helpers import bundled
from tests.reports.conftest import Township

SCHEMES = Path(__file__).parents[2] / "forms" / "assessment"


@pytest.fixture
def scored(township: Township) -> Township:
    """卫生院 and 东岗村 scored by hand; 派出所 vetoed; 统计站 has nothing; 西岭村 is busy."""
    db = township.db
    township.units["统计站"] = units.add(
        db, units.Unit(code="D03", name="统计站", kind="department")
    )
    township.units["西岭村"] = units.add(db, units.Unit(code="C02", name="西岭村", kind="village"))
    forms = bundled()
    register_sync.sync(db, forms.forms)
    east, west = township.units["东岗村"], township.units["西岭村"]
    activity = RegisterStore(db, forms.get("activity"))
    for day, village in (
        [("2025-03-08", east)] * 3 + [("2024-06-01", east)] + [("2025-05-01", west)] * 7
    ):
        activity.add({"held_on": day, "theme": "家庭家教家风", "title": "x", "village": village})
    honours = RegisterStore(db, forms.get("family_honour"))
    for n in range(2):
        honours.add(
            {"year": 2025, "honour": "最美家庭", "family": f"李{n}", "village": west}
            | {"level": "镇级"}
        )
    RegisterStore(db, forms.get("home_site")).add(
        {"kind": "妇女儿童之家", "name": "西岭村妇女儿童之家", "village": west, "status": "在用"}
    )
    health, police = township.units["镇卫生院"], township.units["派出所"]
    files = default_schemes()
    ops.save_scores(
        db,
        2025,
        [
            (health, "mechanism", Entry(5, 5)),
            (health, "summary", Entry(5, 4, "总结迟交两天")),
            (health, "records", Entry(None, 3)),
            (health, "innovation", Entry(None, 3)),
            (health, "honours", Entry(None, 3)),
            (health, "late_material", Entry(None, 1)),
            (police, "veto", Entry(None, 1, "统计数据弄虚作假")),
            (east, "organisation", Entry(None, 8)),
            (west, "organisation", Entry(None, 10)),
            (west, "information", Entry(None, 9)),
        ],
        files,
    )
    return township


def results(township: Township) -> dict[str, dict[str, UnitScore]]:
    got = assessment.scores(township.db, 2025, default_schemes(), bundled().forms)
    return {r.scheme.id: {s.facts.name: s for s in r.scores} for r in got}


def test_member_units_by_hand(scored: Township) -> None:
    members = results(scored)["member_units"]
    assert list(members) == ["镇卫生院", "派出所", "统计站"]
    health = members["镇卫生院"]
    # indicators 40 × 1/2 = 20 (T-H-02 missed and worse: no partial credit); tasks 25 × 1/2;
    # reporting confirmed after the deadline 15 × 0.6; no letter: not applicable;
    # manual 5 + 4 + 3. 53.5 of 95 → 56.32; bonus 3 + 3 capped at 5; deduction 1 → 60.3
    assert health.item("indicators").points == 20.0
    assert health.item("indicators").detail == "1/2 达标"
    assert health.item("tasks").points == 12.5
    assert health.item("reporting").points == 9.0
    assert not health.item("letter").applies
    assert health.item("summary").self_score == 5
    assert health.item("summary").note == "总结迟交两天"
    assert (health.base, health.bonus, health.deduction) == (56.3, 5.0, 1.0)
    assert (health.total, health.grade, health.rank) == (60.3, "合格", 1)
    police = members["派出所"]
    # tasks 25 of 25, manual items pending: 25 of 40 → 62.5; vetoed: lowest grade, ranked last
    assert (police.total, police.pending, police.vetoed) == (62.5, 3, True)
    assert (police.grade, police.rank) == ("不合格", 2)
    office = members["统计站"]
    assert not office.taking_part
    assert (office.grade, office.rank) == (NOT_TAKING_PART, 0)


def test_villages_by_hand(scored: Township) -> None:
    villages = results(scored)["villages"]
    assert list(villages) == ["西岭村", "东岗村"]
    west, east = villages["西岭村"], villages["东岗村"]
    # 7 activities (full at 6) 25 + 2 families 10 + a home 10 + 10 + 9 = 64 of 65 → 98.5
    assert west.item("activities").detail == "7 条"
    assert (west.total, west.grade, west.rank) == (98.5, "优秀", 1)
    # 3 activities of 2025 (the 2024 one does not count): 12.5; led T-E-01 has no data: 0;
    # reporting pending: 0; organisation 8; information not yet scored. 20.5 of 90 → 22.8
    assert east.item("activities").points == 12.5
    assert east.item("reporting").detail == "未填报"
    assert east.item("information").points is None
    # not graded while an item waits for its score: 22.8 would read as a final 不合格
    assert (east.total, east.grade, east.rank, east.pending) == (22.8, PENDING_GRADE, 2, 1)


def test_partial_credit_for_an_improved_indicator() -> None:
    from desktop.domain.assessment import UnitFacts, assess

    scheme = parse_scheme((SCHEMES / "member_units.toml").read_text("utf-8"), "member_units.toml")
    facts = UnitFacts(1, "甲", led=4, led_met=2, led_improved=1)
    (score,) = assess(scheme, [facts], {})
    # (2 + 0.5 × 1) / 4 × 40 = 25; with the three manual items (15, not yet scored): 25 of 55
    assert score.item("indicators").points == 25.0
    assert (score.total, score.pending) == (45.5, 3)


def test_edited_scheme_keeps_the_years_scores(scored: Township, tmp_path: Path) -> None:
    before = results(scored)["member_units"]["镇卫生院"].total
    original = (SCHEMES / "member_units.toml").read_text("utf-8")
    edited = original.replace("points = 40", "points = 10")
    (tmp_path / "member_units.toml").write_text(edited, "utf-8")
    files = default_schemes(tmp_path)
    assert next(s for s in files if s.id == "member_units").items[0].points == 10
    kept = assessment.scores(scored.db, 2025, files, bundled().forms)
    assert {s.facts.name: s.total for s in kept[0].scores}["镇卫生院"] == before
    # a year never scored takes the edited file
    fresh = assessment.scores(scored.db, 2026, files, bundled().forms)
    assert next(r for r in fresh if r.scheme.id == "member_units").scheme.items[0].points == 10


def test_scores_are_checked_and_audited(scored: Township) -> None:
    db, health = scored.db, scored.units["镇卫生院"]
    files = default_schemes()
    with pytest.raises(ops.AssessmentError, match="应在 0 到 5 之间"):
        ops.save_scores(db, 2025, [(health, "mechanism", Entry(None, 6))], files)
    with pytest.raises(ops.AssessmentError, match="自动计分"):
        ops.save_scores(db, 2025, [(health, "tasks", Entry(None, 6))], files)
    assert db.scalar("SELECT count(*) FROM audit WHERE table_name = 'assessment_entry'") > 0
    assert ops.save_scores(db, 2025, [(health, "mechanism", Entry(5, 5))], files) == ops.NOTHING


def test_strict_loader_names_file_and_key() -> None:
    text = (SCHEMES / "villages.toml").read_text("utf-8")
    with pytest.raises(SchemeError) as error:
        parse_scheme(text.replace("full_at = 6", "full_at = 6\ncolour = 1"), "villages.toml")
    assert str(error.value) == "villages.toml: items[0].colour：未知的键“colour”"
    with pytest.raises(SchemeError, match=r"items\[0\]\.rule"):
        parse_scheme(text.replace('"register_count"', '"guess"', 1), "villages.toml")
    with pytest.raises(SchemeError, match="grades"):
        parse_scheme(text.split("[[grades]]")[0], "villages.toml")


def test_bulletin_and_tables_exported(
    scored: Township, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from docx import Document
    from openpyxl import load_workbook

    from desktop.cli import main
    from tests.helpers.official import assert_official_layout, pdf_text

    db = str(scored.db.path)

    def export(fmt: str) -> int:
        out = tmp_path / f"通报.{fmt}"
        return main(["export", db, "assessment", "--year", "2025", "--format", fmt, "-o", str(out)])

    # 东岗村's 信息报送 not scored yet: its 等次 is 待定, and a 通报 announces final grades
    assert export("pdf") != 0
    assert not (tmp_path / "通报.pdf").exists()
    assert "东岗村尚有考核项目待考评" in capsys.readouterr().err
    assert export("xlsx") == 0  # the scoring table, to check, is made any time
    east = scored.units["东岗村"]
    ops.save_scores(scored.db, 2025, [(east, "information", Entry(None, 0))], default_schemes())
    for fmt in ("xlsx", "pdf", "docx"):
        assert export(fmt) == 0
    book = load_workbook(tmp_path / "通报.xlsx")
    sheet = book["成员单位目标责任考核"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    health = next(r for r in rows if "镇卫生院" in r)
    assert health[:3] == [1, "镇卫生院", 20]
    assert 60.3 in health
    assert "合格" in health
    office = next(r for r in rows if "统计站" in r)
    assert NOT_TAKING_PART in office
    assert "成员单位目标责任考核评分标准" in {str(r[0]) for r in rows}
    assert "村社区妇女工作考核" in book.sheetnames
    pages = assert_official_layout(tmp_path / "通报.pdf")
    assert pages >= 3  # the 通报, then one attached table per scheme
    text = pdf_text(tmp_path / "通报.pdf")
    for expected in (
        "关于2025年度妇女儿童工作目标责任考核结果的通报",
        "各成员单位，各村（社区）：",
        "优秀（1个）：西岭村。",
        "合格（1个）：镇卫生院。",
        "不合格（1个）：派出所。",
        "统计站本年度无适用的考核项目，不参与考核。",
        "派出所、东岗村考核等次为不合格",
        "青山镇妇儿工委",
        "不合格（否决）",
    ):
        assert expected in text, expected
    document = Document(str(tmp_path / "通报.docx"))
    section = document.sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    paragraphs = [p.text for p in document.paragraphs]
    assert "一、考核结果" in paragraphs
    heading = next(p for p in document.paragraphs if p.text == "一、考核结果")
    assert heading.runs[0].font.name == "黑体"
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "西岭村" in cells
    assert "98.5" in cells


def test_letters_carry_requirements_term_and_scheme(scored: Township, tmp_path: Path) -> None:
    from datetime import date

    from docx import Document

    from desktop.reports import letters_docx, letters_pdf
    from desktop.reports.pdf.fonts import FontSet
    from desktop.store import letters
    from tests.helpers.official import assert_official_layout, pdf_text

    db = scored.db
    template = letters.template_text(db)
    day = date(2026, 3, 8)
    health = units.get(db, scored.units["镇卫生院"])
    west = units.get(db, scored.units["西岭村"])  # leads and supports no indicator
    data = [
        letters_pdf.gather(db, 2025, health, "A-1", day),
        letters_pdf.gather(db, 2025, west, "A-2", day),
    ]
    path = tmp_path / "letters.docx"
    letters_docx.write_docx(path, data, template)
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    for expected in (
        "二、工作要求",
        "名单另报",
        "于2025年3月31日前报送本年度统计监测数据",
        "按《成员单位目标责任考核》",
        "按《村（社区）妇女工作考核》",
        "本责任书责任期限自2025年1月1日至2025年12月31日。",
    ):
        assert expected in text, expected
    # the village's letter: fitting words, no "下列指标" before a table that is not there
    village = text[text.index("乙方：西岭村") :]
    assert "乙方对下列指标负责" not in village
    assert "本年度乙方没有牵头或配合的监测指标" in village
    assert len(document.tables) == 3  # the hospital's indicator table and two signature blocks
    pdf = tmp_path / "letters.pdf"
    letters_pdf.write(pdf, data, template, FontSet.discover())
    assert_official_layout(pdf)
    assert "五、责任期限" in pdf_text(pdf)
