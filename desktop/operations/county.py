"""The county database: a new database of either level, and 导入乡镇上报 (``fulian merge``).

Merging has the template import's guarantees: each file is previewed first (new, changed
old → new, unchanged); a file that is not a submission, was edited after it was made (content
hash or signature), claims a known township's database id with another key, names data
elements this catalogue does not have, or was merged before is refused; each file is applied
in one transaction (all or nothing) and logged (``township_submission``: file, hash, counts).
A re-submission for the same township and year replaces that township's values for the year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.exchange import returns
from desktop.exchange.sheets import ImportProblem
from desktop.exchange.submission import fingerprint
from desktop.exchange.submission_excel import read, to_incoming
from desktop.forms.definition import FormDef
from desktop.operations import Area, Changes, slow
from desktop.store import county, profile, submissions
from desktop.store.backup import BackupStore
from desktop.store.database import Database
from desktop.store.session import Session

TOWNSHIP_REFUSAL = (
    "这是乡镇数据库，不能导入乡镇上报文件。乡镇上报请在县级数据库中导入"
    "（新建县级数据库：fulian new 文件 --name 名称 --level county，或“新建数据库”时选“县级”）。"
)


class MergeRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Diff:
    code: str
    name: str
    old: str
    new: str


@dataclass
class MergePreview:
    path: Path
    refused: str = ""
    township: str = ""
    year: int = 0
    draft: bool = False
    new_township: bool = False
    registered: bool = False  # a new township that is on the county's list
    resubmission: bool = False
    listed_as: str = ""  # the county's name for a known township that the file names otherwise
    key_fingerprint: str = ""
    new: list[Diff] = field(default_factory=list)
    changed: list[Diff] = field(default_factory=list)
    unchanged: list[Diff] = field(default_factory=list)
    incoming: county.Incoming | None = None

    def summary(self) -> str:
        if self.refused:
            return f"{self.path.name}：不能导入。{self.refused}"
        what = "重新上报（将替换该乡镇本年度的数据）" if self.resubmission else "上报"
        who = f"新乡镇，签名识别码 {self.key_fingerprint}" if self.new_township else "已知乡镇"
        if self.registered:
            who = f"名单内乡镇首次上报，签名识别码 {self.key_fingerprint}"
        draft = "，草稿" if self.draft else ""
        if self.listed_as:
            who += f"，名单中为“{self.listed_as}”，导入后仍按名单名称显示"
        return (
            f"{self.path.name}：{self.township} {self.year}年度{what}（{who}{draft}）："
            f"新增 {len(self.new)} 项，修改 {len(self.changed)} 项，未变 {len(self.unchanged)} 项"
        )

    @property
    def counts(self) -> str:
        return f"新增{len(self.new)}、修改{len(self.changed)}、未变{len(self.unchanged)}"


def create_database(
    path: Path,
    backups: BackupStore,
    *,
    name: str = "",
    level: str = "township",
    pc: str | None = None,
    forms: Sequence[FormDef] = (),
) -> Session:
    """A new database of ``level``, named ``name`` (the township or the county) when given."""
    if level not in submissions.LEVELS:
        raise MergeRefused(f"级别应为 township（乡镇）或 county（县级），不是“{level}”。")
    session = Session.create(path, backups, pc=pc, forms=forms)
    db = session.db
    submissions.set_level(db, level)
    if name:
        profile.save(db, profile.Profile(township=name))
    return session


@slow
def preview_merge(
    db: Database, paths: Sequence[Path], forms: Sequence[FormDef] = ()
) -> list[MergePreview]:
    """What merging each file would do (reads only)."""
    if not submissions.is_county(db):
        raise MergeRefused(TOWNSHIP_REFUSAL)
    names = county.element_names(db)
    return [_preview(db, path, names) for path in paths]


def _preview(db: Database, path: Path, names: dict[str, str]) -> MergePreview:
    result = MergePreview(path)
    try:
        read_back = read(path)
    except ImportProblem as exc:
        result.refused = exc.message or exc.report()
        return result
    claim = read_back.claim
    result.township, result.year, result.draft = claim.township, claim.year, claim.draft
    result.key_fingerprint = fingerprint(claim.public_key)
    if claim.db_id == db.db_id:
        result.refused = "这是本数据库自己生成的文件，不是乡镇的上报。"
        return result
    known = county.township_by_db_id(db, claim.db_id)
    if known is not None and known.public_key != claim.public_key:
        result.refused = (
            f"文件自称来自“{known.name}”的数据库，但签名识别码与该乡镇以前的上报不一致"
            f"（{fingerprint(known.public_key)} ≠ {result.key_fingerprint}）：它不是该乡镇"
            "数据库生成的文件。请向乡镇核实。"
        )
        return result
    unknown = [e.code for e in claim.elements if e.code not in names]
    if unknown:
        result.refused = (
            f"文件中的数据项 {'、'.join(unknown[:5])} 不在本库的指标目录中"
            "（不同的指标目录），不能导入。"
        )
        return result
    before = county.imported_content(db, read_back.content_hash)
    if before is not None:
        result.refused = (
            f"这份上报已经导入过（{before.township} {before.year}年度，"
            f"{before.imported_at[:16]} 导入，文件“{before.file_name}”），不会重复导入。"
        )
        return result
    current: dict[str, county.Figure] = {}
    if known is not None:
        current = county.figures(db, known.id, claim.year)
        previous = [s for s in county.submissions(db, claim.year) if s.township_id == known.id]
        latest = max((s.generated_at for s in previous), default="")
        if latest and claim.generated_at < latest:
            result.refused = (
                f"这份上报生成于 {claim.generated_at}，早于已导入的 {latest}："
                "不能用旧的上报替换新的。"
            )
            return result
        result.resubmission = bool(previous)
    _place_on_list(db, result, known, claim.township, claim.township_code)
    incoming = to_incoming(read_back, path, returns.file_hash(path))
    for code, figure in incoming.figures.items():
        name = names.get(code, code)
        old = current.get(code)
        diff = Diff(code, name, _shown(old), _shown(figure))
        if old is None:
            result.new.append(diff)
        elif old.value != figure.value:
            result.changed.append(diff)
        else:
            result.unchanged.append(diff)
    result.incoming = incoming
    return result


def _place_on_list(
    db: Database, result: MergePreview, known: county.Township | None, name: str, code: str
) -> None:
    """Whether the file's township is new, on the list awaiting its first file, or known, and
    the list's name for it when the file names it otherwise (the list's name stays)."""
    listed = known or county.registered_unbound(db, name, code)
    result.new_township = listed is None
    result.registered = known is None and listed is not None
    if listed is not None and listed.name != name:
        result.listed_as = listed.name


def _shown(figure: county.Figure | None) -> str:
    if figure is None:
        return "—"
    return figure.value or f"无（{figure.reason}）" if figure.reason else figure.value or "无"


def merge_file(db: Database, preview: MergePreview) -> Changes:
    """Apply one previewed file in its own transaction."""
    if not submissions.is_county(db):
        raise MergeRefused(TOWNSHIP_REFUSAL)
    if preview.refused or preview.incoming is None:
        raise MergeRefused(preview.refused or "文件未通过检查。")
    incoming = preview.incoming
    if county.imported_content(db, incoming.content_hash) is not None:
        raise MergeRefused(f"“{preview.path.name}”已经导入过，不会重复导入。")
    known = county.township_by_db_id(db, incoming.db_id)
    if known is not None:  # merged meanwhile (an earlier file of the same batch)
        if known.public_key != incoming.public_key:
            raise MergeRefused(f"“{preview.path.name}”的签名识别码与该乡镇以前的上报不一致。")
        latest = max(
            (
                s.generated_at
                for s in county.submissions(db, incoming.year)
                if s.township_id == known.id
            ),
            default="",
        )
        if latest and incoming.generated_at < latest:
            raise MergeRefused(f"“{preview.path.name}”早于已导入的上报，不能替换。")
    county.merge(db, incoming, preview.counts)
    return Changes.of(Area.SUBMISSIONS)


@slow
def export_county(
    db: Database, year: int, fmt: str, out: Path, *, today: date | None = None
) -> Path:
    """乡镇上报汇总 of ``year`` as ``fmt`` at ``out`` (a file, or a folder: named after it)."""
    from desktop.outputs import batch
    from desktop.outputs.county import CountyOutput, parts
    from desktop.reports.county_report import build

    if not submissions.is_county(db):
        raise MergeRefused("这是乡镇数据库：乡镇上报汇总只在县级数据库中生成。")
    report = build(db, year, today=today)
    (written,) = batch.write(CountyOutput(today=today), parts(report, year), fmt, out)
    return written


# ----- the township list ----------------------------------------------------------------------
def _check_name(db: Database, name: str, code: str, township_id: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise MergeRefused("乡镇名称不能为空。")
    if not submissions.is_county(db):
        raise MergeRefused("这是乡镇数据库：乡镇名单只在县级数据库中维护。")
    for other in county.townships(db):
        if other.id == township_id:
            continue
        if other.name == name:
            raise MergeRefused(f"名单中已有“{name}”。")
        if code and other.code == code:
            raise MergeRefused(f"代码“{code}”已用于“{other.name}”。")
    return name


def add_township(db: Database, name: str, code: str = "") -> Changes:
    """Register a township on the county's list before its first file (one transaction)."""
    county.add_township(db, _check_name(db, name, code.strip()), code.strip())
    return Changes.of(Area.SUBMISSIONS)


def edit_township(
    db: Database,
    township_id: int,
    *,
    name: str | None = None,
    code: str | None = None,
    sort_order: int | None = None,
    active: bool | None = None,
) -> Changes:
    """Rename, re-code, re-order, deactivate or reactivate a township on the list."""
    current = {t.id: t for t in county.townships(db)}.get(township_id)
    if current is None:
        raise MergeRefused("名单中没有这个乡镇。")
    values: dict[str, object] = {}
    new_name = current.name if name is None else name
    new_code = current.code if code is None else code.strip()
    if name is not None or code is not None:
        values["name"] = _check_name(db, new_name, new_code, township_id)
        values["code"] = new_code
    if sort_order is not None:
        values["sort_order"] = sort_order
    if active is not None:
        values["active"] = int(active)
    county.update_township(db, township_id, values)
    return Changes.of(Area.SUBMISSIONS)


def township_named(db: Database, name: str) -> county.Township:
    """The township on the list called ``name`` (or with that code)."""
    for township in county.townships(db):
        if name.strip() in (township.name, township.code) and name.strip():
            return township
    raise MergeRefused(f"名单中没有“{name}”。")
