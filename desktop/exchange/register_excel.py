"""A register's records to and from Excel.

Two layouts. The *masked* one (the default, for printing and handing out) shows sensitive
fields masked and a 序号 column; it cannot be imported. The *full* one (完整导出, an explicit
action recorded in the audit trail) carries every value and a hidden 记录编号 column with the
record id; importing it updates the records with an id and adds the rows without one. A hidden
sheet names the register and the layout, so the wrong file is refused with a clear message.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.exchange.cell_styles import CellStyles
from desktop.exchange.sheets import (
    ImportProblem,
    RowError,
    add_sheet,
    append_row,
    cell_text,
    new_sheet,
    open_workbook,
    safe_sheet_title,
    sheet_rows,
)
from desktop.forms.definition import FieldDef, FormDef, Record, SubformDef, Values, display
from desktop.forms.fields import UnitChoices
from desktop.forms.validation import check_record, validate_texts

ID_HEADER = "记录编号"
ROW_HEADER = "序号"
META_SHEET = "fulian"


def sheet_title(title: str) -> str:
    return safe_sheet_title(title)


def heading(title: str, *, township: str = "", period: str = "", today: date | None = None) -> str:
    """The title row of a register workbook's main sheet."""
    day = today or date.today()
    text = f"{township}{title}" + ("" if title.endswith("台账") else "台账")
    if period:
        text += f"（{period}）"
    return f"{text}　　制表日期：{day.year}年{day.month}月{day.day}日"


def _width_of(fields: Sequence[FieldDef]) -> int:
    """Columns read from a sheet: its fields, 记录编号, 序号 and room for stray columns."""
    return len(fields) + 2 + 20


def _width(f: FieldDef) -> int:
    if f.type_id == "multiline":
        return 40
    if f.type_id in ("id_number", "date", "phone"):
        return 20 if f.type_id == "id_number" else 13
    return max(8, min(24, len(f.label) * 2 + 2))


def _number_format(f: FieldDef) -> str | None:
    kind: Any = f.kind
    if f.type_id == "integer":
        return "0"
    if f.type_id == "money":
        return "#,##0.00"
    if f.type_id in ("decimal", "percent"):
        decimals = kind.decimals
        body = "0" + ("." + "0" * decimals if decimals else "")
        return body + '"%"' if f.type_id == "percent" else body
    if f.type_id == "date":
        return "yyyy-mm-dd"
    return None


def _cell(f: FieldDef, value: object, units: UnitChoices, *, masked: bool) -> object:
    if value is None:
        return None
    if f.kind.numeric:
        return value
    if f.type_id == "date":
        return date.fromisoformat(str(value))
    return display(f, value, units, masked=masked)


def _write_rows(
    sheet: Any,
    fields: Sequence[FieldDef],
    rows: Sequence[tuple[object, Values]],
    units: UnitChoices,
    *,
    masked: bool,
) -> None:
    from openpyxl.styles import Alignment

    styles = CellStyles(sheet.parent)
    wrap = Alignment(wrap_text=True, vertical="top")
    styled = [
        (column, _number_format(f), wrap if f.type_id == "multiline" else None)
        for column, f in enumerate(fields, start=2)
        if _number_format(f) or f.type_id == "multiline"
    ]
    line = sheet.max_row  # counted here: max_row scans every cell, per call
    for key, values in rows:
        append_row(
            sheet, [key, *(_cell(f, values.get(f.id), units, masked=masked) for f in fields)]
        )
        line += 1
        for column, number_format, alignment in styled:
            cell = sheet.cell(line, column)
            shown = number_format if number_format and cell.value is not None else None
            styles.apply(cell, number_format=shown, alignment=alignment)


def _mark_computed(sheet: Any, form: FormDef) -> None:
    """A computed column (``sum``) is shown grey with a note on its header: it is filled in by
    the app and an import never reads it, so a figure typed there would otherwise be lost
    without a word."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    for column, f in enumerate(form.fields, start=2):
        if f.sum_of is None:
            continue
        sub_id, field_id, plus = f.sum_of
        sub = next(s for s in form.subforms if s.id == sub_id)
        parts = [f"“{sub.title}”中的“{sub.field(field_id).label}”之和"]
        if plus is not None:
            parts.insert(0, f"“{form.field(plus).label}”")
        cell = sheet.cell(2, column)  # the headers' row, under the title
        cell.comment = Comment(f"自动计算：{'加'.join(parts)}。导入时不读取这一列。", "妇联工作台")
        cell.fill = PatternFill("solid", fgColor="E7E6E6")


def export(
    path: Path,
    form: FormDef,
    records: Sequence[Record],
    children: Mapping[str, Mapping[int, Sequence[Values]]],
    units: UnitChoices,
    *,
    full: bool,
    township: str = "",
    period: str = "",
    today: date | None = None,
    finish: Callable[[Any], object] | None = None,
) -> int:
    """Write the records (and their sub-records) to ``path``; returns the number of rows.
    The main sheet starts with a title row (``heading``), its column headers in row 2.
    ``finish(book)`` runs on the finished workbook before it is saved (a print layout)."""
    key_header = ID_HEADER if full else ROW_HEADER
    headers = [key_header, *(f.label for f in form.fields)]
    widths = (10, *(_width(f) for f in form.fields))
    book, sheet = new_sheet(
        sheet_title(form.title),
        headers,
        widths,
        heading=heading(form.title, township=township, period=period, today=today),
    )
    keys = [r.id if full else n for n, r in enumerate(records, start=1)]
    _write_rows(
        sheet,
        form.fields,
        [(k, r.values) for k, r in zip(keys, records, strict=True)],
        units,
        masked=not full,
    )
    if full:
        sheet.column_dimensions["A"].hidden = True
    _mark_computed(sheet, form)
    for sub in form.subforms:
        sub_sheet = add_sheet(
            book,
            sheet_title(sub.title),
            [key_header, *(f.label for f in sub.fields)],
            (10, *(_width(f) for f in sub.fields)),
        )
        by_parent = children.get(sub.id, {})
        rows = [
            (key, row)
            for key, record in zip(keys, records, strict=True)
            for row in by_parent.get(record.id, ())
        ]
        _write_rows(sub_sheet, sub.fields, rows, units, masked=not full)
    if full:
        from desktop.exchange.register_checks import add_checks

        sheets = [(sheet_title(form.title), form.fields)]
        sheets += [(sheet_title(sub.title), sub.fields) for sub in form.subforms]
        add_checks(book, sheets, units, len(records))
    meta = book.create_sheet(META_SHEET)
    append_row(meta, ["register", form.id])
    append_row(meta, ["layout", "full" if full else "masked"])
    append_row(meta, ["version", form.version])
    # names this workbook: a later import of an edited copy is recognised (register_imports)
    append_row(meta, ["export_id", uuid.uuid4().hex])
    meta.sheet_state = "hidden"
    if finish is not None:
        finish(book)
    book.save(path)
    return len(records)


# ----- import ------------------------------------------------------------------------------


@dataclass
class ImportPlan:
    """What an import would do; nothing is written until the store applies it."""

    file: Path
    added: list[tuple[Values, dict[str, list[Values]]]] = field(default_factory=list)
    updated: list[tuple[int, Values, dict[str, list[Values]] | None]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    added_rows: list[int] = field(default_factory=list)  # the Excel row of each added record
    export_id: str = ""  # the workbook's name (完整导出 writes one)
    repeated: list[int] = field(default_factory=list)  # rows an earlier import already added

    def summary(self) -> str:
        text = f"新增 {len(self.added)} 条，修改 {len(self.updated)} 条，未变 {self.unchanged} 条"
        if self.repeated:
            rows = "、".join(str(n) for n in self.repeated[:8])
            more = " 等" if len(self.repeated) > 8 else ""
            text += (
                f"；第 {rows}{more} 行（共 {len(self.repeated)} 条）已由这个文件的上次导入"
                "添加过，不再重复添加"
            )
        return text


def _meta(book: Any) -> dict[str, str]:
    if META_SHEET not in book.sheetnames:
        return {}
    return {
        cell_text(row[0]): cell_text(row[1])
        for row in sheet_rows(book[META_SHEET], max_col=2)
        if len(row) >= 2
    }


def _header(rows: list[tuple[object, ...]]) -> tuple[int, list[str]]:
    """(index in ``rows``, labels) of the header row: the first of the first five rows whose
    first cell is 记录编号 or 序号 (a title row may stand above it); else the first row."""
    for index, row in enumerate(rows[:5]):
        if row and cell_text(row[0]) in (ID_HEADER, ROW_HEADER):
            return index, [cell_text(v) for v in row]
    return 0, ([cell_text(v) for v in rows[0]] if rows else [])


def _read_rows(
    sheet_name: str,
    rows: list[tuple[object, ...]],
    fields: Sequence[FieldDef],
    rules: Sequence[Any],
    units: UnitChoices,
    errors: list[RowError],
) -> list[tuple[int, int | None, Values]]:
    """(Excel row, record id, values) for each non-empty row."""
    top, header = _header(rows)
    by_label = {f.label: f for f in fields}
    columns: dict[int, FieldDef] = {}
    id_column = None
    for index, label in enumerate(header):
        if label == ID_HEADER:
            id_column = index
        elif label in by_label:
            columns[index] = by_label[label]
        elif label:
            errors.append(
                RowError(sheet_name, top + 1, label, "不是这个台账的栏目，请不要改动表头")
            )
    present = {f.id for f in columns.values()}
    result = []
    for number, row in enumerate(rows[top + 1 :], start=top + 2):
        if all(v is None or cell_text(v) == "" for v in row):
            continue
        texts = {
            f.id: f.kind.cell_text(row[i] if i < len(row) else None) for i, f in columns.items()
        }
        record_id = None
        if id_column is not None and id_column < len(row) and cell_text(row[id_column]):
            raw = cell_text(row[id_column])
            if not raw.isdigit():
                errors.append(RowError(sheet_name, number, ID_HEADER, f"“{raw}”不是记录编号"))
                continue
            record_id = int(raw)
        values, problems = validate_texts(
            [f for f in fields if f.id in present], rules_for(rules, present), texts, units
        )
        if record_id is None:
            missing = [f for f in fields if f.required and f.id not in present]
            for f in missing:
                problems.setdefault(f.id, "必填，但文件中没有这一栏")
        by_id = {f.id: f for f in fields}
        for field_id, message in problems.items():
            errors.append(RowError(sheet_name, number, by_id[field_id].label, message))
        result.append((number, record_id, values))
    return result


def rules_for(rules: Sequence[Any], present: set[str]) -> list[Any]:
    """Only the rules whose fields are all in the file can be checked row by row."""
    return [r for r in rules if r.field in present and (r.other or r.when or r.field) in present]


def plan_import(
    path: Path,
    form: FormDef,
    existing: Mapping[int, Record],
    existing_children: Mapping[int, Mapping[str, Sequence[Values]]],
    units: UnitChoices,
) -> ImportPlan:
    """Read a full export back: errors name the sheet, row and field. Raises ImportProblem
    when the file as a whole cannot be used."""
    book = open_workbook(path)
    try:
        meta = _meta(book)
        if meta.get("register") not in (None, form.id):
            raise ImportProblem(path, message=f"这个文件不是“{form.title}”的导出文件。")
        if meta.get("layout") == "masked":
            raise ImportProblem(
                path,
                message="这是打印用的脱敏导出文件，姓名、证件号等已隐去，不能导入。"
                "请用“完整导出”得到的文件修改后再导入。",
            )
        title = sheet_title(form.title)
        if title not in book.sheetnames:
            raise ImportProblem(path, message=f"文件中没有名为“{title}”的工作表。")
        plan = ImportPlan(path, export_id=meta.get("export_id", ""))
        rows = sheet_rows(book[title], max_col=_width_of(form.fields))
        main = _read_rows(title, rows, form.fields, form.rules, units, plan.errors)
        sub_rows = {
            sub.id: _read_sub(book, sub, units, plan.errors)
            for sub in form.subforms
            if sheet_title(sub.title) in book.sheetnames
        }
    finally:
        book.close()
    seen: set[int] = set()
    for number, record_id, values in main:
        if record_id is None:
            plan.added.append((values, {}))  # sub-rows need a record id: none yet
            plan.added_rows.append(number)
        elif record_id in seen:
            plan.errors.append(RowError(title, number, ID_HEADER, f"记录编号 {record_id} 重复"))
        elif record_id not in existing:
            plan.errors.append(
                RowError(title, number, ID_HEADER, f"记录编号 {record_id} 在数据库中不存在")
            )
        else:
            seen.add(record_id)
            _plan_update(
                plan,
                form,
                (title, number),
                existing[record_id],
                values,
                sub_rows,
                existing_children.get(record_id, {}),
            )
    for sub_id, rows_by_parent in sub_rows.items():
        for parent in rows_by_parent:
            if parent not in existing:
                sheet = sheet_title(form.subform(sub_id).title)
                plan.errors.append(
                    RowError(sheet, 0, ID_HEADER, f"记录编号 {parent} 在数据库中不存在")
                )
    return plan


def _plan_update(
    plan: ImportPlan,
    form: FormDef,
    where: tuple[str, int],
    record: Record,
    values: Values,
    sub_rows: Mapping[str, Mapping[int, list[Values]]],
    old_children: Mapping[str, Sequence[Values]],
) -> None:
    changed = {k: v for k, v in values.items() if record.values.get(k) != v}
    merged = {**record.values, **values}
    for field_id, message in check_record(form.fields, form.rules, merged).items():
        plan.errors.append(RowError(where[0], where[1], form.field(field_id).label, message))
    new_children = {
        sub_id: list(rows_by_parent[record.id])
        for sub_id, rows_by_parent in sub_rows.items()
        if record.id in rows_by_parent
    }
    children_changed = any(list(old_children.get(k, ())) != v for k, v in new_children.items())
    if changed or children_changed:
        plan.updated.append((record.id, changed, new_children or None))
    else:
        plan.unchanged += 1


def _read_sub(
    book: Any, sub: SubformDef, units: UnitChoices, errors: list[RowError]
) -> dict[int, list[Values]]:
    name = sheet_title(sub.title)
    rows = sheet_rows(book[name], max_col=_width_of(sub.fields))
    result: dict[int, list[Values]] = {}
    for number, record_id, values in _read_rows(name, rows, sub.fields, sub.rules, units, errors):
        if record_id is None:
            errors.append(RowError(name, number, ID_HEADER, "子表的每一行都需要记录编号"))
            continue
        full = {f.id: values.get(f.id) for f in sub.fields}
        result.setdefault(record_id, []).append(full)
    return result
