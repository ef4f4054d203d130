"""The benchmarks of ``run.py``, each a ``Case`` with both sides doing the same work.

- start: a whole process, ``fulian open DB --auto-quit 0`` (quits once the database is open and
  the home page painted) vs a bare PySide6 process showing a QMainWindow and quitting after its
  first paint. Bytecode is cached (``PYTHONPYCACHEPREFIX``) as an installed app's would be; the
  data folder is kept between runs (this PC has seen the file: no backup, no quick_check).
- lists: the real 工作台账 page vs a bare QTableView over a persistent sqlite3 connection
  fetching the list columns.
- pages: 分工矩阵 and 个人信息保护 shown (read + first paint), held to 100 ms.
- letters: all units' letters as one PDF vs bare reportlab drawing the same text (our PDF's
  own lines, page by page) with the same embedded font.
- reports: the read and the Excel file vs a bare SQL read of the same rows plus openpyxl
  writing the same cells.
- import: 48 returned templates previewed and applied vs reading each file (keyed with HMAC)
  and its cells with openpyxl plus an upsert of the same values, a commit per file.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import start_work
from harness import Case

ROOT = Path(__file__).resolve().parents[2]

#: quits once its first paint is done, as ours does (a ``repaint()`` before the event loop
#: paints nothing, the window is not exposed yet: quitting on a 0 ms timer quit unpainted)
BARE_START = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class Window(QMainWindow):
    def paintEvent(self, event):
        super().paintEvent(event)
        QTimer.singleShot(0, app.quit)
app = QApplication([])
w = Window(); w.resize(1100, 720); w.show()
app.exec()
"""


class StartSides(NamedTuple):
    """The start's three programs (arguments after the interpreter) and their environment."""

    env: dict[str, str]
    ours: list[str]  # fulian open DB --auto-quit 0
    empty: list[str]  # the bare side: an empty QMainWindow
    same_work: list[str]  # bare PySide6 + sqlite3 doing ours's work (``start_work.py``)


def start_sides(db: Path, work: Path) -> StartSides:
    """The three start programs, after the set-up a clerk's PC has: the file brought to this
    schema by a first open, this PC's first backup made, bytecode cached."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "PYTHONPYCACHEPREFIX": str(work / "pycache"),
        "FULIAN_DATA_DIR": str(work / "data"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # cached bytecode, as an installed app has
    from desktop.paths import backups_dir
    from desktop.store.backup import BackupStore
    from desktop.store.database import Database

    ours = ["-m", "desktop", "open", str(db), "--auto-quit", "0"]
    # opened once by the app: a cached file from an older schema is brought up to date (a
    # one-time migration), as on the clerk's PC after the first open of a new version
    run_python(ours, env)
    opened = Database.open(db, read_only=True)
    db_id = opened.db_id
    opened.close()
    BackupStore(backups_dir(work / "data")).backup(db, db_id)  # this PC's first backup is done
    return StartSides(env, ours, ["-c", BARE_START], start_work.same_work_args(db, work))


def run_python(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, *args], check=True, env=env, cwd=ROOT, capture_output=True)


def start_cases(sides: StartSides) -> list[Case]:
    """The issue's line (against an empty window) and the same start against a bare program
    doing the same work (``start_work.py``)."""

    def side(args: list[str]) -> Callable[[], None]:
        return lambda: run_python(args, sides.env)

    return [
        Case(
            "start to a usable window (process)",
            ours=side(sides.ours),
            bare=side(sides.empty),
            goal_ratio=1.3,
            note="fulian open DB --auto-quit 0 vs bare QMainWindow process",
        ),
        Case(
            "start vs bare doing the same work (process)",
            ours=side(sides.ours),
            bare=side(sides.same_work),
            goal_ratio=1.3,
            note="same SQL, lock file, menus, sidebar and home texts: bare PySide6 + sqlite3",
        ),
    ]


class _Bare:
    """A minimal table model over rows from sqlite3 (Python strings on demand)."""

    @staticmethod
    def model(rows: list[tuple[Any, ...]], headers: list[str]) -> Any:
        from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

        class BareModel(QAbstractTableModel):
            def rowCount(self, parent: Any = QModelIndex()) -> int:
                return len(rows)

            def columnCount(self, parent: Any = QModelIndex()) -> int:
                return len(headers)

            def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
                if role == Qt.ItemDataRole.DisplayRole:
                    value = rows[index.row()][index.column()]
                    return "" if value is None else str(value)
                return None

            def headerData(self, section: int, orientation: Any, role: int = 0) -> Any:
                if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
                    return headers[section]
                return None

        return BareModel()


def ui_cases(list_db: Path, db: Path, work: Path) -> tuple[list[Case], Any]:
    """The list, search and page cases; returns them and a clean-up function."""
    from PySide6.QtWidgets import QApplication, QTableView

    from desktop.forms.loader import default_forms
    from desktop.store.backup import BackupStore
    from desktop.store.session import Session
    from desktop.ui.prompts import Prompts
    from desktop.ui.register_page import RegistersPage

    forms = default_forms()
    form = forms.get("petition")
    backups = BackupStore(work / "ui-backups")
    session = Session.open(list_db, backups, forms=forms.forms)
    page = RegistersPage(forms, Prompts())
    page.set_session(session)
    page.resize(1200, 800)
    page.show()
    page.show_register("petition")
    page.refresh()
    records = session.db.scalar("SELECT count(*) FROM reg_petition WHERE deleted_at IS NULL")
    probe = str(page.model.record_at(123).values["person_name"])

    def ours_open() -> None:
        page.search.clear()
        page.refresh()

    def ours_search() -> None:
        page.search.setText(probe)
        page.apply_filters()

    conn = sqlite3.connect(list_db)  # the bare side's persistent connection
    columns = list(form.list_columns)
    headers = [form.field(c).label for c in columns]
    select = f"SELECT {', '.join(columns)} FROM reg_petition WHERE deleted_at IS NULL"
    texts = ["person_name", "id_number", "phone", "address", "content", "result", "receiver"]
    like = " OR ".join(f"{c} LIKE :q" for c in texts)
    view = QTableView()
    view.resize(1200, 800)
    view.show()

    def bare(sql: str, params: dict[str, object]) -> None:
        view.setModel(_Bare.model(conn.execute(sql, params).fetchall(), headers))

    settle = QApplication.processEvents
    n = f"{records // 1000}k" if records >= 1000 else str(records)
    cases = [
        Case(
            f"信访 list open, {n} records",
            ours=ours_open,
            bare=lambda: bare(f"{select} ORDER BY received_on DESC", {}),
            goal_ratio=1.0,
            goal_ms=100 if records <= 40_000 else 300,
            settle=settle,
        ),
        Case(
            f"first search, {n}",
            ours=ours_search,
            prepare=ours_open,
            bare=lambda: bare(f"{select} AND ({like})", {"q": f"%{probe}%"}),
            goal_ratio=1.0,
            goal_ms=300,
            settle=settle,
        ),
        Case(
            f"next search, {n}",
            ours=ours_search,
            bare=lambda: bare(f"{select} AND ({like})", {"q": f"%{probe}%"}),
            goal_ratio=1.0,
            goal_ms=300,
            settle=settle,
        ),
    ]
    more, close_pages = page_cases(db, work, settle)
    cases += more

    def close() -> None:
        page.set_session(None)
        session.close()
        conn.close()
        close_pages()

    return cases, close


def page_cases(db: Path, work: Path, settle: Any) -> tuple[list[Case], Any]:
    from desktop.forms.loader import default_forms
    from desktop.store.backup import BackupStore
    from desktop.store.session import Session
    from desktop.ui.matrix_page import MatrixPage
    from desktop.ui.privacy_page import PrivacyPage
    from desktop.ui.prompts import Prompts
    from desktop.ui.settings import Settings

    session = Session.open(db, BackupStore(work / "page-backups"), forms=default_forms().forms)
    session.close()  # seen: the pages read through a session of their own below
    session = Session.open(db, BackupStore(work / "page-backups"), forms=default_forms().forms)
    matrix = MatrixPage(Prompts())
    privacy = PrivacyPage(Prompts(), Settings(work / "settings"))
    cases = []
    for title, page in (("分工矩阵", matrix), ("个人信息保护", privacy)):
        page.resize(1200, 800)
        page.set_session(session)
        page.show()

        def visit(page: Any = page) -> None:
            page.refresh()
            page.repaint()

        cases.append(Case(f"{title} page visit", ours=visit, goal_ms=100, settle=settle))

    def close() -> None:
        for page in (matrix, privacy):
            page.set_session(None)
        session.close()

    return cases, close


def letters_case(db: Path, work: Path) -> Case:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from desktop.demo.monitoring import LATEST_YEAR
    from desktop.operations.letters import write_letters
    from desktop.reports.pdf.fonts import FontSet
    from desktop.store.database import Database

    fonts = FontSet.discover()
    out = work / "letters.pdf"
    conn = Database.open(db, read_only=True)

    def ours() -> None:
        write_letters(conn, LATEST_YEAR, out, fonts=fonts)

    ours()
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    # every page of ours, the blank backs for duplex printing included (pdftotext ends each
    # page with a form feed)
    pages = [[line.strip() for line in p.splitlines() if line.strip()] for p in text.split("\f")]
    pages = pages[:-1] if pages and not pages[-1] else pages
    font = fonts.name("fang")

    def bare() -> None:
        canvas = Canvas(str(work / "bare-letters.pdf"), pagesize=A4, initialFontName=font)
        for lines in pages:
            canvas.setFont(font, 15.8)
            for n, line in enumerate(lines):
                canvas.drawString(80, 780 - n * 27, line)
            canvas.showPage()
        canvas.save()

    return Case(
        f"letters for all units, PDF ({len(pages)} pages)",
        ours=ours,
        bare=bare,
        goal_ratio=1.5,
    )


def _record_columns(raw: sqlite3.Connection, table: str) -> str:
    """The table's columns as ``SELECT *`` read them before schema 23-24: without the search
    column SQLite computes on read (generated: ``table_info`` leaves it out) and a kept latest
    date (``#last``), neither of which the reports read."""
    info = raw.execute(f'PRAGMA table_info("{table}")')
    names = [r[1] for r in info if not r[1].endswith("#last")]
    return ", ".join(f'"{n}"' for n in names)


def report_cases(db: Path, work: Path) -> list[Case]:
    from openpyxl import Workbook

    from desktop.forms.loader import default_forms
    from desktop.operations.reports import export_report
    from desktop.reports import catalog
    from desktop.store.database import Database
    from desktop.store.register_sync import effective_forms

    conn = Database.open(db, read_only=True)
    forms = effective_forms(conn, default_forms().forms)
    raw = sqlite3.connect(db)
    cases = []
    for name, reads in (
        ("statistics", [f.table for f in forms]),
        ("trend:C-H-06", ["value"]),
        ("register:petition", ["reg_petition"]),
    ):
        request = catalog.Request.parse(name, year=2025)
        out = work / f"{request.file_stem()}.xlsx"
        if request.key == "register":
            cells = None
        else:
            reports = catalog.build(conn, forms, request)
            cells = [
                (t.title, [c.title for c in t.columns], [[c.excel for c in r] for r in t.rows])
                for rep in reports
                for t in rep.tables()
            ]

        def ours(request: Any = request, out: Path = out) -> None:
            export_report(conn, forms, request, "xlsx", out)  # what `fulian export` does

        def bare(reads: list[str] = reads, cells: Any = cells, name: str = name) -> None:
            rows: list[Any] = []
            for table in reads:
                rows += raw.execute(
                    f'SELECT {_record_columns(raw, table)} FROM "{table}"'
                ).fetchall()
            book = Workbook()
            sheet = book.active
            assert sheet is not None
            if cells is None:  # the register listing: its rows as they are
                for row in rows:
                    sheet.append(["" if v is None else str(v) for v in row])
            else:
                for title, header, body in cells:
                    sheet = book.create_sheet(re.sub(r"[][\\/*?:]", "_", title)[:28])
                    sheet.append(header)
                    for row in body:
                        sheet.append(row)
            book.save(work / f"bare-{name.replace(':', '-')}.xlsx")

        cases.append(
            Case(f"Excel report {name} (read + write)", ours=ours, bare=bare, goal_ratio=1.2)
        )
    return cases


def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="fulian-bench-"))


def import_case(db: Path, work: Path) -> Case:
    """导入回收的填报表: every unit's returned template of the latest year (filled the way a unit
    would: "5" in every 本年值) previewed and applied, one transaction per file, on a fresh copy
    of the database each time (copied untimed). The bare side does what any importer must: read
    each file's bytes and key them (HMAC-SHA256 over the whole file with the database's key,
    where ours hashes the file for the import log and checks the template's HMAC signature),
    read the hidden sheet's rows and every cell of the data sheet with openpyxl (read-only,
    values), and upsert the same values into ``value`` in one transaction + commit per file
    (ours applies each file in its own transaction: a failed file leaves the others)."""
    import hashlib
    import hmac
    import json
    import shutil

    from openpyxl import load_workbook

    from desktop.demo.monitoring import LATEST_YEAR
    from desktop.exchange import templates
    from desktop.operations.returned_files import Choice, import_file, preview_returns
    from desktop.operations.unit_forms import write_unit_forms
    from desktop.store import signing
    from desktop.store.database import Database, now_text

    source = work / "import-source.fulian"
    shutil.copyfile(db, source)
    setup = Database.open(source)
    files = write_unit_forms(setup, LATEST_YEAR, work / "returned")
    key = signing.template_key(setup)
    setup.close()
    for file in files:  # fill every input the way a unit would
        book = load_workbook(file)
        sheet = book[templates.DATA_SHEET]
        for row in range(templates.FIRST_ROW, sheet.max_row + 1):
            sheet.cell(row, templates.VALUE_COL).value = "5"
        book.save(file)
    target = work / "import.fulian"
    state: dict[str, Any] = {}

    def prepare() -> None:
        if state.get("db") is not None:
            state["db"].close()
        shutil.copyfile(source, target)
        state["db"] = Database.open(target)

    def ours() -> None:
        conn = state["db"]
        choice = Choice(valid_only=True)
        for preview in preview_returns(conn, files):
            if not preview.refused:
                import_file(conn, preview, choice)

    bare_db = work / "import-bare.fulian"
    shutil.copyfile(source, bare_db)
    bare_conn = sqlite3.connect(bare_db, isolation_level=None)
    bare_conn.execute("PRAGMA synchronous = FULL")  # as ours: a commit is on the disk
    upsert = (
        "INSERT INTO value(year, unit_id, element_id, value, no_data, note, source, origin, "
        "updated_at) VALUES (?, ?, ?, ?, 0, '', '', 'imported', ?) "
        "ON CONFLICT(year, unit_id, element_id) DO UPDATE SET value = excluded.value, "
        "origin = excluded.origin, updated_at = excluded.updated_at"
    )

    def bare() -> None:
        for file in files:
            data = file.read_bytes()
            hmac.new(key, data, hashlib.sha256).hexdigest()
            book = load_workbook(file, read_only=True, data_only=True)
            meta = json.loads(next(book[templates.META_SHEET].iter_rows(values_only=True))[0])
            rows = list(
                book[templates.DATA_SHEET].iter_rows(min_row=templates.FIRST_ROW, values_only=True)
            )
            book.close()
            now = now_text()  # as ours stamps them; also, SQLite skips rewriting a row with
            # identical bytes, so a fixed stamp would make every run after the first write
            # (and sync) nothing
            values = [
                (
                    meta["year"],
                    meta["unit_id"],
                    int(element),
                    float(row[templates.VALUE_COL - 1]),
                    now,
                )
                for (element, _old), row in zip(meta["rows"], rows, strict=False)
            ]
            bare_conn.execute("BEGIN")
            bare_conn.executemany(upsert, values)
            bare_conn.execute("COMMIT")

    return Case(
        f"import {len(files)} returned templates",
        ours=ours,
        bare=bare,
        goal_ratio=1.3,
        prepare=prepare,
    )
