#!/usr/bin/env python3
"""Set up and run Fulian Desk from a checkout, with nothing but Python 3.11+ installed.

    python3 dev.py start      create .venv, install, build a fresh demo database, start the app
    python3 dev.py test       create .venv, install with test extras, lint, type-check, run tests

Both are idempotent: the virtual environment is reused and reinstalled only when
pyproject.toml changed. Works the same on Windows (``py -3 dev.py start``) and Linux.
Standard library only: this script runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
IS_WINDOWS = os.name == "nt"
BIN = VENV / ("Scripts" if IS_WINDOWS else "bin")
PYTHON = BIN / ("python.exe" if IS_WINDOWS else "python")
DEMO = ROOT / ".demo" / "演示数据库.fulian"

#: Debian packages the tests need: a TrueType CJK font (Chinese in screenshots and PDFs),
#: poppler-utils (pdftotext, pdffonts, pdfinfo read exported PDFs back) and LibreOffice Calc
#: (re-saves fill-in templates, standing in for WPS and Excel).
APT_PACKAGES = (
    "fonts-wqy-microhei",
    "fonts-arphic-uming",  # serif CJK (宋 style) for the 宋/仿宋 roles, embeddable TrueType
    "fonts-arphic-ukai",  # 楷 style
    "poppler-utils",
    "libreoffice-calc-nogui",
    "libreoffice-writer-nogui",  # Word letters converted as an office does (tests)
)


def say(text: str) -> None:
    print(f"[dev] {text}", flush=True)


def run(cmd: list[str], **kwargs: object) -> None:
    say(" ".join(str(c) for c in cmd))
    subprocess.run(cmd, check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must run on any Python 3
        sys.exit("Fulian Desk needs Python 3.11 or newer (需要 Python 3.11 或更新版本)。")
    if not PYTHON.exists():
        run([sys.executable, "-m", "venv", str(VENV)])
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{extras or 'app'}-{digest}"
    if stamp.exists():
        return
    run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    target = f".[{extras}]" if extras else "."
    run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", target])
    for old in VENV.glob(f".installed-{extras or 'app'}-*"):
        old.unlink()
    stamp.touch()


def _missing_system_tools() -> list[str]:
    missing = []
    if shutil.which("pdftotext") is None:
        missing.append("poppler-utils")
    if shutil.which("soffice") is None:
        missing.append("libreoffice-calc-nogui")
    if not IS_WINDOWS and not Path("/usr/lib/libreoffice/program/libswlo.so").exists():
        missing.append("libreoffice-writer-nogui")
    if not IS_WINDOWS and not Path("/usr/share/fonts/truetype/arphic/uming.ttc").exists():
        missing.append("fonts-arphic-uming")
    if not IS_WINDOWS:
        fonts = (
            subprocess.run(
                ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False
            ).stdout
            if shutil.which("fc-list")
            else ""
        )
        if not any(
            line.strip().rstrip(":").endswith((".ttf", ".ttc")) for line in fonts.splitlines()
        ):
            missing.append("fonts-wqy-microhei")
    return missing


def ensure_system_packages() -> None:
    missing = _missing_system_tools()
    if not missing:
        return
    can_apt = (
        not IS_WINDOWS
        and shutil.which("apt-get") is not None
        and hasattr(os, "geteuid")
        and os.geteuid() == 0
    )
    if can_apt:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(["apt-get", "update", "-qq"], env=env)
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *APT_PACKAGES], env=env)
        return
    if IS_WINDOWS:
        sys.exit(
            "测试还需要：" + "、".join(missing) + "。请安装 poppler for Windows 和 LibreOffice，"
            "并把 pdftotext、soffice 所在目录加入 PATH。"
        )
    sys.exit(
        "The tests need these Debian packages; install them and run again:\n"
        f"    sudo apt-get install {' '.join(APT_PACKAGES)}"
    )


def cmd_start(args: list[str]) -> int:
    ensure_venv("")
    DEMO.parent.mkdir(exist_ok=True)
    run([str(PYTHON), "-m", "desktop", "demo", str(DEMO), "--force"])
    return subprocess.run(
        [str(PYTHON), "-m", "desktop", "open", str(DEMO), *args], cwd=ROOT, check=False
    ).returncode


def cmd_test(args: list[str]) -> int:
    ensure_venv("test")
    ensure_system_packages()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUTF8": "1"}
    run([str(PYTHON), "-m", "ruff", "check", "."], env=env)
    run([str(PYTHON), "-m", "ruff", "format", "--check", "."], env=env)
    run([str(PYTHON), "-m", "mypy"], env=env)
    return subprocess.run(
        [str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env, check=False
    ).returncode


def main() -> int:
    commands = {"start": cmd_start, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    try:
        return commands[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        say(f"failed ({exc.returncode}): {' '.join(str(c) for c in exc.cmd)}")
        return exc.returncode or 1


if __name__ == "__main__":
    raise SystemExit(main())
