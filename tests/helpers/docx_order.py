"""A Word section's properties in the order the schema gives them (ECMA-376 CT_SectPr): Word
holds a file to it, python-docx and LibreOffice forgive it."""

from __future__ import annotations

from typing import Any

SECT_PR_ORDER = [
    "headerReference",
    "footerReference",
    "footnotePr",
    "endnotePr",
    "type",
    "pgSz",
    "pgMar",
    "paperSrc",
    "pgBorders",
    "lnNumType",
    "pgNumType",
    "cols",
    "formProt",
    "vAlign",
    "noEndnote",
    "titlePg",
    "textDirection",
    "bidi",
    "rtlGutter",
    "docGrid",
    "printerSettings",
    "sectPrChange",
]


def sect_pr_in_order(sect_pr: Any) -> list[str]:
    """The element names of a ``w:sectPr``, checked against the schema's order."""
    names = [child.tag.rsplit("}", 1)[-1] for child in sect_pr]
    ranks = [SECT_PR_ORDER.index(name) for name in names]
    assert ranks == sorted(ranks), names
    return names
