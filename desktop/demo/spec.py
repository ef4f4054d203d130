"""What demo to build (its own module: the parts import it, and the package imports the parts)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSpec:
    size: str = "small"
    seed: int = 20260308

    @property
    def unit_count(self) -> int:
        return 60 if self.size == "large" else 35  # 12 villages, 6 communities
