"""What a register's list shows: display texts (masked or full), in-memory search, filters and
sorting over decoded records. Qt-free: the list page, the Excel and PDF exports and the
benchmarks use it.

Sensitive fields are searched here, after decoding, never in SQL; their display is masked
unless the caller asks for the full text (the record form, the audited full export).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from desktop.forms.definition import FieldDef, FormDef, Record, RecordTable, display
from desktop.forms.fields import UnitChoices


@dataclass(frozen=True)
class Query:
    text: str = ""
    #: field id → wanted value (a choice's value, True/False, or a unit id)
    equals: Mapping[str, object] = field(default_factory=dict)
    date_from: str | None = None  # ISO dates on the form's date field, inclusive
    date_to: str | None = None
    #: only these records (the home page's reminder opened the register on them)
    ids: frozenset[int] | None = None

    @property
    def empty(self) -> bool:
        return not (self.text.strip() or self.equals or self.date_from or self.date_to or self.ids)

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
        if self.ids is not None:
            parts.append(f"首页提醒的 {len(self.ids)} 条记录")
        return "筛选：" + "；".join(parts) if parts else ""


def list_fields(form: FormDef) -> list[str]:
    """The fields a list page reads up front: its columns, filters, date, unit and title."""
    wanted = [*form.list_columns, *form.filters]
    wanted += [f for f in (form.date_field, form.unit_field, form.title_field) if f]
    if form.sort_field:
        wanted.append(form.sort_field)
    return list(dict.fromkeys(wanted))


def _as_value(f: FieldDef, value: object) -> object:
    return (value,) if f.multiple else value


class Listing:
    """One register's records prepared for showing: texts are made on first use and kept."""

    def __init__(
        self,
        form: FormDef,
        records: Sequence[Record] | RecordTable,
        units: UnitChoices,
        *,
        masked: bool = True,
        more: Callable[[list[str], list[int]], Mapping[str, list[object]]] | None = None,
        presorted: bool = False,
        search: WordSearch | None = None,
    ) -> None:
        """``records`` may hold only the list's fields (``list_fields``); ``more`` then reads
        the other fields the search needs, once, when the clerk first searches.
        ``presorted``: the records come in the form's default order. ``search`` finds a word
        in the fields it covers (in the store, by SQL); the others (encrypted ones) are
        searched here, in their decoded text."""
        self.form = form
        if isinstance(records, RecordTable):
            self.table = records
        else:
            self.table = RecordTable.of(records, [f.id for f in form.fields])
        self.units = units
        self.masked = masked
        self.more = more
        self.columns: list[FieldDef] = [form.field(c) for c in form.list_columns]
        self.presorted = self.default_order() if presorted else None
        self._texts: dict[tuple[int, int], str] = {}
        self._haystacks: list[str] | None = None
        self.search = search
        self._hits: dict[str, set[int]] = {}  # word → the records ``search`` found

    def __len__(self) -> int:
        return len(self.table)

    def record(self, row: int) -> Record:
        return self.table.record(row)

    def text(self, row: int, column: int) -> str:
        key = (row, column)
        cached = self._texts.get(key)
        if cached is None:
            f = self.columns[column]
            cached = display(f, self.table.value(row, f.id), self.units, masked=self.masked)
            self._texts[key] = cached
        return cached

    def _complete(self, only: Sequence[FieldDef] | None = None) -> None:
        """Read the fields the list did not need but the search does (``only`` these)."""
        if self.more is None:
            return
        fields = self.form.fields if only is None else only
        missing = [f.id for f in fields if f.id not in self.table.columns]
        if missing:
            self.table.add(self.more(missing, self.table.ids))
        self.more = None

    def _haystacks_of(self, skip: frozenset[str] = frozenset()) -> list[str]:
        """Per row, the searchable text of every field joined (sensitive ones in full), but
        for the fields ``skip``."""
        texts: list[list[str]] = []
        for f in self.form.fields:
            if f.id in skip:
                continue
            column = self.table.column(f.id)
            if f.kind.textual or f.sensitive:
                texts.append(["" if v is None else str(v) for v in column])
            elif f.choice is not None or f.type_id == "unit":
                fmt = f.kind.formatter(self.units)
                texts.append([fmt(v) for v in column])
        if not texts:
            return [""] * len(self.table)
        return ["\x1f".join(row).casefold() for row in zip(*texts, strict=True)]

    def matches(self, query: Query) -> list[int]:
        """Row numbers of the records the query keeps, in the records' order."""
        rows = list(range(len(self.table)))
        if query.ids is not None:
            record_ids = self.table.ids
            rows = [i for i in rows if record_ids[i] in query.ids]
        words = query.text.casefold().split()
        if words and self.search is not None:
            rows = self._found(rows, words, self.search)
        elif words:
            if self._haystacks is None:
                self._complete()
                self._haystacks = self._haystacks_of()
            hay = self._haystacks
            rows = [i for i in rows if all(w in hay[i] for w in words)]
        for field_id, wanted in query.equals.items():
            multi = self.form.field(field_id).multiple
            column = self.table.column(field_id)
            rows = [i for i in rows if _keeps(column[i], wanted, multi)]
        if (query.date_from or query.date_to) and self.form.date_field:
            dates = self.table.column(self.form.date_field)
            low, high = query.date_from or "0000", query.date_to or "9999"
            rows = [i for i in rows if (d := dates[i]) is not None and low <= str(d) <= high]
        return rows

    def _found(self, rows: list[int], words: list[str], search: WordSearch) -> list[int]:
        """The rows holding every word: the covered fields by ``search``, the rest here."""
        if self._haystacks is None:
            rest = [f for f in self.form.fields if f.id in search.memory]
            if rest:
                self._complete(rest)
            skip = frozenset(f.id for f in self.form.fields if f.id not in search.memory)
            self._haystacks = self._haystacks_of(skip) if rest else []
        hay = self._haystacks
        ids = self.table.ids
        for word in words:
            hits = self._hits.get(word)
            if hits is None:
                if len(self._hits) >= 32:
                    self._hits.clear()
                hits = self._hits[word] = search.ids(word, self.units)
            if hay:
                rows = [i for i in rows if ids[i] in hits or word in hay[i]]
            else:
                rows = [i for i in rows if ids[i] in hits]
        return rows

    def sorted_rows(self, rows: Sequence[int], column: int, descending: bool) -> list[int]:
        """Sort by a list column; blanks last either way; sensitive columns are not sortable."""
        f = self.columns[column]
        if f.sensitive:
            return list(rows)
        if self.presorted == (column, descending):
            return list(rows)  # already in this order (the store sorted them)
        values = self.table.column(f.id)
        kind = f.kind
        keys: dict[int, Any]
        if f.type_id == "unit":
            keys = {i: kind.format(values[i], self.units) for i in rows if values[i] is not None}
        else:
            keys = {i: kind.sort_key(values[i]) for i in rows if values[i] is not None}
        present = sorted(keys, key=keys.__getitem__, reverse=descending)
        return present + [i for i in rows if values[i] is None]

    def default_order(self) -> tuple[int, bool] | None:
        """The list column and direction of the form's ``sort``, if it is a list column."""
        form = self.form
        if form.sort_field and form.sort_field in form.list_columns:
            return form.list_columns.index(form.sort_field), form.sort_descending
        return None

    def row_texts(self, row: int, fields: Sequence[FieldDef]) -> list[str]:
        return [
            display(f, self.table.value(row, f.id), self.units, masked=self.masked) for f in fields
        ]


class WordSearch(Protocol):
    """Finds the records holding a word in some fields (``store/register_search.py``)."""

    covered: frozenset[str]
    #: the fields it leaves to the listing (the others hold nothing to find)
    memory: frozenset[str]

    def ids(self, word: str, units: UnitChoices) -> set[int]: ...


def _keeps(value: object, wanted: object, multi: bool) -> bool:
    if multi:
        return isinstance(value, tuple) and wanted in value
    return value == wanted
