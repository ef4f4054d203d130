"""A register's list read a page at a time: which records the list shows, in its order, from
SQL (filters in ``WHERE``, the sort in ``ORDER BY``), and the values of only the rows painted.

The rows and their order are those of ``forms/listing.py`` over every decoded record (the
list's old read, kept for the exports and as the tests' reference): the records in the
form's default order (blanks last, then by id), filtered, then stably sorted by the clerk's
column (blanks last either way; equal keys keep the default order).

Sensitive fields are never compared, searched or sorted in SQL (``store/sensitive.py``): a
filter on one is checked on its decoded values, and the free-text search looks for a word in
their decoded text (``SearchMemory``: one casefolded string per record of the register, made
at the first search with a password set and kept by the page until something is written;
bounded by the size of one register's encrypted searchable text). Sensitive columns are not
sortable (the page refuses).

Opening the list reads a count and one page through the list's index
(``store/list_index.py``); the whole id list is read only for an export, to find a
record's row, or when a filter, search or sort is made in Python.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from desktop.forms.definition import FieldDef, RecordTable
from desktop.forms.fields import FieldType, UnitChoices
from desktop.forms.listing import Query, WordSearch
from desktop.store.list_index import MARK
from desktop.store.register_names import index_name, quote

if TYPE_CHECKING:
    from desktop.store.database import Database
    from desktop.store.registers import RegisterStore

#: a sort key through a rank of the column's distinct stored values (choices, units) is
#: made in SQL when there are at most this many of them; beyond, the key is made in Python
MAX_RANKED = 2000
_Where = tuple[list[str], dict[str, object], list[tuple[FieldDef, Callable[[object], bool]]]]
#: a search finding at most this many records reads them by id
FEW = 2000
#: the search's per-word hits kept between keystrokes
MAX_WORDS = 32


class RegisterPages:
    """One register's list (live records or the bin) read from SQL."""

    def __init__(
        self,
        store: RegisterStore,
        units: UnitChoices,
        fields: Sequence[str],
        *,
        deleted: bool = False,
        search: WordSearch | None = None,
        memory: SearchMemory | None = None,
    ) -> None:
        """``memory``: where the decoded text of encrypted fields is kept between reads of
        the list (the page's, so that a refresh does not decode the register again)."""
        self.store = store
        self.form = store.form
        self.units = units
        self.fields = list(fields)  # what a page reads of each record (``list_fields``)
        self.deleted = deleted
        self.search = search
        self.table = quote(self.form.table)
        self.ready = store.ready
        self.columns = set(store.db.columns(self.form.table)) if self.ready else set()
        sort = self.form.sort_field
        if sort and sort in self.columns and sort in self.fields:
            direction = "DESC" if self.form.sort_descending else "ASC"
            #: the records' order before any sort (the old read's ``ORDER BY``)
            self.base = f"{quote(sort)} {direction} NULLS LAST, id"
        else:
            self.base = "id"
        self.condition = "deleted_at IS NOT NULL" if deleted else "deleted_at IS NULL"
        #: the fields the list's index holds (``store/list_index.py``; live records only)
        self.indexed: frozenset[str] = frozenset()
        if self.ready and not deleted:
            name = index_name(self.form.table, "list")
            cursor = store.db.execute(f"PRAGMA index_info({quote(name)})")
            cursor.row_factory = None
            self.indexed = frozenset(row[2] for row in cursor.fetchall())
        #: how many rows were read and converted for showing (pages) so far
        self.converted = 0
        self._hits: dict[str, set[int]] = {}
        self.memory = memory if memory is not None else SearchMemory()

    # ----- which records, in which order ----------------------------------------------------
    def count(self) -> int:
        """Every record of the list (live or in the bin), before filters: the live ones
        counted through the list's index (the planner would pick a wider one)."""
        if not self.indexed:
            return self.store.count(deleted=self.deleted)
        index = quote(index_name(self.form.table, "list"))
        return int(
            self.store.db.scalar(
                f"SELECT count(*) FROM {self.table} INDEXED BY {index} "
                f"WHERE {self.condition} AND {MARK}"
            )
        )

    def select(self, query: Query, sort: tuple[str, bool] | None = None) -> Selection:
        """The records ``query`` keeps, in the list's order (``sort``: a column's field and
        whether descending; None or the default: the form's order)."""
        if not self.ready:
            return Selection.of([])
        where = self._where(query)
        if where is None:
            return Selection.of([])
        conditions, params, checks = where
        order, python_key = self._order(sort, params)
        needed = {*query.equals, *([sort[0]] if sort else [])}
        if (query.date_from or query.date_to) and self.form.date_field:
            needed.add(self.form.date_field)
        words = query.text.casefold().split()
        # few records kept (a search, a reminder's records): read by id, not through the index
        few = query.ids is not None and len(query.ids) <= FEW
        if words and not self._search().memory:  # every searched field readable: SQL
            for n, word in enumerate(words):
                hits = self._hits_of(word)
                few = few or len(hits) <= FEW
                conditions.append(f"id IN (SELECT value FROM json_each(:w{n}))")
                params[f"w{n}"] = json.dumps(sorted(hits))
            words = []
        source = self.table
        unfiltered = conditions == [self.condition]
        if self.indexed and needed <= self.indexed and not few:
            conditions.append(MARK)  # read through the list's index (it holds every field used)
            source += f" INDEXED BY {quote(index_name(self.form.table, 'list'))}"
        condition = " AND ".join(conditions)
        ordered = f"FROM {source} WHERE {condition}"
        selection = Selection(
            self.store.db,
            f"FROM {self.table} WHERE {condition}",
            order,
            params,
            ordered=ordered,
            counted=ordered if unfiltered else "",
        )
        if not (checks or words or python_key):
            return selection
        ids = selection.ids()
        for f, keeps in checks:
            values = self._decoded(f)
            ids = [i for i in ids if keeps(values.get(i))]
        if words:
            ids = self._found(ids, words)
        if python_key is not None:
            ids = python_key(ids)
        return Selection.of(ids)

    def ids(self, query: Query, sort: tuple[str, bool] | None = None) -> list[int]:
        return self.select(query, sort).ids()

    def _where(self, query: Query) -> _Where | None:
        """The SQL conditions of ``query``'s filters, their parameters, and the filters on
        sensitive fields (checked on decoded values); None: nothing can match."""
        conditions = [self.condition]
        params: dict[str, object] = {}
        checks: list[tuple[FieldDef, Callable[[object], bool]]] = []
        if query.ids is not None:
            conditions.append("id IN (SELECT value FROM json_each(:only))")
            params["only"] = json.dumps(sorted(query.ids))
        for n, (field_id, wanted) in enumerate(query.equals.items()):
            f = self.form.field(field_id)
            if f.id not in self.columns:
                return None  # reads as blank: never equal
            if f.sensitive or f.sum_of is not None:  # encrypted, or computed on read
                checks.append((f, _equals(wanted, f.multiple)))
            else:
                conditions.append(_equals_sql(f, f"e{n}"))
                params[f"e{n}"] = _as_param(f, wanted)
        date_field = self.form.date_field
        if (query.date_from or query.date_to) and date_field:
            low, high = query.date_from or "0000", query.date_to or "9999"
            f = self.form.field(date_field)
            if f.id not in self.columns:
                return None
            if f.sensitive:
                checks.append((f, lambda d: d is not None and low <= str(d) <= high))
            else:
                column = quote(f.id)
                conditions.append(f"{column} IS NOT NULL AND {column} BETWEEN :low AND :high")
                params |= {"low": low, "high": high}
        return conditions, params, checks

    def _order(
        self, sort: tuple[str, bool] | None, params: dict[str, object]
    ) -> tuple[str, Callable[[list[int]], list[int]] | None]:
        """The ``ORDER BY`` of the list (and a sort made in Python instead, if any)."""
        if sort is None:
            return self.base, None
        field_id, descending = sort
        if self.base == f"{quote(field_id)} {'DESC' if descending else 'ASC'} NULLS LAST, id":
            return self.base, None
        f = self.form.field(field_id)
        if f.sensitive or f.id not in self.columns:
            return self.base, None  # not sortable / all blank: the records' order
        direction = "DESC" if descending else "ASC"
        if f.sum_of is not None:  # computed on read (its column is empty): sorted read
            return self.base, lambda ids: self._sorted(ids, f, descending)
        if _native(f):
            return f"{quote(f.id)} {direction} NULLS LAST, {self.base}", None
        key = _key_of(f, self.units)
        distinct = self._distinct(f)
        if len(distinct) > MAX_RANKED:
            return self.base, lambda ids: self._sorted(ids, f, descending)
        ranks: dict[Any, int] = {}
        rank = -1
        last: object = object()
        for value, k in sorted(((v, key(v)) for v in distinct), key=lambda p: p[1]):
            if rank < 0 or k != last:
                rank += 1
                last = k
            ranks[value] = rank
        cases = []
        for n, (value, r) in enumerate(ranks.items()):
            params[f"r{n}"] = value
            cases.append(f"WHEN :r{n} THEN {r}")
        if not cases:
            return self.base, None
        rank_sql = f"CASE {quote(f.id)} {' '.join(cases)} END"
        return f"{rank_sql} {direction} NULLS LAST, {self.base}", None

    def _distinct(self, f: FieldDef) -> list[object]:
        cursor = self.store.db.execute(
            f"SELECT DISTINCT {quote(f.id)} FROM {self.table} "
            f"WHERE {self.condition} AND {quote(f.id)} IS NOT NULL"
        )
        cursor.row_factory = None
        return [row[0] for row in cursor.fetchall()]

    def _sorted(self, ids: list[int], f: FieldDef, descending: bool) -> list[int]:
        """The stable sort of the old read, in Python (many distinct values, or a value
        computed on read), keyed on the values as read."""
        values = self._decoded(f)
        kind = f.kind

        def key(value: object) -> Any:
            if f.type_id == "unit":
                return kind.format(value, self.units)
            return kind.sort_key(value)

        keys = {i: key(values[i]) for i in ids if values.get(i) is not None}
        present = sorted(keys, key=keys.__getitem__, reverse=descending)
        return present + [i for i in ids if values.get(i) is None]

    def _decoded(self, f: FieldDef) -> dict[int, object]:
        """One field's decoded values by record id (filters on sensitive fields)."""
        table = self.store.list_table(deleted=self.deleted, fields=[f.id])
        return dict(zip(table.ids, table.column(f.id), strict=True))

    # ----- the free-text search -------------------------------------------------------------
    def _found(self, ids: list[int], words: list[str]) -> list[int]:
        """The records holding every word: readable fields by SQL (``search``), encrypted ones
        in their decoded text."""
        memory = self._search().memory
        hay = self._haystacks(set(memory)) if memory else {}
        for word in words:
            hits = self._hits_of(word)
            if hay:
                ids = [i for i in ids if i in hits or word in hay.get(i, "")]
            else:
                ids = [i for i in ids if i in hits]
        return ids

    def _search(self) -> WordSearch:
        if self.search is None:
            self.search = self.store.word_search()
        return self.search

    def _hits_of(self, word: str) -> set[int]:
        """The records holding ``word`` in a field the search reads in SQL (kept a while)."""
        hits = self._hits.get(word)
        if hits is None:
            if len(self._hits) >= MAX_WORDS:
                self._hits.clear()
            hits = self._hits[word] = self._search().ids(word, self.units)
        return hits

    def _haystacks(self, names: set[str]) -> dict[int, str]:
        """Per record, the searched text of ``names`` joined and casefolded (made once while
        nothing is written)."""
        key = (self.form.table, self.deleted, frozenset(names), self.store.codec)
        stamp = self.store.db.change_stamp()
        kept = self.memory.get(self.store.db, key, stamp)
        if kept is None:
            fields = [f for f in self.form.fields if f.id in names and f.id in self.columns]
            table = self.store.list_table(deleted=self.deleted, fields=[f.id for f in fields])
            texts: list[list[str]] = []
            for f in fields:
                column = table.column(f.id)
                if f.kind.textual or f.sensitive:
                    texts.append(["" if v is None else str(v) for v in column])
                else:
                    fmt = f.kind.formatter(self.units)
                    texts.append([fmt(v) for v in column])
            joined = (
                ["\x1f".join(row).casefold() for row in zip(*texts, strict=True)]
                if texts
                else [""] * len(table)
            )
            kept = dict(zip(table.ids, joined, strict=True))
            self.memory.keep(self.store.db, key, stamp, kept)
        return kept

    # ----- the rows shown -------------------------------------------------------------------
    def rows(self, ids: Sequence[int]) -> RecordTable:
        """The list's fields of these records, decoded, in the order of ``ids`` (a record gone
        meanwhile reads as blank)."""
        if not ids or not self.ready:
            return RecordTable([], {name: [] for name in self.fields}, [])
        table = self.store.list_table(
            deleted=self.deleted,
            fields=self.fields,
            where="id IN (SELECT value FROM json_each(:page))",
            params={"page": json.dumps(list(ids))},
            by_id=True,
        )
        self.converted += len(table)
        position = {record_id: row for row, record_id in enumerate(table.ids)}
        rows = [position.get(i) for i in ids]
        columns = {
            name: [None if r is None else column[r] for r in rows]
            for name, column in table.columns.items()
        }
        deleted = table.deleted or []
        return RecordTable(list(ids), columns, [None if r is None else deleted[r] for r in rows])


def _native(f: FieldDef) -> bool:
    """Whether SQL orders the stored values as the list's key orders the read ones."""
    kind = type(f.kind)
    if kind.sort_key is not FieldType.sort_key:
        return False
    return kind.from_db is FieldType.from_db or f.kind.numeric


def _key_of(f: FieldDef, units: UnitChoices) -> Callable[[object], Any]:
    """A stored value's sort key, as the old read sorted the decoded values."""
    kind = f.kind
    if f.type_id == "unit":
        return lambda stored: kind.format(kind.from_db(stored), units)
    return lambda stored: kind.sort_key(kind.from_db(stored))


def _equals_sql(f: FieldDef, name: str) -> str:
    column = quote(f.id)
    if f.multiple:
        return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = :{name})"
    if f.type_id == "bool":
        return f"{column} IS NOT NULL AND ({column} NOT IN (0, '0', '')) = :{name}"
    return f"{column} = :{name}"


def _as_param(f: FieldDef, wanted: object) -> object:
    if f.type_id == "bool":
        return int(bool(wanted))
    return wanted


def _equals(wanted: object, multi: bool) -> Callable[[object], bool]:
    if multi:
        return lambda value: isinstance(value, tuple) and wanted in value
    return lambda value: value == wanted


class Selection:
    """The records a list shows, in order: an SQL query read a slice at a time (its count and
    the slices asked for), or the ids themselves (a filter or sort made in Python).

    ``ordered``: the ``FROM … WHERE …`` of the ordered reads, naming the list's index
    (``INDEXED BY``) when it holds every field used. The planner, left to itself, prefers any
    index on ``deleted_at`` (a reminder's) and then sorts every live record for a page of 100
    (160 ms at 25k records instead of 0.1 ms). ``counted``: the same for the count of an
    unfiltered list (0.8 ms instead of 6-11 through a wider index); a filtered count is left to
    the planner (an index led by the filter's column seeks instead of scanning)."""

    def __init__(
        self,
        db: Database | None,
        sql: str,
        order: str,
        params: dict[str, object],
        *,
        ordered: str = "",
        counted: str = "",
    ) -> None:
        self.db = db
        self.sql = sql  # FROM … WHERE …
        self.order = order
        self.params = params
        self.ordered_sql = ordered or sql
        self.counted_sql = counted or sql
        self._ids: list[int] | None = None
        self._count: int | None = None

    @classmethod
    def of(cls, ids: list[int]) -> Selection:
        selection = cls(None, "", "", {})
        selection._ids = ids
        return selection

    def count(self) -> int:
        if self._ids is not None:
            return len(self._ids)
        if self._count is None:
            assert self.db is not None
            self._count = int(self.db.scalar(f"SELECT count(*) {self.counted_sql}", self.params))
        return self._count

    def slice(self, start: int, stop: int) -> list[int]:
        """The ids of rows ``start`` to ``stop`` (exclusive)."""
        if self._ids is not None:
            return self._ids[start:stop]
        assert self.db is not None
        cursor = self.db.execute(
            f"SELECT id {self.ordered_sql} ORDER BY {self.order} LIMIT :limit OFFSET :offset",
            {**self.params, "limit": max(0, stop - start), "offset": start},
        )
        cursor.row_factory = None
        return [row[0] for row in cursor.fetchall()]

    def ids(self) -> list[int]:
        """Every id, in order (read once: an export, finding a record's row)."""
        if self._ids is None:
            assert self.db is not None
            cursor = self.db.execute(
                f"SELECT id {self.ordered_sql} ORDER BY {self.order}", self.params
            )
            cursor.row_factory = None
            self._ids = [row[0] for row in cursor.fetchall()]
        return self._ids


class SearchMemory:
    """The decoded, casefolded text of a register's encrypted searchable fields, one string
    per record, for the list's search with a password set: kept for one register list at a
    time (its live records or its bin), while nothing is written and the same codec is in
    use. Bound: the register's encrypted searchable text, once."""

    def __init__(self) -> None:
        self._kept: tuple[Database, object, tuple[int, int], dict[int, str]] | None = None

    def get(self, db: Database, key: object, stamp: tuple[int, int]) -> dict[int, str] | None:
        kept = self._kept
        if kept is not None and kept[0] is db and kept[1] == key and kept[2] == stamp:
            return kept[3]
        return None

    def keep(
        self, db: Database, key: object, stamp: tuple[int, int], texts: dict[int, str]
    ) -> None:
        self._kept = (db, key, stamp, texts)

    def clear(self) -> None:
        self._kept = None
