"""台账清单: one register's records as a list, in Excel (masked, or the audited 完整导出) or as a
PDF. The same model serves the reports catalogue (``register:FORM``, read from the database)
and the 工作台账 page (the records its list shows, in its order).

The model holds everything the file shows; the renderers below only write it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.outputs import OutputError
from desktop.outputs.renderers import Context, DocumentOutput, formats_of, renders

if TYPE_CHECKING:
    from desktop.forms.definition import FormDef, Record, Values
    from desktop.forms.fields import UnitChoices
    from desktop.forms.listing import Listing
    from desktop.store.database import Database


@dataclass(frozen=True)
class RegisterListing:
    """The records of one register as a list (``rows`` index ``listing``'s records, in the
    list's order); ``full``: every value, importable (Excel only)."""

    listing: Listing
    rows: tuple[int, ...]
    records: tuple[Record, ...]  # Excel's rows: every field of the records the list shows
    children: Mapping[str, Mapping[int, Sequence[Values]]] = field(default_factory=dict)
    township: str = ""
    period: str = ""  # Excel's title row (the catalogue's period)
    filters: str = ""  # the PDF's subtitle (the page's filters)
    full: bool = False
    print_layout: bool = False  # Excel: borders, repeated titles, fitted to the page

    @property
    def form(self) -> FormDef:
        return self.listing.form

    @property
    def units(self) -> UnitChoices:
        return self.listing.units

    def stem(self) -> str:
        return f"{self.form.title}{'（完整）' if self.full else ''}"


@renders(RegisterListing, "xlsx")
def _xlsx(path: Path, models: Sequence[RegisterListing], context: Context) -> None:
    from desktop.exchange import register_excel
    from desktop.reports.register_workbook import lay_out

    (doc,) = models

    def layout(book: object) -> None:
        lay_out(book, doc.form, township=doc.township, period=doc.period, today=context.today)

    register_excel.export(
        path,
        doc.form,
        doc.records,
        doc.children,
        doc.units,
        full=doc.full,
        township=doc.township,
        period=doc.period,
        today=context.today,
        finish=layout if doc.print_layout else None,
    )


@renders(RegisterListing, "pdf")
def _pdf(path: Path, models: Sequence[RegisterListing], context: Context) -> None:
    from desktop.reports.register_pdf import write_listing

    (doc,) = models
    if doc.full:
        raise OutputError("完整导出只能是 Excel 文件")
    write_listing(
        path,
        doc.listing,
        doc.rows,
        context.font_set(),
        township=doc.township,
        filters=doc.filters,
        today=context.today,
    )


class RegisterListingOutput(DocumentOutput):
    key = "register_listing"
    title = "台账清单"
    formats = formats_of(RegisterListing)


def from_database(
    db: Database,
    forms: Sequence[FormDef],
    form_id: str,
    date_from: str | None = None,
    date_to: str | None = None,
) -> RegisterListing:
    """The catalogue's listing: every record of the period, masked (a protected file is not
    decrypted for it: names read 已加密), in the register's default order, print layout."""
    from desktop.forms.listing import Listing, Query
    from desktop.reports.catalog import ReportError
    from desktop.reports.register_reports import period_text
    from desktop.store import profile
    from desktop.store.registers import RegisterStore
    from desktop.store.units import unit_choices
    from desktop.store.vault import LOCKED, PLAIN, is_protected

    form = next((f for f in forms if f.id == form_id), None)
    if form is None:
        raise ReportError(f"没有“{form_id}”这个台账，可用：{'、'.join(f.id for f in forms)}")
    store = RegisterStore(db, form, LOCKED if is_protected(db) else PLAIN)
    units = unit_choices(db)
    records = store.list_records()
    listing = Listing(form, records, units, masked=True)
    query = Query(date_from=date_from, date_to=date_to)
    rows = listing.sorted_rows(listing.matches(query), *(listing.default_order() or (0, False)))
    return RegisterListing(
        listing,
        tuple(rows),
        tuple(records[r] for r in rows),
        {s.id: store.all_children(s) for s in form.subforms},
        township=profile.load(db).township,
        period=period_text(date_from, date_to),
        filters=query.describe(form, units),
        print_layout=True,
    )
