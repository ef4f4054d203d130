"""The field types by the name a form file gives them (``type = "money"``)."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.forms.field_choices import ChoiceType, MultiChoiceType, UnitType
from desktop.forms.field_numbers import (
    BoolType,
    DateType,
    DecimalType,
    IntegerType,
    MoneyType,
    PercentType,
)
from desktop.forms.field_text import (
    IdNumberType,
    MultilineType,
    PersonNameType,
    PhoneType,
    TextType,
)
from desktop.forms.fields import FieldType

#: ``choices`` (several choices: filtered and counted by each, ``、`` in Excel) is the documented
#: name of ``multichoice``
TYPES: dict[str, type[FieldType]] = {
    cls.type_id: cls
    for cls in (
        TextType,
        MultilineType,
        IntegerType,
        DecimalType,
        PercentType,
        MoneyType,
        DateType,
        BoolType,
        ChoiceType,
        MultiChoiceType,
        UnitType,
        PersonNameType,
        IdNumberType,
        PhoneType,
    )
}
TYPES["choices"] = MultiChoiceType


def type_ids() -> Sequence[str]:
    return tuple(TYPES)
