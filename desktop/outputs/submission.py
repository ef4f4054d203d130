"""上报县级: the county's table as Excel (with the signed machine sheet) and as PDF (the paper
copy to stamp). The model is ``exchange.submission.Submission``, built and signed by
``operations.submission`` before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.exchange.submission import Submission
from desktop.outputs import Part
from desktop.reports.pdf.fonts import FontSet


class SubmissionOutput:
    key = "submission"
    title = "上报县级"
    formats: tuple[str, ...] = ("xlsx", "pdf")
    combinable = False

    def __init__(self, fonts: FontSet | None = None) -> None:
        self.fonts = fonts

    def render(self, fmt: str, path: Path, models: Sequence[object]) -> None:
        (submission,) = models
        assert isinstance(submission, Submission)
        if fmt == "xlsx":
            from desktop.exchange import submission_excel

            submission_excel.write(path, submission)
        else:
            from desktop.reports.submission_pdf import write_pdf

            write_pdf(path, submission, self.fonts or FontSet.discover())


def parts(submission: Submission) -> list[Part]:
    return [Part(submission.file_stem, submission)]
