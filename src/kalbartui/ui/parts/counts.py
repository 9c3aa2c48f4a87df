"""The sidebar's counts: read at once for the first paint, then in the background."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.message import Message

from kalbartui.core import Core
from kalbartui.models import Category, Feed
from kalbartui.store import Query, Store, connect
from kalbartui.ui.messages import CountsLoaded, ViewCountsLoaded
from kalbartui.ui.parts.part import Part, kalbar


class Counts(Part):
    """The counts as last read: what the sidebar and the command palette show, without a
    query of their own however fast the user types."""

    @dataclass
    class Changed(Message):
        """Fresh counts are in: the sidebar shows them."""

    @dataclass
    class ViewsCounted(Message):
        """Fresh counts of the saved views are in: the sidebar's view entries show them."""

    def __init__(self, lang: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(lang, id=id)
        self.categories: list[Category] = []
        """Each category with its unread and total counts."""
        self.totals: dict[str, int] = {}
        """The totals of all, unread and starred."""
        self.feeds: list[Feed] = []
        """Each configured feed with its unread and total counts."""
        self.views: list[tuple[str, Query]] = []
        """Each saved view's name and list, in the config's order."""
        self.view_unread: list[int | None] = []
        """Each saved view's unread count; None until a thread has counted it."""
        self.view_seconds = 0.0
        """How long the last count of the views took (in its thread)."""
        # The last whole counts, and the newest article id they include.
        self._whole: tuple[list[int], int] | None = None
        self._asked = 0  # counts asked of a thread so far
        self._shown = 0  # which of them is on screen

    def load(self) -> None:
        """Read the counts now (the first paint needs them); the saved views' follow from a
        thread, their queries may read many rows."""
        store = kalbar(self).store
        self.categories, self.totals = self.core.categories(), store.totals()
        self.feeds = store.feeds()
        self.load_views()

    def load_views(self) -> None:
        """The saved views as the config has them now; their counts follow from a thread."""
        self.views = self.core.view_queries()
        self.view_unread = [None] * len(self.views)
        self._whole = None
        # After the next frame: the first paint does not share the machine with the count.
        self.call_after_refresh(self.reload_views)

    def reload_views(self, landed: bool = False) -> None:
        """Count the saved views' unread articles again, in a thread (marks changed, a refresh
        ended): the loop only puts the numbers on screen. `landed`: a feed's new articles
        are in; only they are counted, and added to the last whole counts."""
        if not self.views:
            return
        whole = self._whole
        self._asked += 1
        self._view_counts_worker(whole[1] if landed and whole is not None else None, self._asked)

    @work(thread=True, exit_on_error=False, group="view-counts")
    def _view_counts_worker(self, since: int | None, asked: int) -> None:
        import time

        app = kalbar(self)
        started = time.perf_counter()
        # Its own read-only connection, as the sidebar's counts: the loop's stays the loop's.
        store = Store(connect(app.paths.database, readonly=True))
        core = Core(app.config, app.paths, store, clock=app.clock)
        try:
            queries = tuple(v.query for v in core.config.views)
            unread, newest = core.view_unread_counts(since)
            # Compiled again at the same moment: a view's dates (newer:7d) move on with time.
            lists = [query for _name, query in core.view_queries()]
        finally:
            core.close()
        self.view_seconds = time.perf_counter() - started
        self.post_message(
            ViewCountsLoaded(
                queries, unread, newest, added=since is not None, asked=asked, lists=lists
            )
        )

    def on_view_counts_loaded(self, message: ViewCountsLoaded) -> None:
        message.stop()
        if message.queries != tuple(v.query for v in self.core.config.views):
            return  # counted for views the config no longer has
        if message.asked < self._shown:
            return  # counts asked for before the ones on screen, finished late
        whole = self._whole
        if message.added:
            if whole is None or whole[1] != message.newest:
                return  # to add to whole counts that newer ones have replaced
            self.view_unread = [n + more for n, more in zip(whole[0], message.unread, strict=True)]
        else:
            self._whole = (list(message.unread), message.newest)
            self.view_unread = list(message.unread)
        self._shown = message.asked
        if message.lists:
            self.views = [
                (name, query) for (name, _old), query in zip(self.views, message.lists, strict=True)
            ]
        self.post_message(self.ViewsCounted())

    def reload(self) -> None:
        """Read them in the background: on a big cache the GROUP BY takes a moment."""
        self._counts_worker()
        self.reload_views()

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
