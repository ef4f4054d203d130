"""Every output the app writes, by key: the CLI's ``--format`` choices and the pages' save
dialogs read their formats here.

Extend ``OUTPUTS`` with the class of a new output module beside this one (keep the modules
cheap to import: the command line builds its parser from this list; heavy renderers are
imported inside ``render``).
"""

from __future__ import annotations

from desktop.outputs import Output
from desktop.outputs.county import CountyOutput
from desktop.outputs.letters import LetterOutput
from desktop.outputs.notices import NoticeOutput
from desktop.outputs.register_listing import RegisterListingOutput
from desktop.outputs.reports import (
    DisputeReturnOutput,
    MonitoringReportOutput,
    PetitionReturnOutput,
    ReportOutput,
)
from desktop.outputs.submission import SubmissionOutput
from desktop.outputs.unit_forms import BlankFormOutput, TemplateOutput

OUTPUTS: dict[str, type[Output]] = {
    cls.key: cls
    for cls in (
        ReportOutput,
        MonitoringReportOutput,
        RegisterListingOutput,
        PetitionReturnOutput,
        DisputeReturnOutput,
        LetterOutput,
        NoticeOutput,
        TemplateOutput,
        BlankFormOutput,
        SubmissionOutput,
        CountyOutput,
    )
}


def formats(*keys: str) -> tuple[str, ...]:
    """The formats of the outputs ``keys`` together, each once, in declaration order."""
    return tuple(dict.fromkeys(fmt for key in keys for fmt in OUTPUTS[key].formats))
