"""The feeds with their last success and last error (`e`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kalbartui.i18n import feed_error, t
from kalbartui.models import Feed
from kalbartui.text import clean_line, relative_time


class FeedErrorsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,e", "close", show=False)]

    def __init__(
        self,
        feeds: list[Feed],
        language: str,
        now: Callable[[], datetime],
        pages: dict[int, tuple[int, str]] | None = None,
    ) -> None:
        super().__init__()
        self.feeds = feeds
        self.pages = pages or {}  # feed id -> (article pages that failed, the latest reason)
        self.language = language
        self.now = now

    def compose(self) -> ComposeResult:
        lang = self.language
        with Vertical(id="feeds-box"):
            yield Static(Text(t("feeds.title", lang), style="bold"), id="feeds-title", markup=False)
            with VerticalScroll(id="feeds-scroll"):
                yield Static(self._table(), id="feeds-table", markup=False)
            yield Static(Text(t("feeds.close", lang), style="dim"), id="feeds-footer", markup=False)

    def _table(self) -> Table | Text:
        lang = self.language
        if not self.feeds:
            return Text(t("feeds.none", lang))
        table = Table(expand=True, box=None, padding=(0, 1), show_edge=False)
        table.add_column(t("feeds.name", lang), ratio=3, overflow="fold")
        table.add_column(t("feeds.articles", lang), justify="right", no_wrap=True)
        table.add_column(t("feeds.last_ok", lang), no_wrap=True)
        table.add_column(t("feeds.error", lang), ratio=4, overflow="fold")
        now = self.now()
        # Failing feeds first: they are why the user opened this screen.
        for feed in sorted(self.feeds, key=lambda f: (not f.last_error, f.display_name.casefold())):
            name = Text(clean_line(feed.display_name, 120), style="bold")
            if feed.display_name != feed.url:
                name.append("\n" + clean_line(feed.url, 300), style="dim")
            last_ok = (
                relative_time(feed.last_ok, now, lang) if feed.last_ok else t("feeds.never", lang)
            )
            if feed.last_error:
                error = Text(
                    "⚠ " + clean_line(feed_error(feed.last_error, lang), 400), style="bold red"
                )
            else:
                error = Text(t("feeds.ok", lang), style="green")
            if feed.id in self.pages:
                count, reason = self.pages[feed.id]
                reason = clean_line(feed_error(reason, lang), 200)
                error.append("\n")
                error.append(t("feeds.pages_failed", lang, count=count, error=reason), style="dim")
            table.add_row(name, Text(str(feed.article_count)), Text(last_ok), error)
        return table

    def action_close(self) -> None:
        self.dismiss(None)
