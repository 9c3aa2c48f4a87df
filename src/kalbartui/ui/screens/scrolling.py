"""The list keys that scroll a dialog's one scrolling area (the help and feeds screens)."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode

SCROLL_BINDINGS = [
    Binding("j,down", "scroll('down')", show=False),
    Binding("k,up", "scroll('up')", show=False),
    Binding("space,pagedown,ctrl+d", "scroll('page_down')", show=False),
    Binding("b,pageup,ctrl+u", "scroll('page_up')", show=False),
    Binding("g,home", "scroll('home')", show=False),
    Binding("G,end", "scroll('end')", show=False),
]


def scroll(screen: DOMNode, selector: str, where: str) -> None:
    """Scroll the screen's area `selector`: down, up, page_down, page_up, home or end."""
    area = screen.query_one(selector, VerticalScroll)
    moves = {
        "down": area.scroll_down,
        "up": area.scroll_up,
        "page_down": area.scroll_page_down,
        "page_up": area.scroll_page_up,
        "home": area.scroll_home,
        "end": area.scroll_end,
    }
    moves[where](animate=False)
