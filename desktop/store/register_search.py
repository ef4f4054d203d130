"""A register list's free-text search over the fields stored readable, in SQL.

The list's search keeps a record when every word (casefolded) occurs in the casefolded text of
one of its searchable fields (``forms/listing.py``). This module answers one word for the
fields whose text SQL can see: non-sensitive text and single-choice fields through the
register's search column and its index (``store/search_column.py``: their shown text, kept by
SQLite on write), sensitive text fields while the database has no password (stored as typed)
in their own columns, and unit and multiple-choice fields (and sensitive choices without a
password) through their few distinct stored values. Encrypted fields are never searched here:
the listing searches their decoded text in memory.

SQLite's ``LIKE`` ignores ASCII case only, which equals Python's ``casefold`` for a word none
of whose characters a non-ASCII character folds to (Chinese, digits, most ASCII); a word with
such characters ("s", "k", …) is checked in Python over the fetched text columns instead.
The distinct values are kept per open database until something is written.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable

from desktop.domain.plain import Plain
from desktop.forms.definition import FieldDef, FormDef
from desktop.forms.fields import FieldType, UnitChoices
from desktop.store import search_column
from desktop.store.database import Database
from desktop.store.register_names import index_name, quote
from desktop.store.vault import PLAIN, Codec, PlainCodec

#: characters no non-ASCII character casefolds into (tests/store check it against Unicode):
#: ASCII but for the letters some non-ASCII letter folds to (ß → ss, K → k, ﬁ → fi, …),
#: CJK ideographs and punctuation, fullwidth digits and punctuation
_ASCII_SAFE = frozenset(chr(c) for c in range(128)) - frozenset("afhijklnstwy")
_SAFE_RANGES = ((0x3000, 0x303F), (0x3400, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFF20))


def sql_foldable(word: str) -> bool:
    """Whether ``instr(lower(text), word)`` equals ``word in text.casefold()`` for any text
    (``word`` already casefolded)."""
    for char in word:
        if char in _ASCII_SAFE:
            continue
        code = ord(char)
        if not any(low <= code <= high for low, high in _SAFE_RANGES):
            return False
    return True


def searchable(f: FieldDef) -> bool:
    """Whether the list's free-text search looks at this field at all."""
    return f.kind.textual or f.sensitive or f.choice is not None or f.type_id == "unit"


class RegisterSearch:
    """Answers one search word for one register's readable fields, in SQL (one scan)."""

    def __init__(self, db: Database, form: FormDef, codec: Codec = PLAIN) -> None:
        self.db = db
        self.table = form.table
        columns = set(db.columns(form.table)) if db.table_exists(form.table) else set()
        plain = isinstance(codec, PlainCodec)
        #: the fields the search column holds, when it is there and current
        held = (
            search_column.column_fields(form, columns)
            if columns and search_column.current(db, form)
            else []
        )
        self.held = frozenset(f.id for f in held)
        self.texts: list[str] = []  # compared as stored
        #: choice, unit (and, without a password, sensitive non-text) fields: compared through
        #: the shown text of their few distinct stored values
        self.lookups: list[FieldDef] = []
        for f in form.fields:
            if not searchable(f) or f.id not in columns or f.id in self.held:
                continue
            stored_as_typed = type(f.kind).from_db is FieldType.from_db
            if f.sensitive:
                if plain and stored_as_typed and f.choice is None:
                    self.texts.append(f.id)
                elif plain:  # searched as ``str`` of its value, through its distinct values
                    # (a choice too: its few stored values, not one ``instr`` per record)
                    self.lookups.append(f)
            elif f.kind.textual:
                if stored_as_typed:
                    self.texts.append(f.id)
            else:
                self.lookups.append(f)
        #: the fields this search answers for; the listing searches the others in memory
        self.covered = frozenset([*self.held, *self.texts, *(f.id for f in self.lookups)])
        #: the searched fields left to the listing: encrypted ones, searched decoded in memory
        #: (fields without a column yet read as blank: nothing to search)
        self.memory = (
            frozenset(f.id for f in form.fields if searchable(f) and f.id in columns) - self.covered
        )
        self._distinct = _DISTINCT.setdefault(db, {}).setdefault(form.table, _Distinct())

    def ids(self, word: str, units: UnitChoices) -> set[int]:
        """Records with ``word`` (casefolded) in one of the covered fields' text."""
        found: set[int] = set()
        params: dict[str, object] = {}
        conditions: list[str] = []
        # the column from its index even when the table is scanned for the readable texts
        # below: computed row by row in that scan (its labels' CASEs) it costs more
        found = self._in_column(word) if self.held else set()
        texts = list(map(quote, self.texts))
        if texts and sql_foldable(word):
            params |= {"word": word, "pattern": "%" + _escaped(word) + "%"}
            conditions += map(_has(word), texts)
        elif texts:
            found |= self._folded(word, quote(self.table), texts)
        if self.lookups:
            stamp = self.db.change_stamp()
            known = self._distinct.values
            if self._distinct.stamp != stamp or any(f.id not in known for f in self.lookups):
                self._read_distinct()
                self._distinct.stamp = stamp
        for n, f in enumerate(self.lookups):
            values = self._values(f, word, units)
            if values:
                conditions.append(f"{quote(f.id)} IN ({_names(params, f'l{n}_', values)})")
        if conditions:
            cursor = self.db.execute(
                f"SELECT id FROM {quote(self.table)} WHERE {' OR '.join(conditions)}", params
            )
            cursor.row_factory = None
            found.update(row[0] for row in cursor.fetchall())
        return found

    def _in_column(self, word: str) -> set[int]:
        """Records whose search column holds ``word``, read from its index alone."""
        source = f"{quote(self.table)} INDEXED BY {quote(index_name(self.table, 'search'))}"
        column = quote(search_column.COLUMN)
        if sql_foldable(word):
            params = {"word": word, "pattern": "%" + _escaped(word) + "%"}
            cursor = self.db.execute(f"SELECT id FROM {source} WHERE {_has(word)(column)}", params)
            cursor.row_factory = None
            return {row[0] for row in cursor.fetchall()}
        return self._folded(word, source, [column])

    def _folded(self, word: str, source: str, columns: list[str]) -> set[int]:
        """Records with ``word`` in one of ``columns`` casefolded as Python does (a word
        ``LIKE`` cannot fold: checked in Python over every record)."""
        cursor = self.db.execute(f"SELECT id, {', '.join(columns)} FROM {source}")
        cursor.row_factory = None
        return {
            row[0]
            for row in cursor.fetchall()
            if any(v is not None and word in str(v).casefold() for v in row[1:])
        }

    def _values(self, f: FieldDef, word: str, units: UnitChoices) -> list[object]:
        """The stored values of ``f`` whose shown text holds ``word`` (``_distinct`` current)."""
        shown: Callable[[object], str] = str if f.sensitive else f.kind.formatter(units)
        stored = self._distinct.values.get(f.id, [])
        return [v for v in stored if word in shown(f.kind.from_db(v)).casefold()]

    def _read_distinct(self) -> None:
        """The distinct stored values of every choice and unit field, in one scan."""
        names = [f.id for f in self.lookups]
        lists = ", ".join(f"json_group_array(DISTINCT {quote(n)})" for n in names)
        cursor = self.db.execute(f"SELECT {lists} FROM {quote(self.table)}")
        cursor.row_factory = None
        row = cursor.fetchone()
        for name, text in zip(names, row, strict=True):
            self._distinct.values[name] = [v for v in json.loads(text) if v is not None]


class _Distinct(Plain):
    """A table's distinct stored values per field, as of a database change stamp."""

    __slots__ = ("stamp", "values")

    def __init__(self) -> None:
        self.stamp: tuple[int, int] = (-1, -1)
        self.values: dict[str, list[object]] = {}


#: per open database and table: kept while nothing is written (bounded by the few distinct
#: values of choice, unit and yes/no fields), dropped with the database
_DISTINCT: weakref.WeakKeyDictionary[Database, dict[str, _Distinct]] = weakref.WeakKeyDictionary()


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _has(word: str) -> Callable[[str], str]:
    """The SQL condition "this text expression holds the word", casefolding as Python does
    for a ``sql_foldable`` word: exact ``instr`` unless it has ASCII letters (then ``LIKE``,
    which ignores ASCII case)."""
    if any("a" <= c <= "z" for c in word):
        return lambda text: f"{text} LIKE :pattern ESCAPE '\\'"
    return lambda text: f"instr({text}, :word) > 0"


def _names(params: dict[str, object], prefix: str, values: list[object]) -> str:
    """Adds ``values`` to ``params`` and returns their placeholders, comma-separated."""
    names = [f"{prefix}{i}" for i in range(len(values))]
    params.update(zip(names, values, strict=True))
    return ", ".join(":" + n for n in names)
