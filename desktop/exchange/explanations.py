"""The 指标解释 sheet of a unit's fill-in template: what each of its rows means (定义,
计算方法, 单位, 资料来源, 报送频率), only for the indicators this unit reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.exchange.sheets import append_row, set_up_sheet
from desktop.store import indicators
from desktop.store.database import Database

SHEET = "指标解释"
HEADERS = [
    "编码",
    "指标名称",
    "本单位填报的数据项",
    "定义",
    "计算方法",
    "单位",
    "资料来源",
    "报送频率",
]
WIDTHS = (8, 22, 26, 48, 40, 9, 26, 8)


def add_sheet(book: Any, db: Database, codes: Sequence[tuple[str, str]]) -> None:
    """``codes``: (indicator code, element name) of the unit's rows, in form order."""
    from openpyxl.styles import Alignment

    catalogue = {i.code: i for i in indicators.list_indicators(db)}
    items: dict[str, list[str]] = {}
    for code, element in codes:
        items.setdefault(code, []).append(element)
    sheet = book.create_sheet(SHEET)
    set_up_sheet(sheet, HEADERS, WIDTHS)
    for code, elements in items.items():
        i = catalogue.get(code)
        if i is None:
            continue
        values = [
            i.code,
            i.name,
            "、".join(elements),
            i.definition,
            i.calculation,
            i.measure,
            i.data_source,
            i.frequency,
        ]
        append_row(sheet, values)  # formula-safe: user text is never a formula
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.protection.sheet = True
