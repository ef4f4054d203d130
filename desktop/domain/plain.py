"""``Plain``: a mutable record class that costs nothing to define.

A ``@dataclass`` compiles its ``__init__``, ``__repr__`` and ``__eq__`` from source when its
module is imported: ~0.6 ms a class in Python 3.11 (``slots=True`` builds the class twice),
and importing ``dataclasses`` itself ~2 ms. The start's few mutable records (a register
record, the forms read, a register sync's result) are ``Plain`` instead: their ``__init__`` is
written out; equality and ``repr`` come from their ``__slots__``, as a dataclass's would from
its fields. Immutable records are ``NamedTuple``s.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Plain:
    """Subclasses name their fields in ``__slots__`` and set them all in ``__init__``."""

    __slots__: ClassVar[tuple[str, ...]] = ()
    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # mutable: unhashable

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Plain)
        return self._values() == other._values()

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({fields})"
