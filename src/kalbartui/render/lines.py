"""Output lines: the prefix (quote bars, list markers) each carries, and their assembly into Text."""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich.console import Console
from rich.style import Style
from rich.text import Text

from kalbartui.render.styles import Seg


class Prefix:
    """One level of line prefix: a quote bar or a list item's indentation."""

    __slots__ = ("indent", "style", "marker")

    def __init__(self, indent: str, style: Style | None = None, marker: str | None = None) -> None:
        self.indent = indent
        self.style = style
        self.marker = marker  # printed instead of the indent on the item's first line


class Line:
    """One output line: its first-line and continuation prefixes, and its content."""

    __slots__ = ("first", "cont", "segs", "items", "blank")

    def __init__(self, first: list[Seg], cont: list[Seg], items: tuple[Prefix, ...]) -> None:
        self.first = first
        self.cont = cont
        self.segs: list[Seg] = []
        self.items = items
        self.blank = False


class Out:
    """Appends pieces to one Text. Small appends are cheaper than one big Text(...): rich
    re-checks every string for control codes, and that check is slow on a long non-ASCII one."""

    __slots__ = ("result",)

    def __init__(self) -> None:
        self.result = Text()

    def add(self, text: str, style: Style | None = None) -> None:
        """Append one string."""
        if text:
            self.result.append(text, style)

    def add_segs(self, segs: Iterable[Seg]) -> None:
        """Append styled segments."""
        append = self.result.append
        for text, style in segs:
            if text:
                append(text, style)

    def add_text(self, text: Text) -> None:
        """Append a Text."""
        self.result.append_text(text)

    def text(self) -> Text:
        """The Text built so far."""
        return self.result


def add_wrapped(out: Out, line: Line, room: int) -> None:
    """A list item or quote longer than the width: wrapped here, so it keeps a hanging indent."""
    content = Text()
    for text, style in line.segs:
        content.append(text, style)
    wrapped = content.wrap(_wrap_console(), room, justify="default", overflow="fold")
    for n, piece in enumerate(wrapped):
        if n:
            out.add("\n")
            out.add_segs(line.cont)
        else:
            out.add_segs(line.first)
        piece.rstrip()
        out.add_text(piece)


_CONSOLE: Console | None = None


def _wrap_console() -> Console:
    # Text.wrap wants a console; with justify="default" it only carries options.
    global _CONSOLE
    if _CONSOLE is None:
        _CONSOLE = Console(file=io.StringIO(), width=80, height=25, color_system=None)
    return _CONSOLE
