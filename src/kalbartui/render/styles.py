"""Styled segments, the unit the renderer builds lines from, and the few styles it shares."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.style import Style

Seg = tuple[str, Style | None]

DIM = Style(dim=True)
BOLD = Style(bold=True)
MARKER = Style(dim=True)


def rstrip_segs(segs: list[Seg]) -> None:
    """Drop trailing whitespace (and segments left empty by it) in place."""
    while segs:
        s, style = segs[-1]
        stripped = s.rstrip()
        if stripped:
            if stripped != s:
                segs[-1] = (stripped, style)
            return
        segs.pop()


def segs_len(segs: Iterable[Seg]) -> int:
    """The width of the segments in terminal cells."""
    return sum(cell_len(s) for s, _ in segs)
