"""The submission as a workbook: the county's table (print-ready: A4 landscape, fit to width,
title and header rows repeated on every page) and a very hidden ``_submission`` sheet with
the machine part (key/value rows, then one row per data element, then hash and signature).

``read`` takes a workbook back: it reads only the hidden sheet, recomputes the content hash and
checks the signature; a file that is not a submission, or whose machine part was edited, is
refused with a Chinese message naming the file and the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.exchange.sheets import (
    BROKEN_WORKBOOK,
    ImportProblem,
    open_workbook,
    put,
    workbook_problem,
)
from desktop.exchange.submission import (
    KIND,
    PAYLOAD_VERSION,
    Claim,
    Element,
    Submission,
    code_line,
    short_hash,
    signature_valid,
)
from desktop.store.county import Figure, Incoming

SHEET = "上报表"
MACHINE_SHEET = "_submission"
TEMPLATE_META = "_meta"  # a unit's fill-in template carries this one
WIDTHS = {"序号": 6, "指标": 40, "计量单位": 9, "备注": 24}
_KEYS = (
    "kind",
    "version",
    "db_id",
    "township",
    "township_code",
    "year",
    "format_id",
    "format_version",
    "generated_at",
    "draft",
    "unconfirmed",
    "public_key",
)


def signature_line(submission: Submission) -> str:
    parts = [
        f"{name}：{'　　年　　月　　日' if name == '报出日期' else '　' * 6}"
        for name in submission.signatures
    ]
    return "　　".join(parts)


def check_line(submission: Submission) -> str:
    return (
        f"校验码：{short_hash(submission.content_hash)}　"
        f"签名识别码：{submission.claim.key_fingerprint}（县级导入时核对）"
    )


def write(path: Path, submission: Submission) -> None:  # noqa: PLR0915 (one sheet's layout)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    claim = submission.claim
    book = Workbook()
    sheet: Any = book.active
    sheet.title = SHEET
    headers = list(submission.headers)
    width = len(headers)
    draft = "（草稿）" if claim.draft else ""
    title = put(sheet, 1, 1, f"{submission.title}{draft}")
    title.font = Font(bold=True, size=16)
    title.alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.row_dimensions[1].height = 30
    right = Alignment(horizontal="right")
    put(sheet, 2, width - 2, f"表　　号：{submission.table_number}").alignment = right
    sheet.merge_cells(start_row=2, start_column=width - 2, end_row=2, end_column=width)
    if claim.township_code:
        put(sheet, 2, 1, code_line(claim.township_code))
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=2)
    put(sheet, 3, 1, f"填报单位（盖章）：{submission.unit_name}")
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=2)
    put(sheet, 3, 3, f"{claim.year}年度").alignment = Alignment(horizontal="center")
    put(sheet, 3, width - 2, f"制定机关：{submission.authority}").alignment = right
    sheet.merge_cells(start_row=3, start_column=width - 2, end_row=3, end_column=width)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, text in enumerate(headers, start=1):
        cell = put(sheet, 4, column, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = box
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(text, 11)
    row_number = 5
    for row in submission.rows:
        values = [row.number, row.label, row.measure] + [
            row.cells.get(c, "") for c in submission.columns
        ]
        for column, value in enumerate(values, start=1):
            cell = put(sheet, row_number, column, value)
            cell.border = box
            cell.alignment = Alignment(
                vertical="center",
                wrap_text=True,
                horizontal="right" if column > 3 and column < width else None,
            )
            if row.section:
                cell.font = Font(bold=True)
        lines = max(-(-len(row.label) // 19), -(-len(row.cells.get("note", "")) // 11), 1)
        sheet.row_dimensions[row_number].height = 15 * lines
        if row.section:
            sheet.merge_cells(
                start_row=row_number, start_column=2, end_row=row_number, end_column=width
            )
        row_number += 1
    row_number += 1
    for note in submission.notes:
        put(sheet, row_number, 1, note)
        sheet.merge_cells(
            start_row=row_number, start_column=1, end_row=row_number, end_column=width
        )
        row_number += 1
    if claim.draft:
        put(sheet, row_number, 1, f"草稿：尚未确认的单位：{'、'.join(claim.unconfirmed) or '无'}")
        row_number += 1
    row_number += 1
    put(sheet, row_number, 1, signature_line(submission))
    sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=width)
    put(sheet, row_number + 1, 1, check_line(submission)).font = Font(size=8, color="666666")
    sheet.merge_cells(
        start_row=row_number + 1, start_column=1, end_row=row_number + 1, end_column=width
    )
    sheet.print_title_rows = "1:4"
    sheet.freeze_panes = "A5"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"
    _machine_sheet(book, submission)
    book.save(path)


def _machine_sheet(book: Any, submission: Submission) -> None:
    sheet = book.create_sheet(MACHINE_SHEET)
    sheet.sheet_state = "veryHidden"
    payload = submission.claim.payload()
    row = 1
    for key in _KEYS:
        value = payload.get(key, "")
        if key == "unconfirmed":
            value = "、".join(submission.claim.unconfirmed)
        elif key == "draft":
            value = "1" if submission.claim.draft else "0"
        put(sheet, row, 1, key)
        put(sheet, row, 2, str(value))
        row += 1
    for key, value in (
        ("content_hash", submission.content_hash),
        ("signature", submission.signature),
    ):
        put(sheet, row, 1, key)
        put(sheet, row, 2, value)
        row += 1
    put(sheet, row, 1, "elements")
    put(sheet, row, 2, "数值")
    put(sheet, row, 3, "说明")
    for element in submission.claim.elements:
        row += 1
        put(sheet, row, 1, element.code)
        put(sheet, row, 2, element.value)
        put(sheet, row, 3, element.reason)


@dataclass(frozen=True)
class ReadSubmission:
    claim: Claim
    content_hash: str
    signature: str


def _text(value: object) -> str:
    return "" if value is None else str(value)


def read(path: Path) -> ReadSubmission:
    """The verified machine part of a submission file; ``ImportProblem`` when it is not one or
    was edited."""
    book = open_workbook(path)
    try:
        if MACHINE_SHEET not in book.sheetnames:
            if TEMPLATE_META in book.sheetnames:
                raise ImportProblem(
                    path,
                    message=f"“{path.name}”是成员单位的填报模板，不是乡镇上报文件；"
                    "请在乡镇数据库中用“导入回收文件”导入。",
                )
            raise ImportProblem(
                path,
                message=f"“{path.name}”不是乡镇上报文件（没有“{MACHINE_SHEET}”数据表）："
                "请导入乡镇用妇联工作台“上报县级”生成的Excel文件。",
            )
        try:
            rows = [
                tuple(_text(c) for c in r[:3])
                for r in book[MACHINE_SHEET].iter_rows(values_only=True, max_col=3)
            ]
        except BROKEN_WORKBOOK as exc:
            raise workbook_problem(path, exc) from exc
    finally:
        book.close()
    return _verify(path, rows)


def _verify(path: Path, rows: list[tuple[str, ...]]) -> ReadSubmission:
    where = f"“{path.name}”的{MACHINE_SHEET}表"
    claimed: dict[str, str] = {}
    elements: list[Element] = []
    in_elements = False
    for row in rows:
        cells = (*row, "", "", "")[:3]
        if in_elements:
            if cells[0]:
                elements.append(Element(cells[0], cells[1], cells[2]))
        elif cells[0] == "elements":
            in_elements = True
        elif cells[0]:
            claimed[cells[0]] = cells[1]
    if claimed.get("kind") != KIND or claimed.get("version") != str(PAYLOAD_VERSION):
        raise ImportProblem(
            path, message=f"{where}不是本程序认识的上报数据（版本不符），请让乡镇重新生成。"
        )
    try:
        claim = Claim(
            db_id=claimed["db_id"],
            township=claimed["township"],
            year=int(claimed["year"]),
            format_id=claimed["format_id"],
            format_version=int(claimed["format_version"]),
            generated_at=claimed["generated_at"],
            draft=claimed["draft"] == "1",
            unconfirmed=tuple(t for t in claimed["unconfirmed"].split("、") if t),
            public_key=claimed["public_key"],
            elements=tuple(elements),
            township_code=claimed.get("township_code", ""),
        )
    except (KeyError, ValueError):
        raise ImportProblem(path, message=f"{where}缺少必要的项目或被改动过，不能导入。") from None
    content_hash = claimed.get("content_hash", "")
    if content_hash != claim.content_hash() or not signature_valid(
        claim, claimed.get("signature", "")
    ):
        raise ImportProblem(
            path,
            message=f"{where}的内容与校验码或签名不符：文件在生成后被改动过，不能导入。"
            "请让乡镇重新上报（不要手工修改上报文件）。",
        )
    return ReadSubmission(claim, content_hash, claimed["signature"])


def to_incoming(read_back: ReadSubmission, path: Path, file_hash: str) -> Incoming:
    """What ``store.county.merge`` stores of a verified file."""
    claim = read_back.claim
    return Incoming(
        db_id=claim.db_id,
        township=claim.township,
        township_code=claim.township_code,
        public_key=claim.public_key,
        year=claim.year,
        format_id=claim.format_id,
        format_version=claim.format_version,
        generated_at=claim.generated_at,
        draft=claim.draft,
        unconfirmed=claim.unconfirmed,
        content_hash=read_back.content_hash,
        file_name=path.name,
        file_hash=file_hash,
        figures={e.code: Figure(e.value, e.reason) for e in claim.elements},
    )
