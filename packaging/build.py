#!/usr/bin/env python3
"""Build the one-folder bundle (and on Windows with Inno Setup, the installer) in one command.

    .venv/bin/python packaging/build.py          Linux   -> packaging/dist/FulianDesk/
    .venv\\Scripts\\python packaging\\build.py   Windows -> packaging\\dist\\FulianDesk\\ and
                                                  packaging\\dist\\FulianDesk-Setup-<version>.exe

Needs the ``package`` extra (``pip install -e .[package]``). Prints the bundle size and the
build time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from desktop import __version__  # noqa: E402

BUILD = HERE / "build"
DIST = HERE / "dist"
ISCC_PLACES = (
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6",
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "Inno Setup 6",
    Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Inno Setup 6",
)


def version_info() -> Path:
    """A Windows version resource for both executables."""
    parts = [*(int(p) for p in __version__.split(".") if p.isdigit()), 0, 0, 0][:4]
    numbers = ", ".join(map(str, parts))
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({numbers}), prodvers=({numbers})),
  kids=[StringFileInfo([StringTable('080404b0', [
    StringStruct('CompanyName', '妇联工作台'),
    StringStruct('FileDescription', '妇联工作台 Fulian Desk'),
    StringStruct('FileVersion', '{__version__}'),
    StringStruct('ProductName', '妇联工作台'),
    StringStruct('ProductVersion', '{__version__}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])]
)
"""
    BUILD.mkdir(parents=True, exist_ok=True)
    path = BUILD / "version_info.txt"
    path.write_text(text, encoding="utf-8")
    return path


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def find_iscc() -> Path | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    for place in ISCC_PLACES:
        if (place / "ISCC.exe").is_file():
            return place / "ISCC.exe"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Fulian Desk bundle.")
    parser.add_argument("--dist", type=Path, default=DIST, help="output folder")
    parser.add_argument("--work", type=Path, default=BUILD / "work", help="scratch folder")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    version_info()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--workpath",
            str(args.work),
            "--distpath",
            str(args.dist),
            str(HERE / "fulian.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    bundle = args.dist / "FulianDesk"
    seconds = time.perf_counter() - started
    print(f"bundle: {bundle} ({folder_size(bundle) / 1e6:.0f} MB, built in {seconds:.0f} s)")
    if sys.platform == "win32":
        iscc = find_iscc()
        if iscc is None:
            print(
                "Inno Setup 6 not found: install it (6.5 or newer, for ChineseSimplified.isl) "
                "to build the installer."
            )
            return 0
        subprocess.run(
            [str(iscc), f"/DAppVersion={__version__}", str(HERE / "installer.iss")],
            check=True,
            cwd=HERE,
        )
        print(f"installer: {DIST / f'FulianDesk-Setup-{__version__}.exe'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
