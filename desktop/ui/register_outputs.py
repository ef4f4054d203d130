"""The 工作台账 page's outputs: Excel (masked), 完整导出 (full, audited), import of a full
export, the PDF listing and its print preview. A mixin of ``RegistersPage``: it uses the
page's store, form, units, listing, model, message bar, prompts and unlock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.exchange import register_excel
from desktop.exchange.sheets import ImportProblem
from desktop.forms.definition import FormDef, Record
from desktop.forms.fields import UnitChoices
from desktop.forms.listing import Listing, Query
from desktop.operations import register_import
from desktop.reports import register_pdf
from desktop.reports.pdf.fonts import FontMissing, FontSet
from desktop.store import profile
from desktop.store.errors import StoreError
from desktop.store.registers import RegisterStore
from desktop.store.session import Session
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.pdf_preview import PdfPreview
from desktop.ui.prompts import Prompts
from desktop.ui.register_model import RegisterModel
from desktop.ui.scratch import ScratchFolder


class RegisterOutputs:
    # provided by the page
    session: Session | None
    form: FormDef | None
    units: UnitChoices
    listing: Listing | None
    model: RegisterModel
    message: MessageBar
    prompts: Prompts
    preview: PdfPreview | None
    scratch: ScratchFolder
    store: Callable[[], RegisterStore | None]
    unlock: Callable[[str], bool]
    query: Callable[[], Query]
    _write: Callable[[object, str], bool]
    trash_checked: Callable[[], bool]

    # ----- exports -------------------------------------------------------------------------
    def visible_records(self) -> list[Record]:
        """The records the list shows, in its order, with every field (for exports)."""
        store = self.store()
        if store is None:
            return []
        full = {r.id: r for r in store.list_records(deleted=self.trash_checked())}
        shown = (self.model.record_at(r).id for r in range(self.model.matched()))
        return [full[record_id] for record_id in shown if record_id in full]

    def export_excel(self, *, full: bool) -> Path | None:
        if full and not self.unlock("完整导出个人信息"):
            return None
        store, form = self.store(), self.form
        if store is None or form is None:
            return None
        records = self.visible_records()
        if full and not self.prompts.confirm(
            "完整导出",
            f"完整导出包含姓名、身份证号码、电话等个人信息（共 {len(records)} 条），"
            "本次导出会记入修改记录。\n请妥善保管导出的文件，用完及时删除。",
            "完整导出",
        ):
            return None
        kind = "完整" if full else ""
        path = self.prompts.save_excel_path(
            f"{kind}导出{form.title}", f"{form.title}{'（完整）' if full else ''}.xlsx"
        )
        if path is None:
            return None
        children = {sub.id: store.all_children(sub) for sub in form.subforms}
        try:
            township = profile.load(self.session.db).township if self.session else ""
            register_excel.export(
                path, form, records, children, self.units, full=full, township=township
            )
            if full:
                store.note_export(f"完整导出 {len(records)} 条到“{path.name}”")
        except OSError as exc:
            self.message.show_message(Level.ERROR, f"无法写入文件“{path}”：{exc.strerror or exc}")
            return None
        except StoreError as exc:
            self.message.show_message(Level.ERROR, describe(exc))
            return None
        self.message.show_message(Level.INFO, f"已导出 {len(records)} 条到：{path}")
        return path

    def import_excel(self) -> bool:
        if not self.unlock("导入个人信息"):
            return False
        store, form = self.store(), self.form
        if store is None or form is None:
            return False
        path = self.prompts.open_excel_path(f"导入{form.title}（完整导出的文件）")
        if path is None:
            return False
        try:
            plan = register_import.prepare(store, path, self.units)
        except ImportProblem as exc:
            self.message.show_message(Level.ERROR, exc.report())
            return False
        if plan.errors:
            problem = ImportProblem(path, plan.errors)
            self.message.show_message(Level.ERROR, problem.report())
            return False
        if not (plan.added or plan.updated):
            same = "与数据库一致" if not plan.repeated else plan.summary()
            self.message.show_message(Level.INFO, f"“{path.name}”：{same}，没有需要导入的内容。")
            return False
        changes = register_import.changed_fields(store, plan) if plan.updated else ""
        where = f"\n\n修改的记录和字段：\n{changes}" if changes else ""
        if not self.prompts.confirm(
            f"导入{form.title}", f"“{path.name}”：{plan.summary()}。{where}\n\n确定导入吗？", "导入"
        ):
            return False
        note = f"从“{path.name}”导入：{plan.summary()}"
        return self._write(lambda: register_import.apply(store, plan), note)

    def _write_pdf(self, path: Path) -> int | None:
        if self.listing is None or self.session is None:
            return None
        try:
            fonts = FontSet.discover()
            rows = list(self.model.rows)
            return register_pdf.write_listing(
                path,
                self.listing,
                rows,
                fonts,
                township=profile.load(self.session.db).township,
                filters=self.query().describe(self.listing.form, self.units),
                today=date.today(),
            )
        except FontMissing as exc:
            self.message.show_message(Level.ERROR, str(exc))
        except OSError as exc:
            self.message.show_message(Level.ERROR, f"无法写入文件“{path}”：{exc.strerror or exc}")
        return None

    def export_pdf(self) -> Path | None:
        if self.form is None:
            return None
        path = self.prompts.save_pdf_path(f"导出{self.form.title}", f"{self.form.title}.pdf")
        if path is None:
            return None
        pages = self._write_pdf(path)
        if pages is None:
            return None
        self.message.show_message(Level.INFO, f"已导出PDF（{pages} 页）：{path}")
        return path

    def print_preview(self) -> PdfPreview | None:
        if self.form is None:
            return None
        path = self.scratch.path() / f"{self.form.id}.pdf"
        if self._write_pdf(path) is None:
            return None
        parent = self if isinstance(self, QWidget) else None
        self.preview = PdfPreview(path, f"打印预览：{self.form.title}", parent)
        self.preview.open()
        return self.preview
