"""Pictures on the terminal, with textual-image: half-block cells in the reading pane (they are
plain coloured text, so the line-by-line pane draws them like any line, in tmux too), and the
best the terminal has (kitty graphics, sixel, else cells) when a picture is opened on its own.

The terminal is asked what it can draw before Textual takes it over (`detect_terminal`, with
ui.terminal_probe: no Pillow, no textual-image before the first paint). textual-image loads
with the first picture, told the answers so it never asks the terminal itself: once Textual
reads stdin, a question would go unanswered (and its answer would arrive as keys).
"""

from __future__ import annotations

import io
import math
import os
import sys
import threading
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from kalbartui.story.pictures import Picture
    from kalbartui.ui.terminal_probe import Question

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


_cell_size: tuple[int, int] | None = None
_loaded = False
_loading = threading.Lock()


def detect_terminal(mode: str, asked: Question | None = None) -> str:
    """Ask the terminal, before the app starts, how it can draw pictures: "sixel", "kitty",
    "cells" or "off". Only "auto" asks; "cells" never sends the terminal a query. `asked`:
    the questions sent earlier (terminal_probe.ask), whose answer is read here."""
    global _cell_size
    from kalbartui.ui import terminal_probe

    if mode != "auto":
        if asked is not None:
            asked.answer()  # gives the terminal its mode back
        _cell_size = terminal_probe.kernel_cell_size()
        return "off" if mode == "off" else "cells"
    found = asked.answer() if asked is not None else terminal_probe.probe()
    _cell_size = found.cell_size
    return found.protocol


def load_textual_image() -> None:
    """Import textual-image (and Pillow) with what `detect_terminal` found, so that it sends
    the terminal no question of its own. Safe from any thread; the first call does the work.

    textual-image asks the terminal (about sixel, kitty graphics and the cell size) when it is
    imported, if its standard output is a terminal; otherwise it takes the cell size from
    TEXTUAL_CELL_WIDTH and TEXTUAL_CELL_HEIGHT (the variables textual-serve sets). So it is
    imported with the cell size in those and a standard output that says it is no terminal:
    kalbartui asked before Textual started, and picks the protocol itself.
    """
    global _loaded
    with _loading:
        if _loaded:
            return
        width, height = _cell_size or _cell_size_from_env()
        os.environ["TEXTUAL_CELL_WIDTH"] = str(width)
        os.environ["TEXTUAL_CELL_HEIGHT"] = str(height)
        real = sys.__stdout__
        sys.__stdout__ = _NotATerminal(real)  # type: ignore[misc, assignment]
        try:
            import textual_image.renderable  # noqa: F401 - its import asks, and is told nothing
            import textual_image.widget  # noqa: F401 - its import reads the cell size once
        finally:
            sys.__stdout__ = real  # type: ignore[misc]
        _loaded = True


class _NotATerminal:
    """The real standard output, but for saying that it is not a terminal."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def _cell_size_from_env() -> tuple[int, int]:
    # textual-image's own fallbacks: textual-serve's variables, else a VT340's cell.
    import os

    width, height = (
        os.environ.get("TEXTUAL_CELL_WIDTH", ""),
        os.environ.get("TEXTUAL_CELL_HEIGHT", ""),
    )
    if width.isdigit() and height.isdigit() and int(width) and int(height):
        return int(width), int(height)
    return 10, 20


def looks_like_image(url: str) -> bool:
    return url.lower().split("?")[0].split("#")[0].endswith(IMAGE_SUFFIXES)


def fit(pixel_width: int, pixel_height: int, columns: int, max_rows: int) -> tuple[int, int]:
    """Cells for a picture: at most `columns` wide and `max_rows` high, its shape kept (a
    half-block cell is one pixel wide and two high, about square on screen)."""
    pixel_width, pixel_height = max(1, pixel_width), max(1, pixel_height)
    columns, max_rows = max(1, columns), max(1, max_rows)
    cols = min(columns, pixel_width)
    rows = math.ceil(cols * pixel_height / pixel_width / 2)
    if rows > max_rows:
        rows = max_rows
        cols = max(1, min(columns, round(rows * 2 * pixel_width / pixel_height)))
    return cols, max(1, rows)


def picture_strips(picture: Picture, columns: int, max_rows: int) -> list[Strip]:
    """The picture as rows of half-block cells, fitted to `columns` and `max_rows`."""
    load_textual_image()
    from textual_image.renderable.halfcell import Image as HalfcellImage

    cols, rows = fit(picture.image.width, picture.image.height, columns, max_rows)
    console = Console(
        file=io.StringIO(), width=cols, height=rows, color_system="truecolor", force_terminal=True
    )
    renderable = HalfcellImage(picture.image, width=cols, height=rows)
    lines = console.render_lines(renderable, console.options.update(width=cols, height=rows))
    return [Strip(line, cols) for line in lines[:rows]]


class ImageScreen(ModalScreen[None]):
    """One picture on the whole screen, drawn the best way the terminal allows."""

    BINDINGS = [Binding("escape,q,enter,i", "close", show=False)]

    DEFAULT_CSS = """
    ImageScreen { align: center middle; }
    #image-box {
        width: 95%; height: 95%; border: round $accent; background: $surface;
        align: center middle;
    }
    #image-box > * { width: auto; height: auto; max-width: 100%; max-height: 100%; }
    """

    def __init__(self, picture: Picture, protocol: str, caption: str) -> None:
        super().__init__()
        self.picture = picture
        self.protocol = protocol
        self.caption = caption

    def compose(self) -> ComposeResult:
        with Vertical(id="image-box") as box:
            box.border_title = Content(self.caption)  # a feed's words: never markup
            yield self._widget()

    def _widget(self) -> Widget:
        load_textual_image()
        from textual_image.widget import HalfcellImage, SixelImage, TGPImage

        if self.protocol == "sixel":
            return SixelImage(self.picture.image)
        if self.protocol == "kitty":
            return TGPImage(self.picture.image)
        return HalfcellImage(self.picture.image)

    def action_close(self) -> None:
        self.dismiss(None)
