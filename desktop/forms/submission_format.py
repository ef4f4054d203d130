"""Submission formats (``forms/submissions/*.toml``): the county's yearly table as data.

One strict loader (unknown keys are errors naming the file and key, like the registers' and
the 考核 schemes'), into frozen dataclasses. A file of the same id in the data folder's
``forms/submissions/`` replaces the bundled one; a new id adds a format. The text of a format is
stored in the database when a submission uses it (``store.submissions``), like registers, so
that a later edit of the file never changes what a past submission looked like.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from desktop.forms.toml_table import FormDefinitionError, TomlTable

#: column id -> header (the order comes from the file)
COLUMNS = {
    "this_year": "本年",
    "last_year": "上年",
    "target": "目标",
    "numerator": "分子",
    "denominator": "分母",
    "note": "备注",
}
DEFAULT_ID = "default"
_DUE = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


class FormatError(FormDefinitionError):
    """A format file with a mistake; the message names the file and the key."""


@dataclass(frozen=True)
class Row:
    indicator: str  # catalogue code
    label: str  # the county's label ("" = the catalogue's name)
    section: str


@dataclass(frozen=True)
class SubmissionFormat:
    id: str
    version: int
    table_number: str  # 表号
    title: str
    authority: str  # 制定机关
    due: str  # MM-DD of the following year
    due_text: str
    columns: tuple[str, ...]
    signatures: tuple[str, ...]
    notes: tuple[str, ...]
    rows: tuple[Row, ...]
    text: str  # the file's text, stored in the database when used

    def due_date(self, year: int) -> str:
        """The due date of year ``year``'s table (the following year), YYYY-MM-DD."""
        return f"{year + 1}-{self.due}"

    @property
    def headers(self) -> list[str]:
        return ["序号", "指标", "计量单位", *(COLUMNS[c] for c in self.columns)]


def parse(text: str, file: str) -> SubmissionFormat:
    try:
        return _parse(text, file)
    except FormatError:
        raise
    except FormDefinitionError as exc:  # the shared strict reader's own errors
        raise FormatError(exc.file, exc.path, exc.message) from None


def _parse(text: str, file: str) -> SubmissionFormat:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormatError(file, "", f"不是有效的TOML：{exc}") from None
    top = TomlTable(data, file, "")
    format_id = top.take_id("id")
    version = top.take("version", int)
    due = top.take("due", str)
    if not _DUE.match(due):
        raise FormatError(file, "due", f"“{due}”应为 月-日，例如 01-31")
    columns = top.take_strings("columns")
    for column in columns:
        if column not in COLUMNS:
            raise FormatError(file, "columns", f"未知的列“{column}”（可用：{'、'.join(COLUMNS)}）")
    if len(set(columns)) != len(columns):
        raise FormatError(file, "columns", "列重复")
    rows: list[Row] = []
    seen: set[str] = set()
    for section in top.tables("sections"):
        title = section.take("title", str)
        for index, item in enumerate(section.take("rows", list)):
            row = TomlTable(item, file, f"{section.at('rows')}[{index}]")
            code = row.take("indicator", str)
            if code in seen:
                raise row.error(f"指标“{code}”重复", "indicator")
            seen.add(code)
            rows.append(Row(code, row.take("label", str, ""), title))
            row.finish()
        section.finish()
    if not rows:
        raise FormatError(file, "sections", "至少要有一行")
    result = SubmissionFormat(
        id=format_id,
        version=version,
        table_number=top.take("table_number", str),
        title=top.take("title", str),
        authority=top.take("authority", str, ""),
        due=due,
        due_text=top.take("due_text", str, ""),
        columns=columns or tuple(COLUMNS),
        signatures=top.take_strings("signatures"),
        notes=top.take_strings("notes"),
        rows=tuple(rows),
        text=text,
    )
    top.finish()
    return result


def load_folder(folder: Path) -> list[SubmissionFormat]:
    formats: list[SubmissionFormat] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise FormatError(
                path.name, "", f"无法读取（{exc.__class__.__name__}），请另存为UTF-8"
            ) from None
        fmt = parse(text, path.name)
        if any(f.id == fmt.id for f in formats):
            raise FormatError(path.name, "id", f"格式标识“{fmt.id}”与其他文件重复")
        formats.append(fmt)
    return formats


def available(extra: Path | None = None) -> dict[str, SubmissionFormat]:
    """The bundled formats, replaced or extended by id from the data folder's
    ``forms/submissions`` (or ``extra``)."""
    from desktop.paths import bundled_dir, user_data_dir

    formats = {f.id: f for f in load_folder(bundled_dir("forms") / "submissions")}
    user = extra if extra is not None else user_data_dir() / "forms" / "submissions"
    if user.is_dir():
        formats.update({f.id: f for f in load_folder(user)})
    return formats
