"""Per-unit fill-in material of a monitoring round: the Excel template (returned and imported)
and the printed blank form (filled in by hand). One file per unit, never combined."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.outputs import OutputError, Part

if TYPE_CHECKING:
    from desktop.reports.pdf.fonts import FontSet
    from desktop.store import units
    from desktop.store.database import Database


@dataclass(frozen=True)
class UnitSheet:
    """The model of both outputs: the template writers read the unit's rows as they write."""

    db: Database
    year: int
    unit: units.Unit


class TemplateOutput:
    key = "template"
    title = "填报模板"
    formats: tuple[str, ...] = ("xlsx",)
    combinable = False

    def render(self, fmt: str, path: Path, models: Sequence[object]) -> None:
        if fmt != "xlsx":
            raise OutputError(f"填报模板不能导出为 {fmt}")
        from desktop.exchange import templates

        for sheet in models:
            assert isinstance(sheet, UnitSheet)
            templates.write_template(sheet.db, sheet.year, sheet.unit, path)


class BlankFormOutput:
    key = "blank_form"
    title = "纸质填报表"
    formats: tuple[str, ...] = ("pdf",)
    combinable = False

    def __init__(self, fonts: FontSet | None = None) -> None:
        self._fonts = fonts

    def render(self, fmt: str, path: Path, models: Sequence[object]) -> None:
        if fmt != "pdf":
            raise OutputError(f"纸质填报表不能导出为 {fmt}")
        from desktop.reports import blank_forms

        if self._fonts is None:
            from desktop.reports.pdf.fonts import FontSet

            self._fonts = FontSet.discover()
        for sheet in models:
            assert isinstance(sheet, UnitSheet)
            blank_forms.write_form(sheet.db, sheet.year, sheet.unit, path, self._fonts)


def parts(db: Database, year: int, *, unit_code: str | None = None) -> list[Part]:
    """Every unit that reports in ``year`` (or the one with ``unit_code``)."""
    from desktop.exchange import templates
    from desktop.store import monitoring, submissions, units

    if submissions.is_county(db):
        raise OutputError(
            "这是县级数据库：监测数据来自各乡镇的上报，不向单位发填报模板。"
            "请让各乡镇用“上报县级”生成上报文件，再用“导入乡镇上报”导入。"
        )
    wanted = [units.get(db, unit_id) for unit_id, _name in monitoring.reporting_units(db, year)]
    if unit_code is not None:
        wanted = [u for u in wanted if u.code == unit_code]
    return [Part(Path(templates.file_name(year, u)).stem, UnitSheet(db, year, u)) for u in wanted]


def blank_form_stem(year: int, unit: units.Unit) -> str:
    return f"{year}年度监测填报表-{unit.code}-{unit.name}"
