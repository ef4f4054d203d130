"""The definitions the strict loader built, kept per PC (``snapshot``): a start reads them
instead of checking every form file again; anything else in the file is refused."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
from pathlib import Path

import pytest

from desktop.forms import loader, snapshot
from desktop.paths import bundled_dir
from tests.forms.test_toml_cache import _forms


def _copy_forms(tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    shutil.copytree(bundled_dir("forms"), folder)
    return folder


def _kept(cache: Path) -> list[Path]:
    return sorted(cache.glob("forms-*.pickle"))


def _built(tmp_path: Path) -> tuple[Path, Path, Path, object]:
    """The bundled forms copied, loaded once: their folder, the cache, its snapshot, and
    the definitions as ``_forms`` pictures them."""
    folder = _copy_forms(tmp_path)
    cache = tmp_path / "cache"
    expected = _forms(loader.load_dirs([folder], cache).forms)
    (kept,) = _kept(cache)
    return folder, cache, kept, expected


def test_a_second_load_reads_the_definitions_kept(tmp_path: Path) -> None:
    folder = _copy_forms(tmp_path)
    first = loader.load_dirs([folder], tmp_path / "a")
    assert len(_kept(tmp_path / "a")) == 1
    # another process (the folder's path is not remembered): the JSON texts are gone, the
    # definitions kept answer, so nothing is parsed (nor written) again
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    for parsed in (tmp_path / "b").glob("*.json"):
        parsed.unlink()
    again = loader.load_dirs([folder], tmp_path / "b")
    assert list((tmp_path / "b").glob("*.json")) == []
    assert _forms(again.forms) == _forms(first.forms)
    assert [f.id for f in again.forms] == [f.id for f in first.forms]  # ordered by ``order``
    assert _forms(again.forms) == _forms(loader.load_dirs([folder]).forms)  # no cache at all


def test_a_changed_file_builds_again_in_place_of_the_old(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy_forms(tmp_path)
    cache = tmp_path / "cache"
    loader.load_dirs([folder], cache)
    old = _kept(cache)
    petition = folder / "petition.toml"
    petition.write_text(
        petition.read_text("utf-8").replace('title = "信访台账"', 'title = "信访登记"', 1),
        encoding="utf-8",
    )
    monkeypatch.setattr(loader, "_READ", {})
    changed = loader.load_dirs([folder], cache)
    assert changed.get("petition").title == "信访登记"
    assert len(_kept(cache)) == 1
    assert _kept(cache) != old
    monkeypatch.setattr(loader, "_READ", {})
    assert loader.load_dirs([folder], cache).get("petition").title == "信访登记"


def test_a_damaged_or_foreign_file_is_never_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache, kept, expected = _built(tmp_path)
    kept.write_bytes(kept.read_bytes()[:500])  # cut short
    monkeypatch.setattr(loader, "_READ", {})
    assert _forms(loader.load_dirs([folder], cache).forms) == expected
    assert kept.stat().st_size > 500  # built and kept again

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str, ...]]:
            return (os.mkdir, (str(marker),))

    kept.write_bytes(pickle.dumps([Payload()]))  # names a function: refused, never called
    assert snapshot.read(kept) is None
    monkeypatch.setattr(loader, "_READ", {})
    assert _forms(loader.load_dirs([folder], cache).forms) == expected
    assert not marker.exists()


def test_files_with_a_problem_are_not_kept(tmp_path: Path) -> None:
    folder = _copy_forms(tmp_path)
    (folder / "坏.toml").write_text("version = [", encoding="utf-8")
    result = loader.load_dirs([folder], tmp_path / "cache")
    assert [p.file for p in result.problems] == ["坏.toml"]
    assert len(result.forms) == len(list(bundled_dir("forms").glob("*.toml")))
    assert _kept(tmp_path / "cache") == []  # read again, and reported, at every start


def test_a_changed_program_names_another_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name covers the app's version and the program that built the definitions: its
    sources in a checkout, its executable in a packaged build."""
    files = [(tmp_path / "a.toml", "version = 1\n")]
    first = snapshot.name(files)
    assert snapshot.name(files) == first
    assert snapshot.name([(tmp_path / "a.toml", "version = 2\n")]) != first
    monkeypatch.setattr(snapshot, "__version__", "9.9.9")
    assert snapshot.name(files) != first
    monkeypatch.undo()
    stamps = iter(range(1000))
    monkeypatch.setattr(snapshot, "_stamp", lambda path: str(next(stamps)))  # a changed source
    assert snapshot.name(files) != snapshot.name(files)
    monkeypatch.undo()
    program = tmp_path / "fulian.exe"
    program.write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    packaged = snapshot.name(files)
    assert packaged != first
    program.write_bytes(b"MZ, an update")
    assert snapshot.name(files) != packaged


def test_a_flipped_byte_or_another_set_of_files_is_built_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache, kept, expected = _built(tmp_path)
    data = bytearray(kept.read_bytes())
    for offset in range(40, len(data), max(1, len(data) // 25)):  # each flip: refused
        flipped = bytearray(data)
        flipped[offset] ^= 0x5A
        kept.write_bytes(bytes(flipped))
        assert snapshot.read(kept) is None
    kept.write_bytes(bytes(data))
    assert snapshot.read(kept) is not None
    # well formed, but built from other files (a copy in another folder): not taken
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    (other / "petition.toml").write_text(
        (folder / "petition.toml").read_text("utf-8") + "\n# 改过\n", encoding="utf-8"
    )
    elsewhere = loader.load_dirs([other], tmp_path / "elsewhere")
    (foreign,) = _kept(tmp_path / "elsewhere")
    shutil.copyfile(foreign, kept)
    monkeypatch.setattr(loader, "_READ", {})
    again = loader.load_dirs([folder], cache)
    assert _forms(again.forms) == expected
    assert again.get("petition").source == folder / "petition.toml"
    assert elsewhere.get("petition").text != again.get("petition").text
