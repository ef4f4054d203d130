"""The registry of outputs: every output declares its key, title and formats, each declared
format can really be rendered, and the command line offers exactly the registry's formats."""

from __future__ import annotations

import argparse

from desktop.cli import build_parser
from desktop.outputs import renderers
from desktop.outputs.registry import OUTPUTS, formats

KNOWN_FORMATS = {"xlsx", "pdf", "docx"}


def test_every_output_declares_its_formats() -> None:
    assert set(OUTPUTS) >= {"report", "register_listing", "letter", "notice", "template"}
    assert "blank_form" in OUTPUTS
    assert {"petition-return", "dispute-return", "submission", "county"} <= set(OUTPUTS)
    for key, cls in OUTPUTS.items():
        assert cls.key == key
        assert cls.title, key
        assert isinstance(cls.formats, tuple), key
        assert cls.formats, f"{key} declares no format"
        assert len(set(cls.formats)) == len(cls.formats), key
        assert set(cls.formats) <= KNOWN_FORMATS, key
        assert isinstance(cls.combinable, bool), key
    assert OUTPUTS["letter"].formats == ("pdf", "docx", "xlsx")
    assert OUTPUTS["notice"].formats == ("pdf", "docx")
    assert OUTPUTS["monitoring_report"].formats == ("pdf", "docx")
    assert OUTPUTS["report"].formats == ("xlsx", "pdf", "docx")


def test_document_outputs_offer_only_formats_with_a_renderer() -> None:
    rendered = {fmt for table in renderers._RENDERERS.values() for fmt in table}
    for key, cls in OUTPUTS.items():
        if issubclass(cls, renderers.DocumentOutput):
            assert set(cls.formats) <= rendered, key


def _format_choices(command: str) -> tuple[str, ...]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    option = next(a for a in sub.choices[command]._actions if "--format" in a.option_strings)
    assert option.choices is not None
    return tuple(option.choices)


def test_the_command_line_offers_the_registrys_formats() -> None:
    assert _format_choices("letters") == OUTPUTS["letter"].formats
    assert _format_choices("templates") == formats("template", "blank_form") == ("xlsx", "pdf")
    every = formats("report", "monitoring_report", "register_listing", "notice")
    assert _format_choices("export") == every
    assert set(_format_choices("export")) == {"xlsx", "pdf", "docx"}
