"""Every output the app writes, by key (the CLI's and the save dialogs' list).

Extend ``OUTPUTS`` with the class of a new output module beside this one.
"""

from __future__ import annotations

from desktop.outputs import Output
from desktop.outputs.county import CountyOutput
from desktop.outputs.letters import LetterOutput
from desktop.outputs.reports import (
    DisputeReturnOutput,
    MonitoringReportOutput,
    PetitionReturnOutput,
    RegisterListingOutput,
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
        TemplateOutput,
        BlankFormOutput,
        SubmissionOutput,
        CountyOutput,
    )
}
