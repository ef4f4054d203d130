"""The 工作台账 page's outputs: Excel (masked), 完整导出 (full, audited), import of a full
export, the PDF listing and its print preview. A mixin of ``RegistersPage``: it uses the
page's store, form, units, listing, model, message bar, prompts, runner and unlock.

The exports are the output pipeline's 台账清单 (``outputs.register_listing``): the document
model is built from what the list shows, then rendered through the runner (progress, cancel,
nothing half-written)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.exchange.sheets import ImportProblem
from desktop.forms.definition import FormDef, Record
from desktop.forms.fields import UnitChoices
from desktop.forms.listing import Listing, Query
from desktop.operations import register_import, registers
from desktop.outputs import Part, batch
from desktop.outputs.register_listing import RegisterListing, RegisterListingOutput
from desktop.store import profile
from desktop.store.errors import StoreError
from desktop.store.register_pages import RegisterPages
from desktop.store.registers import RegisterStore
from desktop.store.session import Session
from desktop.ui.errors import describe
from desktop.ui.message_bar import Level, MessageBar
from desktop.ui.pdf_preview import PdfPreview, page_count
from desktop.ui.prompts import Prompts
from desktop.ui.register_model import RegisterModel
from desktop.ui.runner import Problem, Task, TaskRunner, TaskState
from desktop.ui.scratch import ScratchFolder


class RegisterOutputs:
    # provided by the page
    session: Session | None
    form: FormDef | None
    units: UnitChoices
    pages: RegisterPages | None
    model: RegisterModel
    message: MessageBar
    prompts: Prompts
    tasks: TaskRunner
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
        return [full[record_id] for record_id in self.model.ids if record_id in full]

    def listing_document(self, *, full: bool = False, excel: bool = True) -> RegisterListing | None:
        """The list as it is shown (records, order, filters) as a document model: built here,
        on the window's thread with the page's connection; the runner only renders it. The
        PDF needs only the list's texts (``excel=False``: no records decoded for it)."""
        store, form, pages = self.store(), self.form, self.pages
        if store is None or form is None or pages is None or self.session is None:
            return None
        ids = self.model.ids
        return RegisterListing(
            # the list's fields of the rows it shows, in its order, read for the file
            Listing(form, pages.rows(ids), self.units, masked=True),
            tuple(range(len(ids))),
            tuple(self.visible_records()) if excel else (),
            {sub.id: store.all_children(sub) for sub in form.subforms} if excel else {},
            township=profile.load(self.session.db).township,
            filters=self.query().describe(form, self.units),
            full=full,
        )

    def _render_listing(
        self, doc: RegisterListing, fmt: str, path: Path, then: Callable[[Path], None]
    ) -> Task:
        """Render ``doc`` to ``path`` through the runner (written whole or not at all)."""
        output = RegisterListingOutput(today=date.today())
        parts = [Part(doc.stem(), doc)]

        def work(state: TaskState) -> list[Path]:
            return batch.write(output, parts, fmt, path, progress=state.step)

        def done(result: object) -> None:
            if isinstance(result, list) and result:
                then(result[0])
            else:
                self.message.show_message(Level.WARNING, "已取消，没有留下任何文件。")

        def failed(problem: Problem) -> None:
            self.message.show_message(Level.ERROR, problem.message)

        title = f"正在导出“{doc.form.title}”……"
        return self.tasks.start(title, work, done, failed, show_progress=True)

    def export_excel(self, *, full: bool) -> Task | None:
        if full and not self.unlock("完整导出个人信息"):
            return None
        store, form = self.store(), self.form
        doc = self.listing_document(full=full)
        if store is None or form is None or doc is None:
            return None
        count = len(doc.records)
        if full and not self.prompts.confirm(
            "完整导出",
            f"完整导出包含姓名、身份证号码、电话等个人信息（共 {count} 条），"
            "本次导出会记入修改记录。\n请妥善保管导出的文件，用完及时删除。",
            "完整导出",
        ):
            return None
        kind = "完整" if full else ""
        path = self.prompts.save_excel_path(f"{kind}导出{form.title}", f"{doc.stem()}.xlsx")
        if path is None:
            return None

        def written(out: Path) -> None:
            if full:
                try:
                    registers.note_full_export(store, count, out)
                except StoreError as exc:
                    self.message.show_message(Level.ERROR, describe(exc))
                    return
            self.message.show_message(Level.INFO, f"已导出 {count} 条到：{out}")

        return self._render_listing(doc, "xlsx", path, written)

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

    def export_pdf(self) -> Task | None:
        doc = self.listing_document(excel=False)
        if doc is None:
            return None
        title = doc.form.title
        path = self.prompts.save_pdf_path(f"导出{title}", f"{title}.pdf")
        if path is None:
            return None

        def written(out: Path) -> None:
            pages = page_count(out)
            self.message.show_message(Level.INFO, f"已导出PDF（{pages} 页）：{out}")

        return self._render_listing(doc, "pdf", path, written)

    def print_preview(self) -> Task | None:
        doc = self.listing_document(excel=False)
        if doc is None:
            return None
        path = self.scratch.path() / f"{doc.form.id}.pdf"

        def show(out: Path) -> None:
            parent = self if isinstance(self, QWidget) else None
            self.preview = PdfPreview(out, f"打印预览：{doc.form.title}", parent)
            self.preview.open()

        return self._render_listing(doc, "pdf", path, show)
