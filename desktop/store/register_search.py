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
    """Answers one search word for one register's readable fields, in SQL."""

    def __init__(self, db: Database, form: FormDef, codec: Codec = PLAIN) -> None:
        self.db = db
        self.table = form.table
        columns = set(db.columns(form.table)) if db.table_exists(form.table) else set()
        plain = isinstance(codec, PlainCodec)
        self.texts: list[str] = []  # compared as stored
        self.lookups: list[FieldDef] = []  # compared through their formatted distinct values
        for f in form.fields:
            if not searchable(f) or f.id not in columns:
                continue
            stored_as_typed = type(f.kind).from_db is FieldType.from_db
            if f.sensitive:
                if plain and stored_as_typed:
                    self.texts.append(f.id)
            elif f.kind.textual:
                if stored_as_typed:
                    self.texts.append(f.id)
            else:
                self.lookups.append(f)
        self.covered = frozenset([*self.texts, *(f.id for f in self.lookups)])
        self._distinct: dict[str, list[object]] = {}

    def ids(self, word: str, units: UnitChoices) -> set[int]:
        """Records with ``word`` (casefolded) in one of the covered fields' text."""
        conditions: list[str] = []
        params: dict[str, object] = {"word": word}
        found: set[int] = set()
        if self.texts:
            if sql_foldable(word):
                conditions += [f"instr(lower({quote(c)}), :word) > 0" for c in self.texts]
            else:
                found |= self._python_texts(word)
        for n, f in enumerate(self.lookups):
            values = self._values(f, word, units)
            if values:
                names = [f"v{n}_{i}" for i in range(len(values))]
                conditions.append(f"{quote(f.id)} IN ({', '.join(':' + m for m in names)})")
                params |= dict(zip(names, values, strict=True))
        if conditions:
            cursor = self.db.execute(
                f"SELECT id FROM {quote(self.table)} WHERE {' OR '.join(conditions)}", params
            )
            cursor.row_factory = None
            found.update(row[0] for row in cursor.fetchall())
        return found

    def _python_texts(self, word: str) -> set[int]:
        columns = ", ".join(map(quote, self.texts))
        cursor = self.db.execute(f"SELECT id, {columns} FROM {quote(self.table)}")
        cursor.row_factory = None
        return {
            row[0]
            for row in cursor.fetchall()
            if any(v is not None and word in str(v).casefold() for v in row[1:])
        }

    def _values(self, f: FieldDef, word: str, units: UnitChoices) -> list[object]:
        """The stored values of ``f`` whose shown text holds ``word``."""
        stored = self._distinct.get(f.id)
        if stored is None:
            cursor = self.db.execute(
                f"SELECT DISTINCT {quote(f.id)} FROM {quote(self.table)} "
                f"WHERE {quote(f.id)} IS NOT NULL"
            )
            cursor.row_factory = None
            stored = [row[0] for row in cursor.fetchall()]
            self._distinct[f.id] = stored
        shown: Callable[[object], str] = f.kind.formatter(units)
        return [v for v in stored if word in shown(f.kind.from_db(v)).casefold()]
