"""Find Chinese TrueType fonts on this PC and register them with reportlab (embedded subsets).

Roles follow official-document practice: 宋体 (song) for tables and page numbers, 仿宋 (fang)
for body text, 黑体 (hei) for first-level headings, 楷体 (kai) for second-level ones, and 小标宋
(title) for titles. Each role falls back along a chain; what was found and what fell back is
reported so the clerk can install a font (Windows: C:\\Windows\\Fonts). reportlab cannot embed
CFF-outline fonts (Noto CJK, Source Han): those are skipped.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("fulian.reports.fonts")

#: role -> candidate files (Windows names first), tried in order.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "title": ("FZXBSJW.TTF", "方正小标宋简体.ttf", "STXIAOBIAO.TTF", "simhei.ttf", "simsun.ttc"),
    "song": ("simsun.ttc", "simsun.ttf", "NSimSun.ttf", "STSONG.TTF"),
    "fang": ("simfang.ttf", "STFANGSO.TTF", "FangSong.ttf"),
    "hei": ("simhei.ttf", "msyh.ttc", "STHEITI.TTF"),
    "kai": ("simkai.ttf", "STKAITI.TTF", "KaiTi.ttf"),
}
#: how many of a role's candidates are that typeface (the rest are fallbacks, said as such)
EXACT = {"title": 3, "song": 4, "fang": 3, "hei": 1, "kai": 3}
LABELS = {"title": "小标宋", "song": "宋体", "fang": "仿宋", "hei": "黑体", "kai": "楷体"}
#: TrueType CJK fonts from Linux packages, used when none of the Windows fonts exist.
LINUX_FALLBACKS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
FONT_DIR_ENV = "FULIAN_FONT_DIR"


class FontMissing(Exception):
    """No usable Chinese TrueType font: PDFs cannot be made. ``message`` says what to do."""

    def __init__(self) -> None:
        self.message = (
            "没有找到可嵌入PDF的中文字体。Windows 请确认 C:\\Windows\\Fonts 下有 simsun.ttc、"
            "simfang.ttf、simhei.ttf、simkai.ttf；Linux 请安装 fonts-wqy-microhei。"
        )
        super().__init__(self.message)


@dataclass(frozen=True)
class FontChoice:
    role: str
    name: str  # the reportlab font name to use
    path: Path
    exact: bool  # False: a fallback for this role

    def describe(self) -> str:
        state = "已找到" if self.exact else "未找到，改用"
        return f"{LABELS[self.role]}：{state} {self.path.name}"


def font_dirs() -> list[Path]:
    dirs: list[Path] = []
    override = os.environ.get(FONT_DIR_ENV)
    if override:
        dirs.append(Path(override))
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    else:
        dirs += [
            Path.home() / ".fonts",
            Path.home() / ".local/share/fonts",
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
        ]
    return [d for d in dirs if d.is_dir()]


def _index(dirs: list[Path]) -> dict[str, Path]:
    """Lower-case file name -> path, for the font files under ``dirs``."""
    found: dict[str, Path] = {}
    for folder in dirs:
        for path in folder.rglob("*"):
            if path.suffix.lower() in (".ttf", ".ttc"):
                found.setdefault(path.name.lower(), path)
    return found


def _fc_list_truetype() -> list[Path]:
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [
        Path(line.split(":")[0])
        for line in out.splitlines()
        if line.split(":")[0].lower().endswith((".ttf", ".ttc"))
    ]


def _font_name(path: Path) -> str:
    return f"Fulian-{path.stem}"


def _usable(path: Path) -> bool:
    """Whether reportlab can embed the font (parsing it costs ~0.3 s: done once a process)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    if _font_name(path) in pdfmetrics.getRegisteredFontNames():
        return True

    try:
        TTFont("probe", str(path), subfontIndex=0)
    except (TTFError, OSError, ValueError) as exc:
        log.info("font %s not usable: %s", path, exc)
        return False
    return True


class FontSet:
    """The fonts chosen for each role, registered with reportlab once per process."""

    def __init__(self, choices: dict[str, FontChoice]) -> None:
        self.choices = choices

    @classmethod
    def discover(cls) -> FontSet:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        index = _index(font_dirs())
        fallback: Path | None = None
        for candidate in [*(Path(p) for p in LINUX_FALLBACKS), *_fc_list_truetype()]:
            if candidate.is_file() and _usable(candidate):
                fallback = candidate
                break
        choices: dict[str, FontChoice] = {}
        for role, names in CANDIDATES.items():
            chosen: tuple[Path, bool] | None = None
            for rank, name in enumerate(names):
                path = index.get(name.lower())
                if path is not None and _usable(path):
                    chosen = (path, rank < EXACT[role])
                    break
            if chosen is None and fallback is not None:
                chosen = (fallback, False)
            if chosen is None:
                continue
            path, exact = chosen
            name = _font_name(path)
            if name not in pdfmetrics.getRegisteredFontNames():  # reportlab's own registry
                pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
            choices[role] = FontChoice(role, name, path, exact)
        if "song" not in choices:
            raise FontMissing
        for role in CANDIDATES:
            choices.setdefault(
                role, FontChoice(role, choices["song"].name, choices["song"].path, False)
            )
        return cls(choices)

    def name(self, role: str) -> str:
        return self.choices[role].name

    def report(self) -> list[str]:
        """What was found and what falls back, for the font check in the app."""
        return [choice.describe() for choice in self.choices.values()]
