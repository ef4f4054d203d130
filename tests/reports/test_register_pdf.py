"""A register's printed listing: masked, every page headed and numbered, fonts embedded,
landscape when the columns need it."""

from __future__ import annotations

import random
import subprocess
from datetime import date
from pathlib import Path

from desktop.demo.registers import _Maker, make_records
from desktop.forms.definition import FormDef, Record
from desktop.forms.fields import UnitChoices
from desktop.forms.listing import Listing, Query
from desktop.forms.loader import load_file
from desktop.reports import register_pdf
from desktop.reports.pdf.fonts import FontSet
from tests.forms.helpers import FIXTURE_FORMS, bundled
from tests.helpers.official import layout_text

UNITS = UnitChoices(
    names={1: "东岗村", 2: "西岭村", 3: "派出所"}, kinds={1: "village", 2: "village", 3: "x"}
)


def records(form: FormDef, count: int) -> list[Record]:
    maker = _Maker(random.Random(3), dict(UNITS.kinds))
    made = make_records(form, count, maker)
    return [Record(n, values) for n, (values, _children) in enumerate(made, start=1)]


def text_of(path: Path) -> str:
    out = layout_text(path)
    return out.replace(" ", "")


def info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def test_petition_listing_is_masked_numbered_and_landscape(tmp_path: Path) -> None:
    form = bundled().get("petition")
    rows = records(form, 120)
    listing = Listing(form, rows, UNITS)
    query = Query(equals={"channel": "来访"})
    kept = listing.matches(query)
    path = tmp_path / "petition.pdf"
    pages = register_pdf.write_listing(
        path,
        listing,
        kept,
        FontSet.discover(),
        township="青山镇",
        filters=query.describe(form, UNITS),
        today=date(2026, 11, 29),
    )
    text = text_of(path)
    assert int(info(path)["Pages"]) == pages >= 1
    assert "841.89x595.276" in info(path)["Page size"].replace(" ", "")  # A4 landscape
    assert "青山镇信访台账" in text
    assert f"筛选：来源方式=来访共{len(kept)}条" in text
    for page in range(1, pages + 1):
        assert f"第{page}页共{pages}页" in text
    assert text.count("受理日期") == pages  # the header row repeats on every page
    for n in kept:
        name = str(rows[n].values["person_name"])
        assert name not in text  # never the full name
        assert name[0] + "*" * (len(name) - 1) in text
    assert "已作脱敏处理" in text
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert all(" yes " in line for line in fonts.splitlines()[2:]), fonts


def test_narrow_listing_is_portrait(tmp_path: Path) -> None:
    form = load_file(FIXTURE_FORMS / "lecture.toml")
    listing = Listing(form, records(form, 5), UNITS)
    path = tmp_path / "lecture.pdf"
    register_pdf.write_listing(
        path, listing, [0, 1, 2, 3, 4], FontSet.discover(), township="青山镇"
    )
    assert "595.276x841.89" in info(path)["Page size"].replace(" ", "")
    assert "家长学校授课" in text_of(path)
