from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.paths import bundled_dir, resource_path, user_data_dir

ROOT = Path(__file__).resolve().parents[1]


def test_checkout_layout_is_found() -> None:
    assert bundled_dir("forms") == ROOT / "forms"
    assert resource_path("indicators.csv").is_file()


def test_unknown_folder_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown"):
        bundled_dir("secrets")


def test_data_dir_is_redirected(data_dir: Path) -> None:
    assert user_data_dir() == data_dir


@pytest.mark.slow
def test_installed_wheel_finds_forms_and_resources(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("fulian_desk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "desktop/_bundled/resources/indicators.csv" in names
    assert any(n.startswith("desktop/_bundled/forms/") for n in names)
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    probe = (
        "from desktop.paths import bundled_dir, resource_path;"
        "print(bundled_dir('forms')); print(resource_path('indicators.csv'))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {probe}"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.splitlines()
    assert out[0] == str(target / "desktop" / "_bundled" / "forms")
    assert Path(out[1]).is_file()
    assert str(ROOT) not in "".join(out)
