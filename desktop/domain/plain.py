"""Record classes that cost little to define: ``Frozen`` (immutable) and ``Plain`` (mutable).

Python 3.11 checks every field annotation of a ``typing.NamedTuple`` when the class is
created, compiling each string annotation (they are all strings here, under ``from __future__
import annotations``): ~0.25 ms a class, 46 classes at a start. ``Frozen`` makes the same
class, a ``collections.namedtuple`` with the body's methods, defaults and docstring, without
those checks; type checkers see ``typing.NamedTuple`` itself.

A ``@dataclass`` compiles its ``__init__``, ``__repr__`` and ``__eq__`` from source when its
module is imported: ~0.6 ms a class in Python 3.11 (``slots=True`` builds the class twice),
and importing ``dataclasses`` itself ~2 ms. The start's few mutable records (a register
record, the forms read, a register sync's result) are ``Plain`` instead: their ``__init__`` is
written out; equality and ``repr`` come from their ``__slots__``, as a dataclass's would from
its fields.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

__all__ = ["Frozen", "Plain"]

#: what ``typing.NamedTuple`` refuses in a class body, and what it does not copy from it
_PROHIBITED = frozenset(
    {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults"}
    | {"_make", "_replace", "_asdict", "_source"}
)
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
_named_tuple: Callable[..., type] = collections.namedtuple  # its fields are known at run time


class _FrozenMeta(type):
    """``typing.NamedTupleMeta`` without the annotations' checks."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> type:
        if not bases:  # ``Frozen`` itself
            return super().__new__(mcs, name, bases, namespace)
        if bases != (Frozen,):
            raise TypeError(f"{name}: a Frozen record derives from Frozen alone")
        annotations: dict[str, Any] = namespace.get("__annotations__", {})
        defaults = [namespace[field] for field in annotations if field in namespace]
        if defaults and any(f not in namespace for f in list(annotations)[-len(defaults) :]):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        cls = _named_tuple(
            name, list(annotations), defaults=defaults, module=namespace["__module__"]
        )
        cls.__annotations__ = dict(annotations)
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"{name}: cannot overwrite NamedTuple attribute {key}")
            if key not in _SPECIAL and key not in annotations:
                setattr(cls, key, value)
        return cls


if TYPE_CHECKING:
    from typing import NamedTuple as Frozen
else:

    class Frozen(metaclass=_FrozenMeta):
        """Subclasses are named tuples: ``class Step(Frozen): title: str; done: bool = False``."""


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
