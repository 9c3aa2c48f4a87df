"""The sidebar's counts: read at once for the first paint, then in the background."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message

from kalbartui.models import Category, Feed
from kalbartui.store import Store, connect
from kalbartui.ui.messages import CountsLoaded
from kalbartui.ui.parts.part import Part, kalbar


class Counts(Part):
    """The counts as last read: what the sidebar and the command palette show, without a
    query of their own however fast the user types."""

    @dataclass
    class Changed(Message):
        """Fresh counts are in: the sidebar shows them."""

    def __init__(self, lang: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(lang, id=id)
        self.categories: list[Category] = []
        """Each category with its unread and total counts."""
        self.totals: dict[str, int] = {}
        """The totals of all, unread and starred."""
        self.feeds: list[Feed] = []
        """Each configured feed with its unread and total counts."""

    def load(self) -> None:
        """Read the counts now (the first paint needs them)."""
        store = kalbar(self).store
        self.categories, self.totals = self.core.categories(), store.totals()
        self.feeds = store.feeds()

    def reload(self) -> None:
        """Read them in the background: on a big cache the GROUP BY takes a moment."""
        self._counts_worker()

    @work(thread=True, exclusive=True, exit_on_error=False, group="counts")
    def _counts_worker(self) -> None:
        # Its own read-only connection: the loop's belongs to the loop's thread.
        store = Store(connect(kalbar(self).paths.database, readonly=True))
        try:
            self.post_message(CountsLoaded(store.categories(), store.totals(), store.feeds()))
        finally:
            store.close()

    def on_counts_loaded(self, message: CountsLoaded) -> None:
        message.stop()
        self.categories, self.totals = message.categories, message.totals
        self.feeds = message.feeds
        self.post_message(self.Changed())
