"""A register's definition as immutable named tuples (read from ``forms/*.toml`` by the loader)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from desktop.domain.plain import Frozen, Plain
from desktop.forms import sealed
from desktop.forms.field_choices import ChoiceType, MultiChoiceType
from desktop.forms.fields import FieldType, UnitChoices

#: where the store and the UI find it (defined in ``sealed.py`` for the field types)
Sealed = sealed.Sealed

#: columns every register table has; field ids may not use them
RESERVED = frozenset({"id", "created_at", "updated_at", "deleted_at", "purged_at", "parent_id"})
RESERVED |= {"position"}


class FieldDef(Frozen):
    id: str
    label: str
    kind: FieldType
    required: bool = False
    sensitive: bool = False
    default: str | None = None  # as the clerk would type it; ``today`` for dates
    help: str = ""
    depends_on: str | None = None  # a choice whose items name the parent's value
    #: shown (and filled in) only when another field has one of these values:
    #: (field id, values); hidden, it stays empty (a 家庭暴力 block under 具体问题)
    show_when: tuple[str, tuple[str, ...]] | None = None
    #: a computed number, never typed: (sub-form id, its number field, a number field of the
    #: record added to it or None): 累计服务时长 = 登记前服务时长 + the service rows' hours
    sum_of: tuple[str, str, str | None] | None = None

    @property
    def type_id(self) -> str:
        return self.kind.type_id

    @property
    def choice(self) -> ChoiceType | None:
        return self.kind if isinstance(self.kind, ChoiceType) else None

    @property
    def multiple(self) -> bool:
        """Several choices at once (``choices``, formerly ``multichoice``)."""
        return isinstance(self.kind, MultiChoiceType)


class Rule(Frozen):
    """A cross-field rule. ``not_before``: ``field`` ≥ ``other`` (dates or numbers);
    ``required_when``: ``field`` must be filled when ``when`` has one of ``values``."""

    kind: str
    field: str
    message: str
    other: str | None = None
    when: str | None = None
    values: tuple[str, ...] = ()


class SubformDef(Frozen):
    id: str
    title: str
    fields: tuple[FieldDef, ...]
    rules: tuple[Rule, ...] = ()
    date_field: str | None = None

    def field(self, field_id: str) -> FieldDef:
        return _find(self.fields, field_id)


class Recode(Frozen):
    """Stored values rewritten when a definition changes its choices (``[[recoded]]``):
    records whose fields hold every value of ``when`` get the values of ``set``."""

    when: tuple[tuple[str, str], ...]
    set: tuple[tuple[str, str], ...]
    note: str = ""


class Reminder(Frozen):
    """Something the home page points at. ``date_passed``: records whose ``field`` date is
    before today unless ``unless_field`` is in ``unless_values``; ``visit_due``: records
    whose latest ``subform`` date (or ``since_field`` when there is none) is older than the
    interval for their ``interval_field`` value; ``matching``: records whose ``field`` holds
    one of ``values`` (a 红色 dispute) unless ``unless_field`` says it is done."""

    kind: str
    text: str
    field: str | None = None
    unless_field: str | None = None
    unless_values: tuple[str, ...] = ()
    subform: str | None = None
    interval_field: str | None = None
    intervals: Mapping[str, int] = MappingProxyType({})
    default_interval: int = 90
    since_field: str | None = None
    values: tuple[str, ...] = ()  # matching: ``field`` holds one of these


class Statistics(Frozen):
    by: tuple[str, ...] = ()
    sums: tuple[str, ...] = ()
    closure_field: str | None = None
    closed_values: tuple[str, ...] = ()
    #: a stock register's coverage: (label, a bool field meaning "should have one"): of the
    #: records marked so, the share that exists at the period's end (母婴设施配置率)
    coverage: tuple[str, str] | None = None
    #: sums of a sub-form's number field over its rows dated in the period (sub-form id,
    #: field id): 本期服务时长 counted from the service records of the period
    sub_sums: tuple[tuple[str, str], ...] = ()
    #: per-unit coverage: a label; counts the period's records of each active unit of the
    #: ``unit_field``'s kinds, the share of units with at least one, and the units with none
    unit_coverage: str | None = None


class Stock(Frozen):
    """How a stock register (``kind = "stock"``: things that exist, such as 妇女儿童之家) knows
    what existed at a date: ``since`` (a date, or an integer year field) it exists from;
    ``until`` (a date) it ended; ``inactive_field`` with ``inactive_values`` (a current
    status such as 停用) leaves it out. Without ``since`` a record always existed."""

    since: str | None = None
    until: str | None = None
    inactive_field: str | None = None
    inactive_values: tuple[str, ...] = ()


class Retention(Frozen):
    """How long personal data is kept: ``years`` after the date in ``since`` (e.g. a
    petition's 办结日期). Past it, the clerk may purge the record's sensitive fields."""

    years: int
    since: str


class FormDef(Frozen):
    id: str
    title: str
    version: int
    record_name: str
    fields: tuple[FieldDef, ...]
    list_columns: tuple[str, ...]
    filters: tuple[str, ...] = ()
    sort_field: str | None = None
    sort_descending: bool = False
    date_field: str | None = None
    unit_field: str | None = None
    title_field: str | None = None
    rules: tuple[Rule, ...] = ()
    subforms: tuple[SubformDef, ...] = ()
    statistics: Statistics = Statistics()
    reminders: tuple[Reminder, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()
    #: fields taken out of use: (sub-form id or None, field id); their data stays, hidden
    retired: tuple[tuple[str | None, str], ...] = ()
    recoded: tuple[Recode, ...] = ()
    retention: Retention | None = None
    #: "flow" (events: 信访, 活动) or "stock" (things that exist: 阵地, 志愿者)
    kind: str = "flow"
    stock: Stock = Stock()
    description: str = ""
    order: int = 100
    source: Path | None = None
    #: the TOML text it was read from (stored in the database: ``store/register_sync.py``)
    text: str = ""

    @property
    def table(self) -> str:
        """Its table's name (``store/register_names.py`` says how names are built)."""
        return f"reg_{self.id}"

    def sub_table(self, sub: SubformDef) -> str:
        return f"reg_{self.id}#{sub.id}"

    def field(self, field_id: str) -> FieldDef:
        return _find(self.fields, field_id)

    def subform(self, sub_id: str) -> SubformDef:
        for sub in self.subforms:
            if sub.id == sub_id:
                return sub
        raise KeyError(sub_id)

    @property
    def sensitive_fields(self) -> tuple[FieldDef, ...]:
        return tuple(f for f in self.fields if f.sensitive)

    @property
    def personal(self) -> bool:
        """Whether it holds personal data (a sensitive field, here or in a sub-form): its
        attachments are encrypted too when a password is set."""
        return bool(self.sensitive_fields) or any(
            f.sensitive for s in self.subforms for f in s.fields
        )


Values = dict[str, object]


class Record(Plain):
    """One register record as read from the store: values decoded to Python values."""

    __slots__ = ("created_at", "deleted_at", "id", "updated_at", "values")

    def __init__(
        self,
        id: int,
        values: Values,
        created_at: str = "",
        updated_at: str = "",
        deleted_at: str | None = None,
    ) -> None:
        self.id = id
        self.values = values
        self.created_at = created_at
        self.updated_at = updated_at
        self.deleted_at = deleted_at


class RecordTable:
    """Many records held by column (what a list of thousands reads fastest): ``ids`` and,
    per field read, one list of values. ``record(i)`` makes one ``Record`` when needed."""

    def __init__(
        self,
        ids: list[int],
        columns: dict[str, list[object]],
        deleted: list[str | None] | None = None,
    ) -> None:
        self.ids = ids
        self.columns = columns
        self.deleted = deleted

    @classmethod
    def of(cls, records: Sequence[Record], fields: Sequence[str]) -> RecordTable:
        return cls(
            [r.id for r in records],
            {f: [r.values.get(f) for r in records] for f in fields},
            [r.deleted_at for r in records],
        )

    def __len__(self) -> int:
        return len(self.ids)

    def column(self, field_id: str) -> list[object]:
        """The field's values in row order (all None when the field was not read)."""
        found = self.columns.get(field_id)
        return found if found is not None else [None] * len(self.ids)

    def value(self, row: int, field_id: str) -> object:
        found = self.columns.get(field_id)
        return None if found is None else found[row]

    def record(self, row: int) -> Record:
        values = {name: column[row] for name, column in self.columns.items()}
        deleted = self.deleted[row] if self.deleted else None
        return Record(self.ids[row], values, deleted_at=deleted)

    def add(self, extra: Mapping[str, list[object]]) -> None:
        """Columns read later, in the same row order."""
        for name, column in extra.items():
            if len(column) != len(self.ids):
                raise ValueError(f"column {name!r} has {len(column)} rows, not {len(self.ids)}")
            self.columns[name] = column


def display(f: FieldDef, value: object, units: UnitChoices, *, masked: bool) -> str:
    """A value as a list or the home page shows it: formatted, a sensitive one masked."""
    if isinstance(value, Sealed):
        return str(value)
    text = f.kind.format(value, units)
    return f.kind.mask(text) if masked and f.sensitive and text else text


def _find(fields: tuple[FieldDef, ...], field_id: str) -> FieldDef:
    for f in fields:
        if f.id == field_id:
            return f
    raise KeyError(field_id)
