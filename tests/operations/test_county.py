"""Up to the county (issue 18): the submission workbook and PDF, its signed hidden sheet, a
county merge of three townships worked by hand, and the refusals."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.exchange import submission_excel
from desktop.operations import county as county_ops
from desktop.operations.submission import SubmissionError, submit
from desktop.reports import county_report
from desktop.store import (
    catalogue,
    county,
    evaluation,
    indicators,
    monitoring,
    profile,
    submissions,
    units,
)
from desktop.store.database import Database
from tests.helpers.official import layout_text, page_words


def _township(path: Path, name: str, figures: dict[str, float], *, confirm: bool = True) -> Path:
    """A township with one health centre reporting 活产数, 孕产妇死亡数, 孕产妇系统管理人数,
    and one village reporting 乡镇儿童督导员数 (by element code)."""
    db = Database.create(path)
    try:
        catalogue.seed_reference(db)
        profile.save(db, profile.Profile(township=name, committee=f"{name}妇儿工委"))
        unit = units.add(db, units.Unit("D01", "卫生院"))
        codes = {e.code: e.id for e in indicators.elements(db)}
        entries = []
        for code, value in figures.items():
            monitoring.assign(db, 2025, codes[code], unit)
            entries.append(monitoring.ValueEntry(codes[code], Decimal(str(value))))
        monitoring.open_round(db, 2025)
        monitoring.save_values(db, 2025, unit, entries)
        if confirm:
            monitoring.mark_complete(db, 2025, unit)
    finally:
        db.close()
    return path


def _submit(path: Path, out: Path, **kwargs: object) -> list[Path]:
    db = Database.open(path)
    try:
        return submit(db, 2025, out, forms=(), **kwargs).files  # type: ignore[arg-type]
    finally:
        db.close()


def _county(path: Path) -> Database:
    db = Database.create(path)
    catalogue.seed_reference(db)
    submissions.set_level(db, "county")
    profile.save(db, profile.Profile(township="清河县"))
    return db


def _merge(db: Database, *files: Path) -> list[county_ops.MergePreview]:
    previews = county_ops.preview_merge(db, list(files))
    for preview in previews:
        if not preview.refused:
            county_ops.merge_file(db, preview)
    return previews


FIGURES = {
    "甲镇": {"W-H-04-D": 300, "W-H-04-N": 0, "W-H-05-N": 270, "C-W-02": 2},
    "乙乡": {"W-H-04-D": 100, "W-H-04-N": 1, "W-H-05-N": 80, "C-W-02": 1},
    "丙镇": {"W-H-04-D": 600, "W-H-04-N": 0, "W-H-05-N": 594, "C-W-02": 3},
}


@pytest.fixture
def three(tmp_path: Path) -> dict[str, Path]:
    """Each township's submission workbook."""
    files = {}
    for index, (name, figures) in enumerate(FIGURES.items()):
        db_path = _township(tmp_path / f"t{index}.fulian", name, figures)
        written = _submit(db_path, tmp_path / f"out{index}")
        files[name] = next(p for p in written if p.suffix == ".xlsx")
    return files


def test_workbook_and_pdf_read_back(three: dict[str, Path]) -> None:
    from openpyxl import load_workbook

    xlsx = three["乙乡"]
    book = load_workbook(xlsx)
    sheet = book["上报表"]
    assert book["_submission"].sheet_state == "veryHidden"
    assert sheet.print_title_rows == "$1:$4"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet["A1"].value == "乡镇（街道）妇女儿童发展规划监测统计年报表"
    texts = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert texts[0][:5] == ["序号", "指标", "计量单位", "本年", "上年"]
    labels = [r[1] for r in texts if r[0]]
    # the format's order: 孕产妇死亡数（活产数） before 孕产妇系统管理率, 督导员 later
    assert labels.index("孕产妇死亡数（活产数）") < labels.index("孕产妇系统管理率")
    assert labels.index("孕产妇系统管理率") < labels.index("乡镇儿童督导员数")
    managed = next(r for r in texts if r[1] == "孕产妇系统管理率")
    assert managed[3:9] == ["80.0", None, "90%以上（期末）", "80", "100", None]
    assert any("填表人" in str(r[0]) for r in texts if r[0])
    pdf = xlsx.with_suffix(".pdf")
    layout = layout_text(pdf)
    assert "妇儿监乡1表" in layout
    assert "乙乡妇儿工委" in layout
    assert layout.index("孕产妇死亡数（活产数）") < layout.index("孕产妇系统管理率")
    assert "80.0" in layout
    assert "填表人" in layout
    # each name with room to write after it (its full-width spaces collapsed in a Paragraph)
    words = [w for page in page_words(pdf) for w in page]
    names = [next(w for w in words if w.text.startswith(n)) for n in ("单位负责人", "填表人")]
    assert names[1].x0 - names[0].x1 > 100  # points: a line to sign on between them
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert "yes" in fonts.splitlines()[2]  # embedded


def test_hidden_sheet_round_trips_and_detects_edits(three: dict[str, Path]) -> None:
    from openpyxl import load_workbook

    path = three["甲镇"]
    back = submission_excel.read(path)
    assert (back.claim.township, back.claim.year, back.claim.format_id) == ("甲镇", 2025, "default")
    figures = {e.code: e.value for e in back.claim.elements}
    assert figures["W-H-04-D"] == "300"
    assert figures["W-H-05-N"] == "270"
    assert figures["C-W-02"] == "2"
    book = load_workbook(path)
    machine = book["_submission"]
    row = next(r for r in machine.iter_rows() if r[0].value == "W-H-05-N")
    row[1].value = "290"  # a figure edited by hand
    edited = path.with_name("edited.xlsx")
    book.save(edited)
    with pytest.raises(submission_excel.ImportProblem, match="被改动过"):
        submission_excel.read(edited)


def test_county_merge_of_three_worked_by_hand(tmp_path: Path, three: dict[str, Path]) -> None:
    db = _county(tmp_path / "county.fulian")
    previews = _merge(db, *three.values())
    assert [p.refused for p in previews] == ["", "", ""]
    assert all(p.new_township and len(p.new) == 4 for p in previews)
    report = county_report.build(db, 2025)
    values = next(t for t in report.tables() if t.title == "乡镇指标值")
    row = {r[0].text: [c.text for c in r] for r in values.rows}
    # 孕产妇系统管理率: (270 + 80 + 594) / (300 + 100 + 600) = 944 / 1000 = 94.4%, while the
    # average of the three rates (90, 80, 99) would be 89.7
    assert row["W-H-05"][3:] == ["90.0", "80.0", "99.0", "94.4"]
    # deaths: 1 / 1000 live births = 100 per 100,000, judged at the county
    assert row["W-H-04"][-1] == "100.0"
    assert row["C-W-02"][-1] == "6"
    judgement = next(t for t in report.tables() if t.title == "县级评价")
    judged = {r[0].text: [c.text for c in r] for r in judgement.rows}
    assert judged["W-H-05"][2:5] == ["%", "94.4", "944 / 1000"]  # the unit by the figure
    assert judged["W-H-05"][6] == "达标"
    assert judged["W-H-04"][2] == "1/10万"
    assert judged["W-H-04"][6] == "未达标"  # 100/10万 > 12/10万
    assert judged["W-H-04"][7] == "乙乡（1000.0）"  # 1 death / 100 births, the only one
    # the existing reports read the same figures on a county database (监测结果, 预警 ...)
    verdicts = {i.code: v for i, v in evaluation.evaluate_year(db, 2025)}
    assert verdicts["W-H-05"].value == Decimal("94.4")
    assert verdicts["W-H-04"].status.label == "未达标"
    assert verdicts["L-01"].reason == "乡镇只报比率，县级不汇总（不取平均）"
    progress = county_report.progress(db, 2025)
    assert [p.state for p in progress] == ["已上报", "已上报", "已上报"]
    db.close()


def test_duplicate_resubmission_foreign_and_tampered(tmp_path: Path) -> None:
    town = _township(tmp_path / "t.fulian", "甲镇", FIGURES["甲镇"])
    first = next(p for p in _submit(town, tmp_path / "a") if p.suffix == ".xlsx")
    db = _county(tmp_path / "county.fulian")
    _merge(db, first)
    (again,) = county_ops.preview_merge(db, [first])
    assert "已经导入过" in again.refused
    # the township corrects a figure and submits again: the preview shows old → new
    tdb = Database.open(town)
    element = {e.code: e.id for e in indicators.elements(tdb)}["W-H-05-N"]
    unit = units.list_units(tdb)[0].id
    assert unit is not None
    monitoring.mark_complete(tdb, 2025, unit, complete=False)
    monitoring.save_values(tdb, 2025, unit, [monitoring.ValueEntry(element, Decimal(285))])
    monitoring.mark_complete(tdb, 2025, unit)
    tdb.close()
    second = next(p for p in _submit(town, tmp_path / "b") if p.suffix == ".xlsx")
    # the county clerk corrects the name on her list: the next file does not rename it back
    listed = county_ops.township_named(db, "甲镇")
    county_ops.edit_township(db, listed.id, name="甲镇人民政府")
    (preview,) = county_ops.preview_merge(db, [second])
    assert preview.resubmission
    assert not preview.new_township
    assert preview.listed_as == "甲镇人民政府"
    assert "名单中为“甲镇人民政府”，导入后仍按名单名称显示" in preview.summary()
    assert [(d.code, d.old, d.new) for d in preview.changed] == [("W-H-05-N", "270", "285")]
    county_ops.merge_file(db, preview)
    assert [t.name for t in county.townships(db)] == ["甲镇人民政府"]
    report = county_report.build(db, 2025)
    values = next(t for t in report.tables() if t.title == "乡镇指标值")
    assert {r[0].text: r[-1].text for r in values.rows}["W-H-05"] == "95.0"
    assert county_report.progress(db, 2025)[0].times == 2
    # the older file cannot replace the newer one
    assert "已经导入过" in county_ops.preview_merge(db, [first])[0].refused
    # another database claiming 甲镇's database id with its own key is refused
    impostor = _township(tmp_path / "i.fulian", "甲镇", FIGURES["甲镇"])
    idb = Database.open(impostor)
    real = Database.open(town)
    with idb.transaction():
        idb.execute("UPDATE meta SET value = :v WHERE key = 'db_id'", {"v": real.db_id})
    real.close()
    idb.close()
    forged = next(p for p in _submit(impostor, tmp_path / "c") if p.suffix == ".xlsx")
    assert "签名识别码与该乡镇以前的上报不一致" in county_ops.preview_merge(db, [forged])[0].refused
    # a unit's fill-in template is not a submission
    from openpyxl import Workbook

    template = Workbook()
    template.create_sheet("_meta")
    template.save(tmp_path / "template.xlsx")
    (foreign,) = county_ops.preview_merge(db, [tmp_path / "template.xlsx"])
    assert "填报模板，不是乡镇上报文件" in foreign.refused
    before = db.scalar("SELECT count(*) FROM township_submission")
    assert before == 2
    db.close()


def test_refusals(tmp_path: Path) -> None:
    town = _township(tmp_path / "t.fulian", "甲镇", FIGURES["甲镇"], confirm=False)
    with pytest.raises(SubmissionError, match="1 个单位的数据未确认：卫生院"):
        _submit(town, tmp_path / "out")
    drafts = _submit(town, tmp_path / "out", draft=True)
    assert submission_excel.read(drafts[0]).claim.draft
    tdb = Database.open(town)
    assert "上报县级（草稿）：2025年度" in str(
        tdb.scalar("SELECT new FROM audit WHERE table_name = 'submission_format' ORDER BY id DESC")
    )
    with pytest.raises(county_ops.MergeRefused, match="这是乡镇数据库，不能导入乡镇上报文件"):
        county_ops.preview_merge(tdb, drafts[:1])
    tdb.close()
    cdb = _county(tmp_path / "county.fulian")
    from desktop.exchange import returns

    assert "这是县级数据库" in returns.preview(cdb, drafts[0]).problems[0]
    with pytest.raises(SubmissionError, match="县级数据库"):
        submit(cdb, 2025, tmp_path / "x")
    cdb.close()
