"""An unknown key anywhere in a form file is an error naming the file and the key's path (a
misspelt ``sensitve = true`` must not silently leave personal data unprotected)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.forms.loader import FormDefinitionError, load_file
from desktop.paths import bundled_dir

FORMS = bundled_dir("forms")


@pytest.mark.parametrize(
    ("file", "table", "where"),
    [
        ("petition.toml", "version = ", "colour"),
        ("petition.toml", "[[fields]]\n", "fields[0].colour"),
        ("petition.toml", "[statistics]\n", "statistics.colour"),
        ("petition.toml", "[retention]\n", "retention.colour"),
        ("petition.toml", "[[reminders]]\n", "reminders[0].colour"),
        ("petition.toml", "[[rules]]\n", "rules[0].colour"),
        ("project.toml", "[[subforms]]\n", "subforms[0].colour"),
        ("project.toml", "[[subforms.fields]]\n", "subforms[0].fields[0].colour"),
    ],
)
def test_an_unknown_key_in_any_table_is_refused(
    tmp_path: Path, file: str, table: str, where: str
) -> None:
    text = (FORMS / file).read_text(encoding="utf-8")
    assert table in text
    if table.startswith("["):
        planted = text.replace(table, f"{table}colour = 1\n", 1)
    else:  # a top-level key, before the first table
        planted = "colour = 1\n" + text
    path = tmp_path / file
    path.write_text(planted, encoding="utf-8")
    with pytest.raises(FormDefinitionError) as raised:
        load_file(path)
    message = str(raised.value)
    assert f"{file}: {where}" in message
    assert "未知的键“colour”" in message


def test_every_bundled_form_still_loads() -> None:
    for path in sorted(FORMS.glob("*.toml")):
        assert load_file(path).id
