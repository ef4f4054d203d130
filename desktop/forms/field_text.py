"""The text kinds: free text, several lines, a person's name, an ID number, a phone."""

from __future__ import annotations

import re
import unicodedata

from desktop.domain import identity
from desktop.forms.fields import NO_UNITS, FieldError, FieldType, UnitChoices


class TextType(FieldType):
    type_id = "text"
    label = "文本"
    textual = True

    def validate(self, value: object) -> str | None:
        text = str(value)
        limit = self.options.max_length
        if limit is not None and len(text) > limit:
            return f"不能超过{limit}个字，现在是{len(text)}个字"
        pattern = self.options.pattern
        if pattern is not None and not re.fullmatch(pattern, text):
            return self.options.pattern_message or "格式不对"
        return None


class MultilineType(TextType):
    type_id = "multiline"
    label = "多行文本"

    def parse(self, text: str, units: UnitChoices = NO_UNITS) -> object:
        cleaned = "\n".join(line.rstrip() for line in text.strip().splitlines())
        return super().parse(cleaned, units)


class PersonNameType(TextType):
    type_id = "person_name"
    label = "姓名"
    #: compiled at the first check (``re`` keeps it), not at start: a range over the CJK
    #: blocks takes ~0.7 ms to compile
    _NAME = r"^[\u3400-\u9fffA-Za-z·•．. ]{2,30}$"

    def _parse(self, text: str, units: UnitChoices) -> object:
        return unicodedata.normalize("NFKC", text).replace("•", "·").replace("．", "·")

    def validate(self, value: object) -> str | None:
        if not re.match(self._NAME, str(value)):
            return "姓名只能包含汉字、字母和间隔号“·”，至少2个字"
        return super().validate(value)

    def mask(self, text: str) -> str:
        return identity.mask_name(text)


class IdNumberType(FieldType):
    type_id = "id_number"
    label = "身份证号码"
    placeholder = "18位身份证号码"

    def _parse(self, text: str, units: UnitChoices) -> object:
        try:
            return identity.parse_id_number(text).text
        except identity.IdentityError as exc:
            raise FieldError(str(exc)) from None

    def mask(self, text: str) -> str:
        return identity.mask_id_number(text)

    @staticmethod
    def describe(text: str) -> str:
        """``出生日期 1985年3月8日，女``: what the number says, shown beside the field."""
        number = identity.IdNumber(text)
        born = number.birth_date
        text = f"出生日期 {born.year}年{born.month}月{born.day}日，{number.sex}"
        return f"{text}；注意：{number.warning}" if number.warning else text


class PhoneType(FieldType):
    type_id = "phone"
    label = "电话"
    placeholder = "手机或 区号-号码"

    def _parse(self, text: str, units: UnitChoices) -> object:
        try:
            return identity.parse_phone(text)
        except identity.IdentityError as exc:
            raise FieldError(str(exc)) from None

    def mask(self, text: str) -> str:
        return identity.mask_phone(text)
