"""The Windows package, checked where it can be here: the same PyInstaller spec builds a Linux
bundle that must pass its own smoke test; the Inno Setup script must agree with the app."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest

from desktop import __version__
from desktop.store.database import DB_SUFFIX

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
ISS = (PACKAGING / "installer.iss").read_text("utf-8")


def _define(name: str) -> str:
    match = re.search(rf'#define {name} "([^"]*)"', ISS)
    assert match, f"{name} not defined in installer.iss"
    return match.group(1)


def _iss_paths() -> list[Path]:
    """Files and folders the installer script names, relative to packaging/."""
    names = re.findall(r'(?:Source|SetupIconFile)\s*[:=]\s*"?([^";\r\n]+)"?', ISS)
    paths = []
    for name in names:
        pure = PureWindowsPath(name.strip())
        parts = [p for p in pure.parts if p != "*"]
        paths.append(PACKAGING.joinpath(*parts))
    return paths


def test_installer_script_agrees_with_the_app() -> None:
    assert _define("AppVersion") == __version__
    assert _define("DbExt") == DB_SUFFIX
    assert _define("AppExe") == "FulianDesk.exe"
    assert 'name="FulianDesk"' in (PACKAGING / "fulian.spec").read_text("utf-8")
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", _define("AppId"))
    assert "PrivilegesRequired=lowest" in ISS
    assert "[UninstallDelete]" not in ISS.replace("; No [UninstallDelete]", "")
    assert (ROOT / "resources" / "icons" / "fulian.ico").is_file()
    assert (ROOT / "resources" / "icons" / "fulian.svg").is_file()


@pytest.mark.slow
def test_bundle_builds_and_passes_its_smoke_test(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            str(PACKAGING / "build.py"),
            "--dist",
            str(dist),
            "--work",
            str(tmp_path / "work"),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    bundle = dist / "FulianDesk"
    assert (bundle / "_internal" / "forms").is_dir()
    assert (bundle / "_internal" / "resources" / "indicators.csv").is_file()
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "FULIAN_DATA_DIR": str(tmp_path / "data"),
        "LANG": "C.UTF-8",
    }
    for exe in ("fulian", "FulianDesk"):
        smoke = subprocess.run(
            [str(bundle / exe), "--smoke"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
            cwd=tmp_path,
        )
        assert smoke.returncode == 0, smoke.stdout + smoke.stderr
        assert "smoke: ok" in smoke.stdout
        assert "QtPdf rendered" in smoke.stdout
    # PySide6's support code compiled by the first start, kept for the next (the runtime hook)
    assert len(list((tmp_path / "data" / "cache").glob("pyside-*/shibokensupport.*.pyc"))) >= 10
    demo = tmp_path / "演示.fulian"
    made = subprocess.run(
        [str(bundle / "fulian"), "demo", str(demo)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    check = subprocess.run(
        [str(bundle / "fulian"), "check", str(demo)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    assert "完整性：正常" in check.stdout
    # the paths the installer names, with the bundle where the build script puts it
    assert len(_iss_paths()) >= 2
    for path in _iss_paths():
        relocated = (
            dist / path.relative_to(PACKAGING / "dist")
            if path.is_relative_to(PACKAGING / "dist")
            else path
        )
        assert relocated.exists(), f"installer.iss names a missing path: {path}"
    assert os.access(bundle / "fulian", os.X_OK)
