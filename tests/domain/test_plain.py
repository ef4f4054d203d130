"""``Frozen`` records are the named tuples ``typing.NamedTuple`` would make, defined without
its per-field checks; ``Plain`` records compare and print by their slots."""

from __future__ import annotations

import pickle
from typing import NamedTuple

import pytest

from desktop.domain.plain import Frozen, Plain


class Step(Frozen):
    """One step of a year's set-up."""

    title: str
    units: int = 0
    notes: tuple[str, ...] = ()

    @property
    def done(self) -> bool:
        return self.units > 0

    def label(self) -> str:
        return f"{self.title}（{self.units}）"


class StepNT(NamedTuple):
    title: str
    units: int = 0
    notes: tuple[str, ...] = ()


def test_a_frozen_record_is_the_named_tuple_typing_would_make() -> None:
    step = Step("签订责任书", 3)
    twin = StepNT("签订责任书", 3)
    assert tuple(step) == tuple(twin) == ("签订责任书", 3, ())
    assert hash(step) == hash(twin)
    assert Step._fields == StepNT._fields == ("title", "units", "notes")
    assert Step._field_defaults == StepNT._field_defaults
    assert repr(step) == "Step(title='签订责任书', units=3, notes=())"
    assert step._replace(units=0) == Step("签订责任书")
    assert step._asdict() == {"title": "签订责任书", "units": 3, "notes": ()}
    title, units, notes = step
    assert (title, units, notes) == ("签订责任书", 3, ())
    assert sorted([Step("b"), Step("a", 2)]) == [Step("a", 2), Step("b")]
    assert step.done  # the body's property and method are kept
    assert not Step("x").done
    assert step.label() == "签订责任书（3）"
    assert Step.__doc__ == "One step of a year's set-up."
    assert (Step.__module__, Step.__qualname__) == (__name__, "Step")
    assert pickle.loads(pickle.dumps(step)) == step
    assert isinstance(step, tuple)
    with pytest.raises(AttributeError):
        step.units = 4  # type: ignore[misc]
    with pytest.raises(TypeError):
        Step()  # type: ignore[call-arg]


def test_a_frozen_record_refuses_what_named_tuple_refuses() -> None:
    with pytest.raises(TypeError, match="without a default follows"):

        class Wrong(Frozen):
            first: int = 0
            second: int  # type: ignore[misc]

    with pytest.raises(AttributeError, match="_replace"):

        class Clash(Frozen):
            value: int

            def _replace(self, **changes: object) -> Clash:  # type: ignore[misc]
                return self


class Slots(Plain):
    __slots__ = ("count", "name")

    def __init__(self, name: str, count: int) -> None:
        self.name = name
        self.count = count


def test_a_plain_record_compares_and_prints_by_its_slots() -> None:
    first = Slots("妇女儿童之家", 2)
    assert first == Slots("妇女儿童之家", 2)
    assert first != Slots("妇女儿童之家", 3)
    assert repr(first) == "Slots(count=2, name='妇女儿童之家')"
    first.count = 3  # mutable
    assert first == Slots("妇女儿童之家", 3)
    with pytest.raises(TypeError):
        hash(first)


def test_frozen_classes_share_their_methods_and_each_has_its_own_new() -> None:
    """``Frozen`` compiles one ``__new__`` per number of fields: each class's is named after
    its own fields, with its own defaults, and the records behave as ``namedtuple``'s."""

    class Pair(Frozen):
        left: int
        right: str = "右"

    class Other(Frozen):
        first: str
        second: int = 7

    assert Pair(right="r", left=1) == (1, "r")
    assert Other("a") == ("a", 7)
    assert Pair(2) == (2, "右")
    assert Pair.__new__.__code__.co_varnames == ("_cls", "left", "right")
    assert Other.__new__.__code__.co_varnames == ("_cls", "first", "second")
    assert Pair.__new__.__code__.co_code == Other.__new__.__code__.co_code
    assert repr(Other("a")) == "Other(first='a', second=7)"
    assert Other._make(["b", 1]) == Other("b", 1)
    with pytest.raises(TypeError, match="Expected 2 arguments, got 1"):
        Other._make(["b"])
    with pytest.raises(TypeError):
        Pair(1, "r", "extra")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Pair(middle=1)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="unexpected field names"):
        Pair(1)._replace(middle=2)  # type: ignore[call-arg]

    class Shown(Frozen):
        code: str

        def __repr__(self) -> str:
            return f"<{self.code}>"

    class Empty(Frozen):
        pass

    assert repr(Shown("C-H-06")) == "<C-H-06>"  # the body's own, as typing.NamedTuple keeps
    assert Shown.__match_args__ == ("code",)
    assert Empty() == ()
    assert repr(Empty()) == "Empty()"
    with pytest.raises(ValueError, match="underscore"):

        class Hidden(Frozen):
            _secret: str
