"""The reading pane: one article rendered by kalbartui.render to rich Text (never markup)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from kalbartui.i18n import t
from kalbartui.models import Article
from kalbartui.render import render_article
from kalbartui.ui.widgets.localized import localize_bindings


class Reader(VerticalScroll, can_focus=True):
    """The right (or lower) pane. Posts Back on esc/h."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "key.down", show=False, id="down"),
        Binding("k,up", "scroll_up", "key.up", show=False, id="up"),
        Binding("g,home", "scroll_home", "key.top", show=False, id="top"),
        Binding("G,end", "scroll_end", "key.bottom", show=False, id="bottom"),
        Binding("escape,h", "back", "key.back", id="back"),
        # The numbers the renderer puts after each link: 3 opens [3].
        *(
            Binding(str(n), f"open_link({n})", "key.open_link", show=False, id=f"open_link_{n}")
            for n in range(1, 10)
        ),
    ]

    class Back(Message):
        """Leave the reading pane for the list."""

    class LinkClicked(Message):
        def __init__(self, url: str) -> None:
            super().__init__()
            self.url = url

    def __init__(
        self,
        language: str,
        tz: tzinfo | None,
        now: Callable[[], datetime],
        *,
        id: str | None = None,  # noqa: A002 - Textual's name for it
    ) -> None:
        super().__init__(id=id)
        self.language = language
        self.tz = tz
        self.now = now
        self.article: Article | None = None
        self.links: list[str] = []
        self._rendered_width: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            Text(t("reader.empty", self.language), style="dim"), id="reader-body", markup=False
        )

    def on_mount(self) -> None:
        localize_bindings(self, self.language)

    @property
    def body(self) -> Static:
        return self.query_one("#reader-body", Static)

    def show(self, article: Article | None) -> None:
        """Show an article from its top (or the empty-pane hint when there is none)."""
        same = article is not None and self.article is not None and article.id == self.article.id
        self.article = article
        self.rerender()
        if not same:
            self.scroll_home(animate=False, immediate=True)

    def rerender(self) -> None:
        """Draw the current article again: the relative time moved on, or the width changed."""
        if self.article is None:
            self.links = []
            self.body.update(Text(t("reader.empty", self.language), style="dim"))
            return
        width = self.scrollable_content_region.width or None
        rendered = render_article(
            self.article, language=self.language, tz=self.tz, now=self.now(), width=width
        )
        self._rendered_width = width
        self.links = rendered.links
        self.body.update(rendered.text)

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width or None
        if self.article is not None and width != self._rendered_width:
            self.rerender()

    @property
    def at_end(self) -> bool:
        return self.scroll_offset.y >= self.max_scroll_y

    def page_forward(self) -> bool:
        """Scroll a page; False when already at the end (so the caller can move on)."""
        if self.at_end:
            return False
        self.scroll_page_down(animate=False)
        return True

    def page_back(self) -> None:
        self.scroll_page_up(animate=False)

    def action_back(self) -> None:
        self.post_message(self.Back())

    def action_open_link(self, number: int) -> None:
        if 1 <= number <= len(self.links):
            self.post_message(self.LinkClicked(self.links[number - 1]))
        else:
            message = t("notify.no_such_link", self.language, number=number)
            self.notify(message, severity="warning", markup=False)

    def on_click(self, event: events.Click) -> None:
        link = event.style.link
        if link:
            event.stop()
            self.post_message(self.LinkClicked(link))
