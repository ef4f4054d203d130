"""A register list's free-text search over the fields stored readable, in SQL.

The list's search keeps a record when every word (casefolded) occurs in the casefolded text of
one of its searchable fields (``forms/listing.py``). This module answers one word for the
fields whose text SQL can see: non-sensitive text fields (and sensitive ones while the
database has no password, stored as typed), and choice and unit fields through their few
distinct stored values. Encrypted fields are never searched here: the listing searches their
decoded text in memory.

SQLite's ``lower()`` folds ASCII only, which equals Python's ``casefold`` for a word none of
whose characters a non-ASCII character folds to (Chinese, digits, most ASCII); a word with
such characters ("s", "k", …) is checked in Python over the fetched column instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from desktop.forms.definition import FieldDef, FormDef
from desktop.forms.fields import FieldType, UnitChoices
from desktop.store.database import Database
from desktop.store.register_names import quote
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
        self.texts: list[str] = []  # compared as stored
        self.choices: list[FieldDef] = []  # one choice each: by the form's labels
        self.units: list[FieldDef] = []  # by the units' names
        self.lookups: list[FieldDef] = []  # several choices: by their distinct stored values
        for f in form.fields:
            if not searchable(f) or f.id not in columns:
                continue
            stored_as_typed = type(f.kind).from_db is FieldType.from_db
            if f.sensitive:
                if plain and stored_as_typed:
                    self.texts.append(f.id)
                elif plain:  # searched as ``str`` of its value, through its distinct values
                    self.lookups.append(f)
            elif f.kind.textual:
                if stored_as_typed:
                    self.texts.append(f.id)
            elif f.type_id == "unit":
                self.units.append(f)
            elif f.choice is not None and not f.multiple and stored_as_typed:
                self.choices.append(f)
            else:
                self.lookups.append(f)
        #: the fields this search answers for; the listing searches the others in memory
        self.covered = frozenset(
            [*self.texts, *(f.id for f in [*self.choices, *self.units, *self.lookups])]
        )
        #: the searched fields left to the listing: encrypted ones, searched decoded in memory
        #: (fields without a column yet read as blank: nothing to search)
        self.memory = (
            frozenset(f.id for f in form.fields if searchable(f) and f.id in columns) - self.covered
        )
        self._distinct: dict[str, list[object]] = {}

    def ids(self, word: str, units: UnitChoices) -> set[int]:
        """Records with ``word`` (casefolded) in one of the covered fields' text."""
        if not sql_foldable(word):
            return self._slow_ids(word, units)
        params: dict[str, object] = {"word": word, "pattern": "%" + _escaped(word) + "%"}
        has = _has(word)
        conditions = [has(quote(c)) for c in self.texts]
        for n, f in enumerate(self.choices):
            labels = {c.value: c.label for c in f.choice.options.choices}  # type: ignore[union-attr]
            hits = [value for value, label in labels.items() if word in label.casefold()]
            column = quote(f.id)
            known = _names(params, f"c{n}_", list(labels))
            # a value whose choice was removed later shows as stored
            conditions.append(f"({column} NOT IN ({known}) AND {has(column)})")
            if hits:
                conditions.append(f"{column} IN ({_names(params, f'h{n}_', hits)})")
        if self.units:
            names = units.names
            hits = [i for i, name in names.items() if word in name.casefold()]
            known = _names(params, "u_", list(names))
            for unit in (quote(f.id) for f in self.units):
                gone = f"'{_GONE[0]}' || {unit} || '{_GONE[1]}'"
                conditions.append(f"({unit} NOT IN ({known}) AND {has(gone)})")
                if hits:
                    conditions.append(f"{unit} IN ({_names(params, 'uh_', hits)})")
        for n, f in enumerate(self.lookups):
            values = self._values(f, word, units)
            if values:
                conditions.append(f"{quote(f.id)} IN ({_names(params, f'l{n}_', values)})")
        if not conditions:
            return set()
        cursor = self.db.execute(
            f"SELECT id FROM {quote(self.table)} WHERE {' OR '.join(conditions)}", params
        )
        cursor.row_factory = None
        return {row[0] for row in cursor.fetchall()}

    def _slow_ids(self, word: str, units: UnitChoices) -> set[int]:
        """The same answer for a word SQL cannot fold: every covered field checked here."""
        lookups = [*self.choices, *self.units, *self.lookups]
        found: set[int] = set()
        if self.texts:
            columns = ", ".join(map(quote, self.texts))
            cursor = self.db.execute(f"SELECT id, {columns} FROM {quote(self.table)}")
            cursor.row_factory = None
            found = {
                row[0]
                for row in cursor.fetchall()
                if any(v is not None and word in str(v).casefold() for v in row[1:])
            }
        conditions: list[str] = []
        params: dict[str, object] = {}
        for n, f in enumerate(lookups):
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

    def _values(self, f: FieldDef, word: str, units: UnitChoices) -> list[object]:
        """The stored values of ``f`` whose shown text holds ``word``."""
        if f.id not in self._distinct:
            self._read_distinct()
        shown: Callable[[object], str] = str if f.sensitive else f.kind.formatter(units)
        return [
            v for v in self._distinct.get(f.id, []) if word in shown(f.kind.from_db(v)).casefold()
        ]

    def _read_distinct(self) -> None:
        """The distinct stored values of every choice and unit field, in one scan."""
        names = [f.id for f in [*self.choices, *self.units, *self.lookups]]
        lists = ", ".join(f"json_group_array(DISTINCT {quote(n)})" for n in names)
        cursor = self.db.execute(f"SELECT {lists} FROM {quote(self.table)}")
        cursor.row_factory = None
        row = cursor.fetchone()
        for name, text in zip(names, row, strict=True):
            self._distinct[name] = [v for v in json.loads(text) if v is not None]


#: how a unit reference whose unit was deleted shows (``UnitType.format``)
_GONE = ("（已删除的单位 ", "）")


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
