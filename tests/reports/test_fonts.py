"""Font discovery (issue 19 item 17): government fonts before Windows defaults, serif CJK for
the 宋/仿宋 roles on Linux, every role said with its font."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.reports.pdf import fonts
from desktop.reports.pdf.fonts import FONT_DIR_ENV, FontSet

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")


@pytest.fixture(autouse=True)
def _arphic() -> None:
    """The two serif CJK fonts ``dev.py test`` installs (fonts-arphic-uming/ukai): required,
    never skipped: a missing font fails here with the package to install."""
    assert UMING.exists(), "apt-get install fonts-arphic-uming (python3 dev.py test does it)"
    assert UKAI.exists(), "apt-get install fonts-arphic-ukai (python3 dev.py test does it)"


def test_government_fonts_come_before_windows_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PC with both 仿宋_GB2312 and Windows' simfang: the government font wins; 方正小标宋
    is the title; with no 楷体 at all, 楷 falls back (and says so)."""
    folder = tmp_path / "Fonts"
    folder.mkdir()
    for name, source in (
        ("simfang.ttf", UKAI),
        ("仿宋_GB2312.ttf", UMING),
        ("FZXBSJW.TTF", UMING),
        ("simhei.ttf", UKAI),
        ("simsun.ttc", UMING),
    ):
        (folder / name).symlink_to(source)
    monkeypatch.setenv(FONT_DIR_ENV, str(folder))
    monkeypatch.setattr(fonts, "_fc_families", dict)  # this PC's fonts only, no fontconfig
    monkeypatch.setattr(fonts, "LINUX_FALLBACKS", {r: () for r in fonts.LINUX_FALLBACKS})
    monkeypatch.setattr(fonts, "font_dirs", lambda: [folder])
    found = FontSet.discover()
    assert found.choices["fang"].path.name == "仿宋_GB2312.ttf"
    assert found.choices["fang"].exact
    assert found.choices["title"].path.name == "FZXBSJW.TTF"
    assert found.choices["title"].exact
    assert found.choices["hei"].path.name == "simhei.ttf"
    assert not found.choices["kai"].exact  # no 楷体 here: a stand-in, reported
    assert any(line.startswith("楷体：未找到") for line in found.report())


def test_linux_serif_for_song_and_fang(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])  # no Windows fonts
    found = FontSet.discover()
    assert found.choices["fang"].path == UMING
    assert found.choices["song"].path == UMING
    assert found.choices["kai"].path == UKAI
    assert "UMing" in found.choices["fang"].family()
    assert not found.choices["fang"].exact
