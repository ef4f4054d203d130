"""Build a township's submission (``exchange.submission.Submission``) from its database: the
format's rows with this year's and last year's values, targets, summed counts, and every data
element's figure for the machine part. Reads only (the signing key is made by the operation)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from desktop.domain.evaluation import Status, Verdict
from desktop.domain.numbers import format_number
from desktop.exchange.submission import Claim, Element, Submission, TableRow, public_key_of, sign
from desktop.forms.definition import FormDef
from desktop.forms.submission_format import SubmissionFormat
from desktop.store import evaluation, indicators, profile, submissions
from desktop.store.database import Database


class SubmissionError(ValueError):
    """The submission cannot be made as asked; the message is for the clerk."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


def count_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value.normalize():f}"


def element_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text


def build(
    db: Database,
    fmt: SubmissionFormat,
    year: int,
    *,
    private_key: bytes,
    generated_at: str,
    draft: bool,
    unconfirmed: Sequence[str] = (),
    forms: Sequence[FormDef] | None = None,
) -> Submission:
    catalogue = {i.code: i for i in indicators.list_indicators(db, active_only=False)}
    missing = [row.indicator for row in fmt.rows if row.indicator not in catalogue]
    if missing:
        raise SubmissionError(
            f"上报格式“{fmt.id}”中的指标 {'、'.join(missing)} 不在本库的指标目录中，"
            "请核对格式文件或指标目录。"
        )
    now = {i.code: v for i, v in evaluation.evaluate_year(db, year, county=True, forms=forms)}
    last = {i.code: v for i, v in evaluation.evaluate_year(db, year - 1, county=True, forms=forms)}
    totals = submissions.element_totals(db, year, forms)
    by_id = {e.id: e for e in indicators.elements(db)}
    parts: dict[tuple[int, str], str] = {}
    for element in by_id.values():
        shared = by_id.get(element.shared_with) if element.shared_with else None
        parts[(element.indicator_id, element.role)] = (shared or element).code
    rows: list[TableRow] = []
    section = ""
    number = 0
    for row in fmt.rows:
        if row.section != section:
            section = row.section
            rows.append(TableRow("", section, "", {}, section=True))
        indicator = catalogue[row.indicator]
        assert indicator.id is not None
        number += 1  # noqa: SIM113 (section rows are not numbered)
        cells = _cells(
            indicator,
            now.get(indicator.code),
            last.get(indicator.code),
            totals.get(parts.get((indicator.id, "numerator"), "")),
            totals.get(parts.get((indicator.id, "denominator"), "")),
        )
        rows.append(TableRow(str(number), row.label or indicator.name, indicator.measure, cells))
    who = profile.load(db)
    private = private_key
    claim = Claim(
        db_id=db.db_id,
        township=who.township or "（未填乡镇名称）",
        year=year,
        format_id=fmt.id,
        format_version=fmt.version,
        generated_at=generated_at,
        draft=draft,
        unconfirmed=tuple(unconfirmed),
        public_key=public_key_of(private),
        township_code=who.division_code,
        elements=tuple(
            Element(code, element_text(t.value), t.reason) for code, t in sorted(totals.items())
        ),
    )
    return Submission(
        claim=claim,
        signature=sign(private, claim),
        table_number=fmt.table_number,
        title=fmt.title,
        authority=fmt.authority,
        due_text=fmt.due_text,
        headers=tuple(fmt.headers),
        columns=fmt.columns,
        signatures=fmt.signatures,
        notes=fmt.notes,
        unit_name=who.committee or who.federation or claim.township,
        rows=tuple(rows),
    )


def _cells(
    indicator: indicators.Indicator,
    now: Verdict | None,
    last: Verdict | None,
    numerator: submissions.ElementTotal | None,
    denominator: submissions.ElementTotal | None,
) -> dict[str, str]:
    decimals = indicator.decimals
    counts_only = indicator.aggregation == "counts"
    target = ""
    if now is not None and now.target is not None:
        target = indicator.target_text(now.target)
    note = ""
    if counts_only:
        this_year, before = "—", "—"
        note = "只报计数，比率由县级计算"
    else:
        this_year = format_number(now.value, decimals) if now and now.value is not None else ""
        before = format_number(last.value, decimals) if last and last.value is not None else ""
        if now is not None and now.status is Status.MISSING and now.value is None:
            note = now.reason
    has_parts = indicator.kind == "computed"
    return {
        "this_year": this_year,
        "last_year": before,
        "target": target,
        "numerator": count_text(numerator.value) if has_parts and numerator else "",
        "denominator": count_text(denominator.value) if has_parts and denominator else "",
        "note": note,
    }
