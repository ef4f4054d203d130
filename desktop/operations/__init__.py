"""One function per user action (style.md rule 11; Anki's ``aqt/operations``).

An operation is what the clerk does with one click or one command: save a unit's form, import
returned files, set a password, lock a year, submit to the county. It

- owns its transaction (``with db.transaction():``), its audit entry and its backup rule;
- takes what it needs as arguments (a ``Database`` or ``Session``, values, paths), never a widget;
- returns a result that says what it changed (``Changes``), so a page refreshes only that;
- raises ``StoreError`` / its own known errors for problems the clerk can fix (shown as Chinese
  messages), and lets bugs propagate.

No Qt here. The UI runs slow operations through its one runner; the CLI calls the same functions,
so the app and the command line cannot behave differently.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TypeVar

from desktop.domain.plain import Frozen

F = TypeVar("F", bound=Callable[..., object])


class Area(Enum):
    """A part of the database that pages show; an operation names the ones it changed."""

    PROFILE = "profile"
    UNITS = "units"
    INDICATORS = "indicators"
    VALUES = "values"
    ROUND = "round"
    LETTERS = "letters"
    REGISTERS = "registers"
    PROTECTION = "protection"
    ASSESSMENT = "assessment"
    FOLLOW_UP = "follow_up"
    SUBMISSIONS = "submissions"


class Changes(Frozen):
    """What an operation changed (Anki's ``OpChanges``): pages refresh these, nothing more."""

    areas: frozenset[Area] = frozenset()

    @classmethod
    def of(cls, *areas: Area) -> Changes:
        return cls(frozenset(areas))

    def touches(self, *areas: Area) -> bool:
        return any(area in self.areas for area in areas)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.areas | other.areas)


NOTHING = Changes()
#: a restored backup, a new password: every page re-reads
EVERYTHING = Changes(frozenset(Area))


def slow(operation: F) -> F:
    """Marks an operation that can take seconds (files, many rows): the UI runs it through its
    runner, off the window's thread, with its own connection; the CLI just calls it."""
    setattr(operation, "slow", True)  # noqa: B010  (a function attribute, read by is_slow)
    return operation


def is_slow(operation: Callable[..., object]) -> bool:
    return bool(getattr(operation, "slow", False))
