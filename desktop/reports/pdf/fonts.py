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
from typing import Any

from desktop.reports.pdf import line_rules

log = logging.getLogger("fulian.reports.fonts")

#: role -> candidate files, tried in order: the fonts government PCs have (GB2312 and 方正
#: fonts installed with official-document software) first, then Windows' own.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "title": (
        "FZXBSJW.TTF",  # 方正小标宋简体
        "方正小标宋简体.ttf",
        "FZXBSK.TTF",  # 方正小标宋_GBK
        "方正小标宋_GBK.ttf",
        "STXIAOBIAO.TTF",
        "FZHTK.TTF",  # from here on a fallback: 黑体 (GB/T 9704 practice), then 宋体
        "方正黑体_GBK.ttf",
        "simhei.ttf",
        "simsun.ttc",
    ),
    "song": ("simsun.ttc", "simsun.ttf", "NSimSun.ttf", "STSONG.TTF", "FZSSK.TTF"),
    "fang": (
        "仿宋_GB2312.ttf",
        "FS_GB2312.ttf",
        "FZFSK.TTF",  # 方正仿宋_GBK
        "方正仿宋_GBK.ttf",
        "simfang.ttf",
        "STFANGSO.TTF",
        "FangSong.ttf",
    ),
    "hei": ("FZHTK.TTF", "方正黑体_GBK.ttf", "simhei.ttf", "STHEITI.TTF", "msyh.ttc"),
    "kai": (
        "楷体_GB2312.ttf",
        "KT_GB2312.ttf",
        "FZKTK.TTF",  # 方正楷体_GBK
        "方正楷体_GBK.ttf",
        "simkai.ttf",
        "STKAITI.TTF",
        "KaiTi.ttf",
    ),
}
#: how many of a role's candidates are that typeface (the rest are fallbacks, said as such)
EXACT = {"title": 5, "song": 5, "fang": 7, "hei": 4, "kai": 7}
#: font family names (as fontconfig lists them) that are the role's typeface, for fonts whose
#: file has another name; searched after the file names, before any fallback
FAMILIES: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋"),
    "song": ("宋体", "SimSun", "新宋体", "华文宋体"),
    "fang": ("仿宋_GB2312", "方正仿宋_GBK", "仿宋", "FangSong", "华文仿宋"),
    "hei": ("方正黑体_GBK", "黑体", "SimHei"),
    "kai": ("楷体_GB2312", "方正楷体_GBK", "楷体", "KaiTi", "华文楷体"),
}
LABELS = {"title": "小标宋", "song": "宋体", "fang": "仿宋", "hei": "黑体", "kai": "楷体"}
USES = {
    "title": "标题",
    "song": "表格、页码",
    "fang": "正文",
    "hei": "一级标题",
    "kai": "二级标题",
}
_ARPHIC = "/usr/share/fonts/truetype/arphic"
_WQY = "/usr/share/fonts/truetype/wqy"
#: TrueType CJK fonts from Linux packages, per role, when none of the above exist: serif
#: (Ming/Song: AR PL UMing; Kai: AR PL UKai) for the serif roles, sans (WenQuanYi) for 黑体
#: and the title's 黑体 fallback; any of them rather than nothing.
LINUX_FALLBACKS: dict[str, tuple[str, ...]] = {
    "song": (f"{_ARPHIC}/uming.ttc", f"{_WQY}/wqy-zenhei.ttc", f"{_WQY}/wqy-microhei.ttc"),
    "fang": (f"{_ARPHIC}/uming.ttc", f"{_ARPHIC}/ukai.ttc", f"{_WQY}/wqy-microhei.ttc"),
    "kai": (f"{_ARPHIC}/ukai.ttc", f"{_ARPHIC}/uming.ttc", f"{_WQY}/wqy-microhei.ttc"),
    "hei": (f"{_WQY}/wqy-microhei.ttc", f"{_WQY}/wqy-zenhei.ttc", f"{_ARPHIC}/uming.ttc"),
    "title": (f"{_WQY}/wqy-microhei.ttc", f"{_WQY}/wqy-zenhei.ttc", f"{_ARPHIC}/uming.ttc"),
}
ANY_FALLBACK = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
FONT_DIR_ENV = "FULIAN_FONT_DIR"


class FontMissing(Exception):
    """No usable Chinese TrueType font: PDFs cannot be made. ``message`` says what to do."""

    def __init__(self) -> None:
        self.message = (
            "没有找到可嵌入PDF的中文字体。Windows 请确认 C:\\Windows\\Fonts 下有 simsun.ttc、"
            "simfang.ttf、simhei.ttf、simkai.ttf；Linux 请安装 fonts-arphic-uming、"
            "fonts-arphic-ukai 和 fonts-wqy-microhei。"
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

    def family(self) -> str:
        """The typeface's own name (read from the font file)."""
        from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

        try:
            face = TTFontFile(str(self.path), subfontIndex=0, validate=0)
        except (TTFError, OSError, ValueError):
            return self.path.stem
        name = face.familyName
        return name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)


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
        families = _fc_families()
        choices: dict[str, FontChoice] = {}
        for role, names in CANDIDATES.items():
            chosen = _choose(role, names, index, families)
            if chosen is None:
                continue
            path, exact = chosen
            name = _font_name(path)
            if name not in pdfmetrics.getRegisteredFontNames():  # reportlab's own registry
                pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
            choices[role] = FontChoice(role, name, path, exact)
        if "song" not in choices:
            raise FontMissing
        line_rules.install()  # Chinese 行首禁则 with the Chinese fonts
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


def _choose(
    role: str, names: tuple[str, ...], index: dict[str, Path], families: dict[str, Path]
) -> tuple[Path, bool] | None:
    """The role's font: its typeface by file name, then by family name, then the role's
    fallbacks (a Windows fallback, then a Linux package's font, then anything usable)."""
    exact = EXACT[role]
    for name in names[:exact]:
        path = index.get(name.lower())
        if path is not None and _usable(path):
            return path, True
    for family in FAMILIES[role]:
        path = families.get(family.lower())
        if path is not None and _usable(path):
            return path, True
    for name in names[exact:]:
        path = index.get(name.lower())
        if path is not None and _usable(path):
            return path, False
    for candidate in [
        *(Path(p) for p in LINUX_FALLBACKS[role]),
        Path(ANY_FALLBACK),
        *families.values(),
    ]:
        if candidate.is_file() and _usable(candidate):
            return candidate, False
    return None


def _fc_families() -> dict[str, Path]:
    """Lower-case family name -> TrueType file, from fontconfig (Linux; empty elsewhere)."""
    if sys.platform == "win32":
        return {}
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family", "file"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, Path] = {}
    for line in out.splitlines():
        file, _sep, names = line.partition(":")
        if not file.lower().endswith((".ttf", ".ttc")):
            continue
        for family in names.split(","):
            found.setdefault(family.strip().lower(), Path(file.strip()))
    return found


def glyph_middle(font_name: str, char: str) -> float | None:
    """Height of the middle of ``char``'s outline above the baseline, in em, read from the
    glyf table of the registered font ``font_name`` (parsed once, at registration): where a
    page number's 一字线 really is, which differs from font to font (0.27 em in WenQuanYi Micro
    Hei, 0.38 em in AR PL UMing). None when the font cannot say."""
    from struct import unpack

    from reportlab.pdfbase import pdfmetrics

    try:
        font: Any = pdfmetrics.getFont(font_name)
        face = font.face
        glyph = face.charToGlyph.get(ord(char))
        head, _ = face.get_table_pos("head")
        loca, _ = face.get_table_pos("loca")
        glyf, _ = face.get_table_pos("glyf")
        data = face._ttf_data
    except (AttributeError, KeyError):
        return None
    if not glyph:
        return None
    units = unpack(">H", data[head + 18 : head + 20])[0]
    long_offsets = unpack(">h", data[head + 50 : head + 52])[0] == 1
    if long_offsets:
        start = unpack(">L", data[loca + 4 * glyph : loca + 4 * glyph + 4])[0]
    else:
        start = unpack(">H", data[loca + 2 * glyph : loca + 2 * glyph + 2])[0] * 2
    _contours, _x0, y0, _x1, y1 = unpack(">hhhhh", data[glyf + start : glyf + start + 10])
    return float((y0 + y1) / 2 / units)
