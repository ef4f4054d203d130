"""What a register's list shows: display texts (masked or full), in-memory search, filters and
sorting over decoded records. Qt-free: the list page, the Excel and PDF exports and the
benchmarks use it.

Sensitive fields are searched here, after decoding, never in SQL; their display is masked
unless the caller asks for the full text (the record form, the audited full export).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop.forms.definition import FieldDef, FormDef, Record
from desktop.forms.fields import UnitChoices

_MISSING_LAST = (1, "")


@dataclass(frozen=True)
class Query:
    text: str = ""
    #: field id → wanted value (a choice's value, True/False, or a unit id)
    equals: Mapping[str, object] = field(default_factory=dict)
    date_from: str | None = None  # ISO dates on the form's date field, inclusive
    date_to: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.text.strip() or self.equals or self.date_from or self.date_to)

    def describe(self, form: FormDef, units: UnitChoices) -> str:
        """``筛选：来源方式=来访；关键词“张”``: printed under a listing's title."""
        parts = []
        for field_id, value in self.equals.items():
            f = form.field(field_id)
            parts.append(f"{f.label}={f.kind.format(_as_value(f, value), units)}")
        if self.date_from or self.date_to:
            label = form.field(form.date_field).label if form.date_field else "日期"
            parts.append(f"{label} {self.date_from or '…'} 至 {self.date_to or '…'}")
        if self.text.strip():
            parts.append(f"关键词“{self.text.strip()}”")
        return "筛选：" + "；".join(parts) if parts else ""


def _as_value(f: FieldDef, value: object) -> object:
    return (value,) if f.type_id == "multichoice" else value


def display(f: FieldDef, value: object, units: UnitChoices, *, masked: bool) -> str:
    text = f.kind.format(value, units)
    return f.kind.mask(text) if masked and f.sensitive and text else text


class Listing:
    """One register's records prepared for showing: texts are made on first use and kept."""

    def __init__(
        self,
        form: FormDef,
        records: Sequence[Record],
        units: UnitChoices,
        *,
        masked: bool = True,
    ) -> None:
        self.form = form
        self.records = list(records)
        self.units = units
        self.masked = masked
        self.columns: list[FieldDef] = [form.field(c) for c in form.list_columns]
        self._texts: dict[tuple[int, int], str] = {}
        self._haystacks: list[str] | None = None

    def text(self, row: int, column: int) -> str:
        key = (row, column)
        cached = self._texts.get(key)
        if cached is None:
            f = self.columns[column]
            cached = display(f, self.records[row].values.get(f.id), self.units, masked=self.masked)
            self._texts[key] = cached
        return cached

    def _haystack_of(self, record: Record) -> str:
        parts = []
        for f in self.form.fields:
            value = record.values.get(f.id)
            if value is None:
                continue
            if f.kind.textual or f.sensitive:
                parts.append(str(value))
            elif f.choice is not None or f.type_id == "unit":
                parts.append(f.kind.format(value, self.units))
        return "\x1f".join(parts).casefold()

    def matches(self, query: Query) -> list[int]:
        """Row numbers of the records the query keeps, in the records' order."""
        rows = list(range(len(self.records)))
        words = query.text.casefold().split()
        if words:
            if self._haystacks is None:
                self._haystacks = [self._haystack_of(r) for r in self.records]
            hay = self._haystacks
            rows = [i for i in rows if all(w in hay[i] for w in words)]
        for field_id, wanted in query.equals.items():
            multi = self.form.field(field_id).type_id == "multichoice"
            rows = [i for i in rows if _keeps(self.records[i].values.get(field_id), wanted, multi)]
        if (query.date_from or query.date_to) and self.form.date_field:
            key = self.form.date_field
            low, high = query.date_from or "0000", query.date_to or "9999"
            rows = [
                i
                for i in rows
                if (d := self.records[i].values.get(key)) is not None and low <= str(d) <= high
            ]
        return list(rows)

    def sorted_rows(self, rows: Sequence[int], column: int, descending: bool) -> list[int]:
        """Sort by a list column; blanks last either way; sensitive columns are not sortable."""
        f = self.columns[column]
        if f.sensitive:
            return list(rows)
        kind = f.kind

        def key(i: int) -> tuple[int, object]:
            value = self.records[i].values.get(f.id)
            if value is None:
                return _MISSING_LAST
            if f.type_id == "unit":
                return (0, kind.format(value, self.units))
            return (0, kind.sort_key(value))

        present = [i for i in rows if self.records[i].values.get(f.id) is not None]
        blank = [i for i in rows if self.records[i].values.get(f.id) is None]
        return sorted(present, key=key, reverse=descending) + blank

    def default_order(self) -> tuple[int, bool] | None:
        """The list column and direction of the form's ``sort``, if it is a list column."""
        form = self.form
        if form.sort_field and form.sort_field in form.list_columns:
            return form.list_columns.index(form.sort_field), form.sort_descending
        return None

    def row_texts(self, row: int, fields: Sequence[FieldDef]) -> list[str]:
        record = self.records[row]
        return [display(f, record.values.get(f.id), self.units, masked=self.masked) for f in fields]


def _keeps(value: object, wanted: object, multi: bool) -> bool:
    if multi:
        return isinstance(value, tuple) and wanted in value
    return value == wanted
