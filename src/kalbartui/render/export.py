"""A rendered article as a string: plain text or ANSI (with OSC 8 links), for `kalbartui show`."""

from __future__ import annotations

import io

from rich.console import Console

from kalbartui.render.body import RenderedBody


def _console_text(body: RenderedBody, width: int, color_system: str | None) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=max(1, width),
        height=25,  # a fixed size: rich would otherwise ask the real terminal (or TERM=dumb)
        force_terminal=color_system is not None,
        force_jupyter=False,
        force_interactive=False,
        color_system=color_system,  # type: ignore[arg-type]
        legacy_windows=False,
        emoji=False,
        markup=False,
        highlight=False,
        soft_wrap=False,
    )
    console.print(body.text, markup=False, highlight=False, emoji=False)
    return buffer.getvalue()


def to_plain(body: RenderedBody, width: int) -> str:
    """The article as plain text wrapped at `width`: no escape sequences at all."""
    text = _console_text(body, width, None)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def to_ansi(body: RenderedBody, width: int, *, color_system: str = "standard") -> str:
    """The article with ANSI styles and OSC 8 hyperlinks, wrapped at `width`, for a terminal."""
    return _console_text(body, width, color_system)
