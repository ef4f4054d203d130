"""The one place where registers' sensitive fields (names, ID numbers, phones, addresses of
petitioners and assisted people) are encoded on their way into the database and decoded on
their way out: record columns and their audit rows alike.

The codec is plain text today; the privacy issue replaces it with an authenticated cipher
here, and nothing else in the store has to change. Sensitive columns are therefore never
compared, searched or sorted in SQL: search happens in memory after decoding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from desktop.forms.definition import FieldDef


class Codec(Protocol):
    def encode(self, text: str) -> str: ...

    def decode(self, stored: str) -> str: ...


class PlainCodec:
    """No protection: the text is stored as it is."""

    def encode(self, text: str) -> str:
        return text

    def decode(self, stored: str) -> str:
        return stored


PLAIN = PlainCodec()


class SensitiveColumns:
    """Encodes and decodes the sensitive columns of one table's rows."""

    def __init__(self, fields: Iterable[FieldDef], codec: Codec = PLAIN) -> None:
        self.names = frozenset(f.id for f in fields if f.sensitive)
        self.codec = codec
        #: stored as typed: reading needs no decoding
        self.plain = isinstance(codec, PlainCodec)

    def encode(self, values: Mapping[str, object]) -> dict[str, object]:
        """Column values (already ``to_db``) with sensitive ones encoded."""
        return {
            name: self.codec.encode(str(value))
            if name in self.names and value is not None
            else value
            for name, value in values.items()
        }

    def decode_value(self, name: str, stored: object) -> object:
        if name in self.names and stored is not None:
            return self.codec.decode(str(stored))
        return stored
