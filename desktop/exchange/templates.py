"""Per-unit Excel fill-in templates: what the clerk sends to units that do not come in.

One workbook per unit and year. 填报说明 (what, by when, whom to call); 填报表 (the unit's rows
in the unit form's order, last year's value and target for reference, input cells unlocked and
tinted with Chinese input messages, everything else protected); a very hidden ``_meta`` sheet
with the database id, year, unit, template version, generation time, each row's element id and
its value at generation (to spot conflicts), a checksum of the locked content (to say precisely
that a grey cell was edited) and a *signature*: HMAC-SHA256, keyed with the database's own
secret (store/signing.py, never in the workbook), over the database id, year, unit, rows and
locked content. A ``_meta`` relabelled to another unit or year, or a hand-made file, cannot be
signed, so it is refused. Templates of version 1 (before signatures) are refused with
"请重新生成模板": their checksum could be recomputed by anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.domain.numbers import format_number
from desktop.exchange import explanations
from desktop.exchange.sheets import append_row, new_sheet, put
from desktop.store import monitoring, profile, round_progress, signing, units
from desktop.store.database import Database

TEMPLATE_VERSION = 2  # 2: signed with the database's secret
DATA_SHEET = "填报表"
GUIDE_SHEET = "填报说明"
META_SHEET = "_meta"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
COLUMNS = ("序号", "编码", "指标 / 数据项", "单位", "目标", "上年值", "本年值", "备注", "数据来源")
LOCKED_COLUMNS = (2, 3, 4, 5, 6)  # 编码 .. 上年值 (1-based); their text is checksummed
VALUE_COL, NOTE_COL, SOURCE_COL = 7, 8, 9
PROTECT_PASSWORD = "fulian"  # deters accidental edits; the checksum is what detects them
ROLE_SUFFIX = {"numerator": "（分子）", "denominator": "（分母）", "value": ""}


@dataclass(frozen=True)
class TemplateRow:
    element_id: int
    locked: tuple[str, ...]  # the texts of the locked columns, in order
    value_at_generation: str


def checksum(rows: Sequence[Sequence[str]]) -> str:
    return hashlib.sha256(
        json.dumps([list(r) for r in rows], ensure_ascii=False).encode("utf-8")
    ).hexdigest()[:32]


SIGNED_KEYS = ("db_id", "year", "unit_id", "unit_code", "template_version", "rows")


def signature(key: bytes, meta: Mapping[str, Any], locked: Sequence[Sequence[str]]) -> str:
    """HMAC-SHA256 of what the template claims (``meta``: db id, year, unit, rows) and what it
    shows (the locked cells), keyed with the database's secret."""
    payload = {k: meta.get(k) for k in SIGNED_KEYS}
    payload["locked"] = [list(r) for r in locked]
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def signature_matches(key: bytes, meta: Mapping[str, Any], locked: Sequence[Sequence[str]]) -> bool:
    claimed = meta.get("signature")
    return isinstance(claimed, str) and hmac.compare_digest(claimed, signature(key, meta, locked))


def template_rows(db: Database, year: int, unit_id: int) -> list[TemplateRow]:
    result = []
    for r in monitoring.form_rows(db, year, unit_id):
        target = r.target_text
        last = "无" if r.last_no_data else format_number(r.last_value, r.decimals)
        current = "无" if r.no_data else format_number(r.value, r.decimals)
        locked = (r.indicator_code, r.name + ROLE_SUFFIX[r.role], r.measure, target, last)
        result.append(TemplateRow(r.element_id, locked, current))
    return result


def file_name(year: int, unit: units.Unit) -> str:
    safe = re.sub(r'[\\/:*?"<>|]', "_", unit.name)
    return f"{year}年度监测填报表-{unit.code}-{safe}.xlsx"


def write_template(db: Database, year: int, unit: units.Unit, path: Path) -> int:
    """Write one unit's template; returns the number of rows."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    assert unit.id is not None
    rows = template_rows(db, year, unit.id)
    facts = profile.load(db)
    current_round = round_progress.get_round(db, year)
    deadline = current_round.deadline if current_round and current_round.deadline else "（未设定）"
    book, sheet = new_sheet(DATA_SHEET, [], (6, 10, 44, 12, 20, 10, 12, 24, 16))
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    title = f"{facts.township}{year}年度妇女儿童发展规划统计监测填报表"
    append_row(sheet, [title])
    append_row(sheet, [f"填报单位：{unit.name}（{unit.code}）    填报截止：{deadline}"])
    append_row(sheet, ["请只在黄色格子内填写；实际为零的填0，没有数据请填“无”，不要留空。"])
    append_row(sheet, list(COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
        cell.border = border
        cell.alignment = Alignment(horizontal="center")
    tint = PatternFill("solid", fgColor="FFF8D0")
    for n, row in enumerate(rows, start=1):
        append_row(sheet, [n, *row.locked, row.value_at_generation, "", ""])
        for col in range(1, len(COLUMNS) + 1):
            cell = sheet.cell(sheet.max_row, col)
            cell.border = border
            if col in (VALUE_COL, NOTE_COL, SOURCE_COL):
                cell.protection = Protection(locked=False)
                cell.fill = tint
    last_row = FIRST_ROW + len(rows) - 1
    if rows:
        check = DataValidation(
            type="custom",
            formula1=f'OR(ISNUMBER(G{FIRST_ROW}),G{FIRST_ROW}="无",G{FIRST_ROW}="")',
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=True,
            errorStyle="warning",
        )
        check.promptTitle = "本年值"
        check.prompt = "填写数字（可带%）；没有数据请填“无”。"
        check.errorTitle = "请检查"
        check.error = "这里应填写数字，或“无”。确定要保留吗？"
        check.add(f"G{FIRST_ROW}:G{last_row}")
        sheet.add_data_validation(check)
        sheet.cell(HEADER_ROW, VALUE_COL).comment = Comment("黄色格子可以填写", "妇联工作台")
    sheet.protection.sheet = True
    sheet.protection.password = PROTECT_PASSWORD
    sheet.protection.formatColumns = False  # let them widen a column

    _write_guide(book, title, unit, year, deadline, facts)
    explanations.add_sheet(book, db, [(r.locked[0], r.locked[1]) for r in rows])
    _write_meta(book, db, year, unit, rows)
    book.save(path)
    return len(rows)


def _write_guide(
    book: Any, title: str, unit: units.Unit, year: int, deadline: str, facts: profile.Profile
) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.properties import PageSetupProperties

    guide = book.create_sheet(GUIDE_SHEET, 0)
    for line in (
        [title],
        [],
        ["填报单位", unit.name],
        ["填报年度", f"{year}年度"],
        ["截止日期", deadline],
        ["联系人", f"{facts.clerk}  {facts.phone}".strip()],
        ["填写方法", "打开“填报表”工作表，只在黄色格子填写本年值、备注和数据来源。"],
        [
            "",
            "单位为%的可以带%（如 96%）；实际为零的填0，没有数据请填“无”；"
            "与上年相比变化较大的，请在备注中说明原因。",
        ],
        ["", "请不要增删行、修改灰色格子或改名工作表；填好后保存，原文件发回即可。"],
    ):
        append_row(guide, line)
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 12
    guide.column_dimensions["B"].width = 72
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    # printed on one A4 page wide, like the data sheet
    guide.page_setup.paperSize = guide.PAPERSIZE_A4
    guide.page_setup.fitToWidth = 1
    guide.page_setup.fitToHeight = 0
    guide.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    guide.protection.sheet = True
    guide.protection.password = PROTECT_PASSWORD
    book.active = 0


def _write_meta(
    book: Any, db: Database, year: int, unit: units.Unit, rows: list[TemplateRow]
) -> None:
    meta = book.create_sheet(META_SHEET)
    generated = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    info = {
        "app": "FulianDesk",
        "template_version": TEMPLATE_VERSION,
        "db_id": db.db_id,
        "year": year,
        "unit_id": unit.id,
        "unit_code": unit.code,
        "generated_at": generated,
        "rows": [[r.element_id, r.value_at_generation] for r in rows],
        "checksum": checksum([r.locked for r in rows]),
    }
    info["signature"] = signature(signing.template_key(db), info, [r.locked for r in rows])
    put(meta, 1, 1, json.dumps(info, ensure_ascii=False))
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    meta.protection.password = PROTECT_PASSWORD
