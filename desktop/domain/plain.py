"""Record classes that cost little to define: ``Frozen`` (immutable) and ``Plain`` (mutable).

Python 3.11 checks every field annotation of a ``typing.NamedTuple`` when the class is
created, compiling each string annotation (they are all strings here, under ``from __future__
import annotations``): ~0.25 ms a class, 43 classes at a start. ``Frozen`` makes the class
``collections.namedtuple`` would, with the body's methods, defaults and docstring, without
those checks; type checkers see ``typing.NamedTuple`` itself. ``namedtuple`` also compiles a
``__new__`` for each class (``eval``), half of what it costs: ``Frozen`` compiles one per
number of fields and gives each class a copy named after its fields (the same bytecode), and
shares one ``_make``, ``_replace``, ``_asdict`` and ``__repr__`` among its classes.

A ``@dataclass`` compiles its ``__init__``, ``__repr__`` and ``__eq__`` from source when its
module is imported: ~0.6 ms a class in Python 3.11 (``slots=True`` builds the class twice),
and importing ``dataclasses`` itself ~2 ms. The start's few mutable records (a register
record, the forms read, a register sync's result) are ``Plain`` instead: their ``__init__`` is
written out; equality and ``repr`` come from their ``__slots__``, as a dataclass's would from
its fields.
"""

from __future__ import annotations

import collections
import operator
from collections.abc import Callable, Iterable
from types import CodeType, FunctionType
from typing import TYPE_CHECKING, Any, ClassVar

__all__ = ["Frozen", "Plain"]

#: what ``typing.NamedTuple`` refuses in a class body, and what it does not copy from it
_PROHIBITED = frozenset(
    {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults"}
    | {"_make", "_replace", "_asdict", "_source"}
)
_SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
#: a field's accessor, as ``namedtuple`` makes it (a C descriptor where there is one)
_field: Callable[[int, str], Any] = getattr(collections, "_tuplegetter", None) or (
    lambda index, doc: property(operator.itemgetter(index), doc=doc)
)
#: ``namedtuple``'s ``__new__`` for each number of fields, parameters named ``_0``, ``_1`` …
_NEW: dict[int, CodeType] = {}
_NEW_GLOBALS = {"_tuple_new": tuple.__new__, "__builtins__": {}}


def _new(name: str, fields: tuple[str, ...], defaults: list[Any]) -> FunctionType:
    """``lambda _cls, a, b: _tuple_new(_cls, (a, b))`` with the fields' names and defaults."""
    template = _NEW.get(len(fields))
    if template is None:
        params = ", ".join(f"_{i}" for i in range(len(fields)))
        values = params + ("," if len(fields) == 1 else "")
        made = eval(f"lambda _cls, {params}: _tuple_new(_cls, ({values}))", _NEW_GLOBALS)
        template = _NEW[len(fields)] = made.__code__
    code = template.replace(
        co_varnames=("_cls", *fields), co_name="__new__", co_qualname=f"{name}.__new__"
    )
    return FunctionType(code, _NEW_GLOBALS, "__new__", tuple(defaults) or None)


def _make(cls: Any, iterable: Iterable[Any]) -> Any:
    result = tuple.__new__(cls, iterable)
    if len(result) != len(cls._fields):
        raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
    return result


def _replace(self: Any, /, **changes: Any) -> Any:
    result = self._make(map(changes.pop, self._fields, self))
    if changes:
        raise ValueError(f"Got unexpected field names: {list(changes)!r}")
    return result


def _asdict(self: Any) -> dict[str, Any]:
    return dict(zip(self._fields, self, strict=True))


def _repr(self: Any) -> str:
    text: str = self.__class__.__name__ + self._repr_format % self
    return text


def _getnewargs(self: Any) -> tuple[Any, ...]:
    return tuple(self)


#: the methods every Frozen class has, as ``namedtuple`` gives each of its classes
_SHARED = {
    "_make": classmethod(_make),
    "_replace": _replace,
    "_asdict": _asdict,
    "__repr__": _repr,
    "__getnewargs__": _getnewargs,
}


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
        fields = tuple(annotations)
        if any(field.startswith("_") for field in fields):  # as ``namedtuple`` refuses
            raise ValueError(f"{name}: a field name cannot start with an underscore")
        members: dict[str, Any] = {"__doc__": f"{name}({', '.join(fields)})", **_SHARED}
        members["__match_args__"] = fields
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"{name}: cannot overwrite NamedTuple attribute {key}")
            if key not in _SPECIAL and key not in annotations:
                members[key] = value  # the body's methods, docstring, own ``__repr__``
        members |= {
            "__module__": namespace["__module__"],
            "__slots__": (),
            "__annotations__": dict(annotations),
            "_fields": fields,
            "_repr_format": f"({', '.join(f'{field}=%r' for field in fields)})",
            "_field_defaults": dict(
                zip(fields[len(fields) - len(defaults) :], defaults, strict=True)
            ),
            "__new__": _new(name, fields, defaults),
        }
        for index, field in enumerate(fields):
            members[field] = _field(index, f"Alias for field number {index}")
        return type(name, (tuple,), members)


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
