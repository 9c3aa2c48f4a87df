"""Pictures on the terminal, with textual-image: half-block cells in the reading pane (they are
plain coloured text, so the line-by-line pane draws them like any line, in tmux too), and the
best the terminal has (kitty graphics, sixel, else cells) when a picture is opened on its own.

textual-image asks the terminal what it can do; that must happen before Textual takes the
terminal over, so `detect_terminal` runs before the app starts.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING, Any

from rich.console import Console
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.strip import Strip

if TYPE_CHECKING:
    from kalbartui.story import Picture

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def detect_terminal(mode: str) -> str:
    """Ask the terminal, before the app starts, how it can draw pictures: "sixel", "kitty",
    "cells" or "off". Only "auto" asks; "cells" never sends the terminal a query."""
    if mode == "off":
        return "off"
    if mode == "cells":
        return "cells"
    try:
        import textual_image.renderable as renderable
        import textual_image.widget  # noqa: F401 - reads the cell size while it still can
    except Exception:  # noqa: BLE001 - no picture support is no reason not to start
        return "cells"
    if renderable.Image is renderable.SixelImage:
        return "sixel"
    if renderable.Image is renderable.TGPImage:
        return "kitty"
    return "cells"


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

    def _widget(self) -> Any:
        if self.protocol in ("sixel", "kitty"):
            from textual_image.widget import Image

            return Image(self.picture.image)
        from textual_image.widget import HalfcellImage

        return HalfcellImage(self.picture.image)

    def action_close(self) -> None:
        self.dismiss(None)
