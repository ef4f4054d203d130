"""The returns to the county federation (信访统计表, 矛盾纠纷排查化解月报) worked out by hand on
a small township, exported with ``fulian export`` from a file whose password was never given,
read back with openpyxl and pdftotext: the numbers are right and no personal data is in them."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.cli import main
from desktop.operations import protection
from desktop.reports import catalog
from desktop.store import profile
from desktop.store.backup import BackupStore
from desktop.store.registers import RegisterStore
from desktop.store.session import Session
from tests.forms.helpers import add_units, bundled
from tests.helpers.official import layout_text
from tests.helpers.vault import CHEAP

NAMES = ("韩梅梅", "张秀英", "李桂兰", "王建国", "赵丽", "孙红", "周芳")


def petition(day: str, channel: str, category: str, sub: str | None, **more: object) -> dict:
    return {
        "received_on": day,
        "channel": channel,
        "person_name": more.pop("name", "韩梅梅"),
        "sex": "女",
        "category": category,
        "sub_category": sub,
        "content": "反映情况。",
        "status": "received",
        **more,
    }


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """March 2026: 4 petitions (one in April, outside); 3 disputes (one in February).

    P1 来访 婚姻家庭/家庭暴力 closed, 协助报案+法律援助; P2 来电 婚姻家庭/离婚 6 people (集体访),
    重复访, 办理中; P3 12338热线 财产权益/继承 closed, 越级访; P4 排查发现 婚姻家庭/家庭暴力,
    协助申请人身安全保护令, received. D1 东岗村 婚姻纠纷 red 化解中; D2 东岗村 家庭暴力 yellow
    resolved; D3 西岭村 赡养纠纷 blue 未化解."""
    folder = tmp_path_factory.mktemp("returns")
    session = Session.create(
        folder / "镇妇联.fulian", BackupStore(folder / "b"), forms=bundled().forms
    )
    profile.save(session.db, profile.Profile(township="青山镇"))
    villages = add_units(session.db)
    petitions = RegisterStore(session.db, bundled().get("petition"), session.protection.codec)
    closed = {"status": "closed", "closed_on": "2026-03-25", "result": "已处理。"}
    for values in (
        petition(
            "2026-03-02",
            "来访",
            "婚姻家庭",
            "家庭暴力",
            measures=("法律援助", "协助报案"),
            age=42,
            dv_order="已核发",
            respondent="王建国",
            **closed,
        ),
        petition(
            "2026-03-10",
            "来电",
            "婚姻家庭",
            "离婚",
            people=6,
            repeated=True,
            name="张秀英",
            status="in_progress",
        ),
        petition(
            "2026-03-15", "12338热线", "财产权益", "继承", over_level=True, name="李桂兰", **closed
        ),
        petition(
            "2026-03-20",
            "排查发现",
            "婚姻家庭",
            "家庭暴力",
            measures=("协助申请人身安全保护令",),
            name="赵丽",
        ),
        petition("2026-04-05", "来访", "综合", "咨询", name="孙红"),
    ):
        petitions.add(values)
    disputes = RegisterStore(session.db, bundled().get("dispute"), session.protection.codec)
    for day, village, kind, risk, state, resolved in (
        ("2026-03-03", "东岗村", "婚姻纠纷", "red", "in_progress", None),
        ("2026-03-05", "东岗村", "家庭暴力", "yellow", "resolved", "2026-03-10"),
        ("2026-03-20", "西岭村", "赡养纠纷", "blue", "pending", None),
        ("2026-02-27", "西岭村", "邻里纠纷", "red", "pending", None),
    ):
        disputes.add(
            {
                "screened_on": day,
                "village": villages[village],
                "parties": "周芳与王建国",
                "dispute_type": kind,
                "risk": risk,
                "responsible": "陈静",
                "state": state,
                "resolved_on": resolved,
            }
        )
    protection.set_password(session, "qingshan2026", cost=CHEAP)
    session.close()  # locked from here on: the returns never ask for the password
    return folder / "镇妇联.fulian"


def export(db: Path, key: str, fmt: str, out: Path) -> Path:
    args = ["export", str(db), key, "--from", "2026-03-01", "--to", "2026-03-31"]
    assert main([*args, "--format", fmt, "-o", str(out)]) == 0
    return out


def table_rows(path: Path, first: str) -> list[list[object]]:
    """The rows of the table whose header starts with ``first``, header first, up to a blank
    row (a sheet stacks a section's tables)."""
    for sheet in load_workbook(path).worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        for index, row in enumerate(rows):
            if row[0] == first:
                end = next((i for i in range(index, len(rows)) if rows[i][0] is None), len(rows))
                return rows[index:end]
    raise AssertionError(f"{first} not in {path}")


def workbook_text(path: Path) -> str:
    book = load_workbook(path)
    return "\n".join(
        str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r if c
    )


def pdf_text(path: Path) -> str:
    return layout_text(path)


def numbers(text: str, label: str) -> list[str]:
    """The figures on the PDF line that starts with ``label``."""
    line = next(x for x in text.splitlines() if x.strip().startswith(label + " "))
    return line.strip()[len(label) :].split()


def test_both_returns_are_in_the_catalogue() -> None:
    for key, title in (
        ("petition-return", "信访统计表"),
        ("dispute-return", "矛盾纠纷排查化解月报"),
    ):
        assert catalog.KINDS[key].title == title
        assert catalog.KINDS[key].needs == "period"


def test_the_petition_return_by_hand(township: Path, tmp_path: Path) -> None:
    xlsx = export(township, "petition-return", "xlsx", tmp_path / "信访.xlsx")
    pdf = export(township, "petition-return", "pdf", tmp_path / "信访.pdf")
    rows = table_rows(xlsx, "问题类别")
    assert rows[0][1:] == [
        "合计",
        "来信",
        "来电",
        "来访",
        "12338热线",
        "网上信访",
        "上级转办",
        "排查发现",
        "领导接访",
        "已办结",
        "办结率",
    ]
    by_label = {r[0]: r[1:] for r in rows}
    assert by_label["婚姻家庭"] == [3, 0, 1, 1, 0, 0, 0, 1, 0, 1, pytest.approx(1 / 3)]
    assert by_label["财产权益"] == [1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1]
    assert by_label["人身权益"][:2] == [0, 0]
    assert by_label["合计"] == [4, 0, 1, 1, 1, 0, 0, 1, 0, 2, 0.5]
    text = pdf_text(pdf)
    assert numbers(text, "婚姻家庭")[:11] == [
        "3",
        "0",
        "1",
        "1",
        "0",
        "0",
        "0",
        "1",
        "0",
        "1",
        "33.3%",
    ]
    assert numbers(text, "合计")[:11] == ["4", "0", "1", "1", "1", "0", "0", "1", "0", "2", "50.0%"]
    assert numbers(text, "信访件") == ["4", "9"]  # 1 + 6 + 1 + 1 people
    assert numbers(text, "其中：集体访") == ["1", "6"]
    assert numbers(text, "重复访") == ["1", "6"]
    assert numbers(text, "越级访") == ["1", "1"]
    assert numbers(text, "性别：女") == ["4"]
    assert numbers(text, "年龄：36—50岁") == ["1"]
    assert numbers(text, "年龄：未填") == ["3"]
    assert numbers(text, "家庭暴力信访件") == ["2", "100.0%"]
    assert numbers(text, "处理方式：协助报案") == ["1", "50.0%"]
    assert numbers(text, "处理方式：协助申请人身安全保护令") == ["1", "50.0%"]
    assert numbers(text, "处理方式：调解") == ["0", "0.0%"]
    assert numbers(text, "离婚") == ["1", "33.3%"]
    everything = text + workbook_text(xlsx)
    assert not [n for n in NAMES if n in everything]
    assert "已核发" not in everything  # a case fact: encrypted, never in a return
    assert "统计期间：2026-03-01 至 2026-03-31" in text


def test_the_dispute_return_by_hand(township: Path, tmp_path: Path) -> None:
    xlsx = export(township, "dispute-return", "xlsx", tmp_path / "纠纷.xlsx")
    pdf = export(township, "dispute-return", "pdf", tmp_path / "纠纷.pdf")
    rows = table_rows(xlsx, "纠纷类型")
    assert rows[0][1:] == ["排查数", "红色", "黄色", "蓝色", "未化解", "化解中", "已化解", "化解率"]
    by_label = {r[0]: r[1:] for r in rows}
    assert by_label["婚姻纠纷"] == [1, 1, 0, 0, 0, 1, 0, 0]
    assert by_label["家庭暴力"] == [1, 0, 1, 0, 0, 0, 1, 1]
    assert by_label["赡养纠纷"] == [1, 0, 0, 1, 1, 0, 0, 0]
    assert by_label["邻里纠纷"][0] == 0  # screened in February
    assert by_label["合计"] == [3, 1, 1, 1, 1, 1, 1, pytest.approx(1 / 3)]
    text = pdf_text(pdf)
    assert numbers(text, "东岗村") == ["2", "1", "1", "0", "0", "1", "1", "50.0%"]
    assert numbers(text, "西岭村") == ["1", "0", "0", "1", "1", "0", "0", "0.0%"]
    assert numbers(text, "红色")[:1] == ["1"]
    red = next(x for x in text.splitlines() if "2026-03-03" in x).split()
    assert red == ["东岗村", "婚姻纠纷", "2026-03-03", "陈静", "化解中"]
    everything = text + workbook_text(xlsx)
    assert not [n for n in NAMES if n in everything]
    assert "周芳" not in everything
