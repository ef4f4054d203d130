"""上报县级: the county's table as Excel (with the signed machine sheet) and as PDF (the paper
copy to stamp). The model is ``exchange.submission.Submission``, built and signed by
``operations.submission`` before anything is written; its renderers are here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.exchange.submission import Submission
from desktop.outputs import Part
from desktop.outputs.renderers import Context, DocumentOutput, formats_of, renders


def _one(models: Sequence[Submission]) -> Submission:
    if len(models) != 1:
        raise ValueError("a submission is written one per file")  # an output's bug
    return models[0]


@renders(Submission, "xlsx")
def _submission_xlsx(path: Path, models: Sequence[Submission], context: Context) -> None:
    from desktop.exchange import submission_excel

    submission_excel.write(path, _one(models))


@renders(Submission, "pdf")
def _submission_pdf(path: Path, models: Sequence[Submission], context: Context) -> None:
    from desktop.reports.submission_pdf import write_pdf

    write_pdf(path, _one(models), context.font_set())


class SubmissionOutput(DocumentOutput):
    key = "submission"
    title = "上报县级"
    formats = formats_of(Submission)


def parts(submission: Submission) -> list[Part]:
    return [Part(submission.file_stem, submission)]
