"""The feeds with their last success and last error (`e`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kalbartui.i18n import message, translator
from kalbartui.i18n.times import relative_time
from kalbartui.models import Feed
from kalbartui.problems import Problem
from kalbartui.text import clean_line
from kalbartui.ui.screens.scrolling import SCROLL_BINDINGS, scroll


class FeedErrorsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,e", "close", show=False),
        *SCROLL_BINDINGS,  # the list's keys scroll the table, as on the help screen
    ]

    def __init__(
        self,
        feeds: list[Feed],
        language: str,
        now: Callable[[], datetime],
        note: str = "",
        notes: Sequence[str] = (),
        pages: dict[int, tuple[int, Problem | None]] | None = None,
    ) -> None:
        """`note`: a line above the table (that a sync server fetches these feeds); `notes`:
        warnings in `language` (a WordPress site whose categories could not be discovered);
        `pages`: per feed id, how many article pages failed and the latest reason."""
        super().__init__()
        self.note = note  # e.g. that a sync server fetches these feeds
        self.feeds = feeds
        self.pages = pages or {}  # feed id -> (article pages that failed, the latest reason)
        self.language = language
        self.now = now
        self.notes = tuple(notes)

    def compose(self) -> ComposeResult:
        lang = self.language
        with Vertical(id="feeds-box"):
            yield Static(
                Text(translator(lang).gettext("Feeds and their errors"), style="bold"),
                id="feeds-title",
                markup=False,
            )
            if self.note:
                yield Static(Text(clean_line(self.note, 400)), id="feeds-note", markup=False)
            for warning in self.notes:
                text = Text("⚠ " + clean_line(warning, 400), style="bold yellow")
                yield Static(text, classes="discovery-note", markup=False)
            with VerticalScroll(id="feeds-scroll"):
                yield Static(self._table(), id="feeds-table", markup=False)
            yield Static(
                Text(translator(lang).gettext("Esc to close"), style="dim"),
                id="feeds-footer",
                markup=False,
            )

    def action_scroll(self, where: str) -> None:
        """Scroll the table: down, up, page_down, page_up, home or end."""
        scroll(self, "#feeds-scroll", where)

    def _table(self) -> Table | Text:
        lang = self.language
        if not self.feeds:
            return Text(translator(lang).gettext("No feeds yet."))
        table = Table(expand=True, box=None, padding=(0, 1), show_edge=False)
        # The name and URL take what the counts leave; an error column only when a feed has
        # an error, and then it gets two fifths of that room, never less than a short
        # sentence (before, a ratio of 1 against a fixed 48 left a URL ~26 columns at 108).
        errors = any(feed.last_error or feed.id in self.pages for feed in self.feeds)
        table.add_column(translator(lang).gettext("Feed"), ratio=3, min_width=24, overflow="fold")
        table.add_column(translator(lang).gettext("Articles"), justify="right", no_wrap=True)
        table.add_column(translator(lang).gettext("Last success"), no_wrap=True)
        if errors:
            table.add_column(
                translator(lang).gettext("Last error"), ratio=2, min_width=20, overflow="fold"
            )
        now = self.now()
        # Failing feeds first: they are why the user opened this screen.
        for feed in sorted(self.feeds, key=lambda f: (not f.last_error, f.display_name.casefold())):
            name = Text(clean_line(feed.display_name, 120), style="bold")
            if feed.display_name != feed.url:
                name.append("\n" + clean_line(feed.url, 300), style="dim")
            last_ok = (
                relative_time(feed.last_ok, now, lang)
                if feed.last_ok
                else translator(lang).gettext("never")
            )
            cells = [name, Text(str(feed.article_count)), Text(last_ok)]
            if errors:
                # An ok feed leaves the error column empty: nothing went wrong to report.
                error_text = clean_line(message(feed.last_error, lang), 400)
                error = Text("⚠ " + error_text, style="bold red") if error_text else Text("")
                if feed.id in self.pages:
                    count, why = self.pages[feed.id]
                    reason = clean_line(message(why, lang), 200)
                    if error.plain:
                        error.append("\n")
                    error.append(
                        translator(lang).ngettext(
                            "{count} article page could not be fetched; its summary stays. Last: {error}",
                            "{count} article pages could not be fetched; their summaries stay. Last: {error}",
                            count,
                            error=reason,
                        ),
                        style="dim",
                    )
                cells.append(error)
            table.add_row(*cells)
        return table

    def action_close(self) -> None:
        self.dismiss(None)
