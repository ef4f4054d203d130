"""Reading one table of a definition file strictly: the one rule for the registers' forms, the
考核 schemes and the submission formats. Every key taken is type-checked, a key never taken is
an error, and every error names the file and the key's path (``fields[3].choices``), in
Chinese, for the clerk or whoever wrote the file."""

from __future__ import annotations

from typing import Any, ClassVar

MISSING: Any = object()


class DefinitionError(ValueError):
    """A definition file is wrong: ``file: path：message``."""

    def __init__(self, file: str, path: str, message: str) -> None:
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}：{message}")
        self.file = file
        self.path = path
        self.message = message


class StrictTable:
    """One table being read. A subclass names the error its file kind raises
    (``error_type``) and adds that kind's own readers."""

    error_type: ClassVar[type[DefinitionError]] = DefinitionError

    def __init__(self, data: object, file: str, path: str) -> None:
        self.file = file
        self.path = path
        if not isinstance(data, dict):
            raise self.error("应为一个表（table）")
        self.data: dict[str, Any] = data
        self.used: set[str] = set()

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, message: str, key: str | None = None) -> DefinitionError:
        return self.error_type(self.file, self.at(key) if key else self.path, message)

    def take(self, key: str, kind: type | tuple[type, ...], default: object = MISSING) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is MISSING:
                raise self.error("缺少这个键", key)
            return default
        value = self.data[key]
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.error("应为数字", key)
        if not isinstance(value, kind):
            raise self.error(f"类型不对，应为{type_name(kind)}", key)
        return value

    def take_strings(self, key: str) -> tuple[str, ...]:
        values = self.take(key, list, [])
        for index, value in enumerate(values):
            if not isinstance(value, str):
                raise self.error_type(self.file, f"{self.at(key)}[{index}]", "应为字符串")
        return tuple(values)

    def tables(self, key: str) -> list[Any]:
        """The tables of an array (``[[fields]]``), each read as this kind of table."""
        values = self.take(key, list, [])
        return [type(self)(v, self.file, f"{self.at(key)}[{i}]") for i, v in enumerate(values)]

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.error(f"未知的键“{unknown[0]}”", unknown[0])


def type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "字符串", int: "整数", float: "数字", bool: "true/false", list: "列表"}
    names[dict] = "表"
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return "或".join(names.get(k, k.__name__) for k in kinds)
