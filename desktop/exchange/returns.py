"""Returned templates in: validate everything, preview, then apply one file per transaction.

``preview`` never raises for bad input: what is wrong with the file as a whole goes to
``problems`` (the file is refused), what is wrong with a row goes to that row (invalid rows
are skipped by "valid rows only"). Messages name the file, sheet, row and field in Chinese.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.domain.evaluation import is_jump
from desktop.domain.numbers import NumberError, format_number, parse_number
from desktop.domain.os_errors import describe_os_error
from desktop.exchange import templates as tpl
from desktop.exchange.sheets import ImportProblem, cell_text, open_workbook, sheet_rows
from desktop.store import (
    evaluation,
    import_log,
    indicators,
    monitoring,
    signing,
    submissions,
    units,
    year_lock,
)
from desktop.store.database import Database

KINDS = {
    "new": "新增",
    "changed": "修改",
    "unchanged": "未变",
    "invalid": "有误",
    "conflict": "冲突",
    "empty": "未填",
}


@dataclass(frozen=True)
class RowPreview:
    row: int  # the Excel row number
    element_id: int
    name: str
    kind: str
    old: str = ""
    new: str = ""
    message: str = ""  # why the row is invalid or in conflict
    warning: str = ""  # jump / outlier: shown, not refused
    entry: monitoring.ValueEntry | None = None


@dataclass
class FilePreview:
    path: Path
    file_hash: str
    year: int = 0
    unit_id: int = 0
    unit_name: str = ""
    rows: list[RowPreview] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def has_invalid(self) -> bool:
        return any(r.kind == "invalid" for r in self.rows)

    @property
    def has_conflicts(self) -> bool:
        return any(r.kind == "conflict" for r in self.rows)

    def summary(self) -> str:
        if self.refused:
            return f"“{self.path.name}”：不能导入。" + "；".join(self.problems)
        parts = [f"{label} {self.count(kind)}" for kind, label in KINDS.items() if self.count(kind)]
        return f"“{self.path.name}”（{self.unit_name}，{self.year}年度）：" + "，".join(parts)

    def entries(self, *, accept_conflicts: bool = False) -> list[monitoring.ValueEntry]:
        """What applying writes: new and changed rows, and 冲突 rows only when the clerk chose
        that the file's values win (a conflict is never overwritten by default)."""
        wanted = ("new", "changed", "conflict") if accept_conflicts else ("new", "changed")
        return [r.entry for r in self.rows if r.kind in wanted and r.entry is not None]


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _where(sheet: str, row: int, column: str) -> str:
    return f"工作表“{sheet}”第 {row} 行“{column}”"


def _read_meta(book: Any) -> dict[str, Any] | None:
    if tpl.META_SHEET not in book.sheetnames:
        return None
    first = sheet_rows(book[tpl.META_SHEET], max_col=1, max_row=1)
    try:
        data = json.loads(str(first[0][0] if first and first[0] else None))
    except (ValueError, TypeError):
        return None
    return data if isinstance(data, dict) and data.get("app") == "FulianDesk" else None


_META_INTS = ("year", "unit_id")


def _meta_shape_problem(meta: dict[str, Any]) -> str:
    """What is wrong with the shape of an edited ``_meta`` (missing keys, ``二〇二五``, ``abc``,
    null): the hidden sheet is ours, so any damage refuses the file with a message naming the
    key, before anything reads it as numbers."""

    def bad(key: str) -> str:
        return (
            f"这个填报表的隐藏标识信息（工作表“{tpl.META_SHEET}”的“{key}”）缺失或被改动，"
            "不能导入。请用“生成填报模板”重新生成后再填。"
        )

    version = meta.get("template_version", 0)
    if type(version) is not int:
        return bad("template_version")
    for key in _META_INTS:
        if type(meta.get(key)) is not int:
            return bad(key)
    if not isinstance(meta.get("db_id"), str):
        return bad("db_id")
    if not isinstance(meta.get("checksum"), str):
        return bad("checksum")
    rows = meta.get("rows")
    if not isinstance(rows, list) or not all(
        isinstance(r, list) and len(r) == 2 and type(r[0]) is int and isinstance(r[1], str)
        for r in rows
    ):
        return bad("rows")
    return ""


def _data_sheet(book: Any, preview: FilePreview) -> Any:
    if tpl.DATA_SHEET in book.sheetnames:
        return book[tpl.DATA_SHEET]
    for sheet in book.worksheets:  # renamed: find it by its header row
        found = sheet_rows(
            sheet, max_col=len(tpl.COLUMNS), min_row=tpl.HEADER_ROW, max_row=tpl.HEADER_ROW
        )
        header = [cell_text(v) for v in (found[0] if found else ())]
        if tuple(header[: len(tpl.COLUMNS)]) == tpl.COLUMNS:
            preview.notes.append(f"工作表“{tpl.DATA_SHEET}”被改名为“{sheet.title}”，已按表头找到。")
            return sheet
    return None


#: a county database's monitoring figures come from the townships, not from unit templates
COUNTY_REFUSAL = (
    "这是县级数据库：监测数据来自各乡镇的上报，不导入单位填报模板。"
    "乡镇上报文件请用“导入乡镇上报”（fulian merge）导入。"
)


def preview_many(db: Database, paths: list[Path]) -> list[FilePreview]:
    """``preview`` of each file, the indicators' targets read once for them all."""
    targets = indicators.all_targets(db) if paths else None
    return [preview(db, path, targets=targets) for path in paths]


def preview(
    db: Database, path: Path, *, targets: dict[int, dict[int, Decimal]] | None = None
) -> FilePreview:
    """Everything the import would do with ``path``; changes nothing. ``targets``: the
    indicators' targets when the caller read them already (``preview_many``)."""
    path = Path(path)
    try:
        result = FilePreview(path, file_hash(path))
    except OSError as exc:
        return FilePreview(path, "", problems=[f"无法读取文件：{describe_os_error(exc)}。"])
    if submissions.is_county(db):
        result.problems.append(COUNTY_REFUSAL)
        return result
    earlier = import_log.earlier_import(db, result.file_hash)
    if earlier is not None:
        result.problems.append(
            f"这个文件已于 {earlier.time} 在电脑“{earlier.pc}”上导入过，不会重复导入。"
        )
        return result
    try:
        book = open_workbook(path)
    except ImportProblem as exc:
        result.problems.append(exc.message)
        return result
    try:
        _check_file(db, book, result, targets)
    except ImportProblem as exc:  # the workbook broke while being read (XML, zip, size)
        result.rows.clear()
        result.problems.append(exc.message)
    finally:
        book.close()
    return result


def _check_file(
    db: Database,
    book: Any,
    result: FilePreview,
    targets: dict[int, dict[int, Decimal]] | None = None,
) -> None:
    meta = _read_meta(book)
    if meta is None:
        result.problems.append(
            "这不是妇联工作台生成的填报表（缺少隐藏的标识信息）。"
            "请用本程序“生成填报模板”发出的文件填写。"
        )
        return
    problem = _meta_problem(db, meta)
    if problem:
        result.problems.append(problem)
        return
    sheet = _data_sheet(book, result)
    if sheet is None:
        result.problems.append(f"找不到工作表“{tpl.DATA_SHEET}”。请不要删除或改动它。")
        return
    claimed = meta.get("rows")
    count = len(claimed) if isinstance(claimed, list) else 0
    rows = sheet_rows(sheet, max_col=len(tpl.COLUMNS), min_row=tpl.FIRST_ROW, percent_as_shown=True)
    locked = [
        tuple(cell_text(r[c - 1]) if len(r) >= c else "" for c in tpl.LOCKED_COLUMNS)
        for r in rows[:count]
    ]
    if len(locked) < count or tpl.checksum(locked) != meta.get("checksum"):
        result.problems.append(
            _locked_change(sheet.title, locked, count)
            + "请不要增删行或修改灰色格子；可以重新生成模板后再填。"
        )
        return
    # what the file claims (unit, year, rows) must be what this database signed
    if not tpl.signature_matches(signing.template_key(db), meta, locked):
        result.problems.append(_RELABELLED)
        return
    assert isinstance(claimed, list)
    expected = [(int(e), str(v)) for e, v in claimed]
    result.year, result.unit_id = int(meta["year"]), int(meta["unit_id"])
    if year_lock.is_locked(db, result.year):
        result.problems.append(
            f"{result.year}年度已锁定，不能导入。如需更正，请先在“填报进度”页解锁。"
        )
        return
    try:
        result.unit_name = units.get(db, result.unit_id).name
    except KeyError:
        result.problems.append("填报表上的单位在当前数据库中不存在。")
        return
    for offset, extra in enumerate(rows[len(expected) :], start=len(expected)):
        if any(cell_text(v) for v in extra):
            result.notes.append(
                f"工作表“{sheet.title}”第 {tpl.FIRST_ROW + offset} 行是表格末尾"
                "多出来的内容，没有导入。"
            )
    rows_now = monitoring.form_rows(db, result.year, result.unit_id, targets=targets)
    current = {r.element_id: r for r in rows_now}
    parsed: dict[int, Decimal | None] = {}
    jump = evaluation.jump_share(db)  # the clerk's threshold, as the unit form uses it
    jump_text = format_number(jump * 100, 0)  # its text in every warning of the file
    for index, ((element_id, at_generation), row) in enumerate(zip(expected, rows, strict=False)):
        number = tpl.FIRST_ROW + index
        spec = current.get(element_id)
        if spec is None:
            result.problems.append(f"第 {number} 行的数据项已不再分配给该单位，请重新生成模板。")
            return
        result.rows.append(
            _row(sheet.title, number, spec, row, at_generation, parsed, jump, jump_text)
        )
    _check_pairs(sheet.title, result, current, parsed)


_RELABELLED = (
    "这个填报表的隐藏标识信息（填报单位、年度或数据项）被改动过，或者不是本数据库生成的，"
    "不能导入。请用“生成填报模板”重新生成后再填。"
)


def _meta_problem(db: Database, meta: dict[str, Any]) -> str:
    shape = _meta_shape_problem(meta)
    if shape:
        return shape
    version = meta.get("template_version")
    if not isinstance(version, int):
        return _RELABELLED
    if version > tpl.TEMPLATE_VERSION:
        return "这个填报表由更新版本的妇联工作台生成，请先升级程序。"
    if version < tpl.TEMPLATE_VERSION:
        return (
            "这个填报表由旧版本的妇联工作台生成，没有防伪签名，不能导入。"
            "请用“生成填报模板”重新生成后发给单位填写。"
        )
    if meta.get("db_id") != db.db_id:
        return "这个填报表是为另一个数据库生成的，不能导入到当前数据库。"
    return ""


def _locked_change(sheet: str, locked: list[tuple[str, ...]], expected: int) -> str:
    if len(locked) < expected:
        return f"工作表“{sheet}”的行数少于生成时（{expected} 行），可能删除了行。"
    return f"工作表“{sheet}”中不允许修改的内容（编码、名称、单位、目标、上年值）被改动或增删了行。"


def _row(
    sheet: str,
    number: int,
    spec: monitoring.FormRow,
    cells: tuple[Any, ...],
    at_generation: str,
    parsed: dict[int, Decimal | None],
    jump: Decimal,
    jump_text: str,
) -> RowPreview:
    width = len(cells)
    name = spec.name
    raw = cells[tpl.VALUE_COL - 1] if width >= tpl.VALUE_COL else None
    note = cell_text(cells[tpl.NOTE_COL - 1]) if width >= tpl.NOTE_COL else ""
    source = cell_text(cells[tpl.SOURCE_COL - 1]) if width >= tpl.SOURCE_COL else ""
    old = "无" if spec.no_data else format_number(spec.value, spec.decimals)
    measure = spec.measure if spec.role == "value" else ""

    def invalid(problem: str) -> RowPreview:
        return RowPreview(
            number,
            spec.element_id,
            name,
            "invalid",
            old,
            cell_text(raw),
            f"{_where(sheet, number, '本年值')}：{problem}",
        )

    try:
        value = parse_number(raw, measure=measure)
    except NumberError as exc:
        return invalid(exc.message)
    if value.value is not None:
        problem = _range_problem(spec, value.value)
        if problem:
            return invalid(problem)
    parsed[spec.element_id] = value.value
    new = "无" if value.no_data else format_number(value.value, spec.decimals)
    if value.empty and not note:
        return RowPreview(number, spec.element_id, name, "empty", old, "")
    entry = monitoring.ValueEntry(
        spec.element_id, value.value, value.no_data, note or spec.note, source or spec.source
    )
    warning = ""
    if value.value is not None and is_jump(value.value, spec.last_value, jump):
        last = format_number(spec.last_value, spec.decimals)
        warning = f"比上年（{last}）变化超过{jump_text}%"
    if new == old and (note or spec.note) == spec.note:
        return RowPreview(number, spec.element_id, name, "unchanged", old, new, warning=warning)
    if spec.value_id is None:
        return RowPreview(
            number, spec.element_id, name, "new", old, new, warning=warning, entry=entry
        )
    if old != at_generation:
        return RowPreview(
            number,
            spec.element_id,
            name,
            "conflict",
            old,
            new,
            f"生成模板后，程序里的值已从{_quoted(at_generation)}改为{_quoted(old)}",
            warning,
            entry,
        )
    return RowPreview(
        number, spec.element_id, name, "changed", old, new, warning=warning, entry=entry
    )


def _quoted(value: str) -> str:
    """A value in a message: “48”, or （空） for nothing (not an empty “”)."""
    return f"“{value}”" if value else "（空）"


def _range_problem(spec: monitoring.FormRow, value: Decimal) -> str:
    if spec.role != "value" and (value < 0 or value != value.to_integral_value()):
        return "人数、个数应为不小于0的整数"
    if spec.range_min is not None and value < spec.range_min:
        return f"不能小于 {format_number(spec.range_min, spec.decimals)}"
    if spec.range_max is not None and value > spec.range_max:
        return f"不能大于 {format_number(spec.range_max, spec.decimals)}"
    return ""


def _check_pairs(
    sheet: str,
    result: FilePreview,
    current: dict[int, monitoring.FormRow],
    parsed: dict[int, Decimal | None],
) -> None:
    """Numerator ≤ denominator, within the file (falling back to stored values)."""
    by_code: dict[str, dict[str, int]] = {}
    for element_id, spec in current.items():
        by_code.setdefault(spec.indicator_code, {})[spec.role] = element_id
    for i, row in enumerate(result.rows):
        spec = current[row.element_id]
        if spec.role != "numerator" or row.kind == "invalid":
            continue
        denominator_id = by_code[spec.indicator_code].get("denominator")
        if denominator_id is None:
            continue
        numerator = parsed.get(row.element_id)
        denominator = parsed.get(denominator_id, current[denominator_id].value)
        if numerator is not None and denominator is not None and numerator > denominator:
            result.rows[i] = RowPreview(
                row.row,
                row.element_id,
                row.name,
                "invalid",
                row.old,
                row.new,
                f"{_where(sheet, row.row, '本年值')}：分子"
                f"（{numerator}）不能大于分母（{denominator}）",
            )


def apply(
    db: Database,
    preview_: FilePreview,
    *,
    valid_only: bool = False,
    accept_conflicts: bool = False,
) -> int:
    """Apply one previewed file in one transaction, with an import-log and audit entry.
    Callers decide through ``operations.returned_files``; this refuses what it forbids."""
    if preview_.refused:
        raise ValueError("a refused file cannot be applied")
    if preview_.has_invalid and not valid_only:
        raise ValueError("the file has invalid rows: apply with valid_only")
    if preview_.has_conflicts and not accept_conflicts:
        raise ValueError("the file has conflicts: apply with accept_conflicts")
    entries = preview_.entries(accept_conflicts=accept_conflicts)
    with db.transaction():
        if import_log.was_imported(db, preview_.file_hash):
            raise ValueError("file already imported")
        changed = monitoring.save_values(
            db, preview_.year, preview_.unit_id, entries, origin="imported"
        )
        import_log.record_import(
            db,
            file_name=preview_.path.name,
            file_hash=preview_.file_hash,
            year=preview_.year,
            unit_id=preview_.unit_id,
            applied=changed,
            skipped=len(preview_.rows) - len(entries),
            valid_only=valid_only,
        )
    return changed
