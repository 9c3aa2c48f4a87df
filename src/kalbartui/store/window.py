"""A paging window over one query's article list, for a view that draws only the rows it shows.

The reader's article list asks for `row(i)` while it paints; this class turns that into a few
page reads from the store. Pages are cached (least recently used first out), so scrolling a
list of 100,000 articles costs the same as scrolling one of 100. Nothing here imports Textual.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

from kalbartui.models import ArticleRow
from kalbartui.store.core import Store
from kalbartui.store.queries import Query

Cursor = tuple[float, int]


class ArticleWindow:
    """Rows of `query`, newest first, read from `store` a page at a time."""

    def __init__(
        self,
        store: Store,
        query: Query,
        page_size: int = 100,
        max_pages: int = 12,
        count_at_most: int | None = None,
        count: int | None = None,
    ) -> None:
        """`count`: the query's row count when the caller has just read it (the sidebar's
        total at start-up), which spares the COUNT (a scan of every article for the whole list)."""
        if page_size < 1 or max_pages < 1:
            raise ValueError("page_size and max_pages must be at least 1")
        self.store = store
        self.query = query
        self.page_size = page_size
        self.max_pages = max_pages
        self._count: int | None = count
        # A search as the user types counts only this far (see `more`, `count_all`).
        self.count_at_most = count_at_most
        self.more = False  # the count stopped at count_at_most: the list has more rows
        self._pages: OrderedDict[int, list[ArticleRow]] = OrderedDict()
        # cursor after page n: the keyset key of its last row, which is where page n+1 starts.
        self._cursors: OrderedDict[int, Cursor] = OrderedDict()
        self.reads = 0  # store page reads so far; lets a test see that scrolling stays lazy

    @property
    def count(self) -> int:
        """How many rows the query has (one COUNT, cached until `invalidate`).

        With `count_at_most`, the count stops there: `more` is then True and the list has
        this many rows until `count_all` counts the rest.
        """
        count = self._count
        if count is None:
            cap = self.count_at_most
            if cap is None:
                count = self.store.count(self.query)
            else:
                count = self.store.count(self.query, at_most=cap)
                self.more = count > cap
                count = min(count, cap)
            self._count = count
        return count

    def count_all(self) -> bool:
        """Count every row, when the count stopped early or has not run; True if it counted."""
        if self._count is not None and not self.more:
            return False
        self.count_at_most = None
        self._count = None
        self.more = False
        self.count  # noqa: B018 - the property caches the exact count
        return True

    def invalidate(self) -> None:
        """Forget every cached page and the count: the store changed under the window."""
        self._count = None
        self._pages.clear()
        self._cursors.clear()

    def row(self, index: int) -> ArticleRow | None:
        """The row at `index`, or None when the index is outside the list."""
        if index < 0 or index >= self.count:
            return None
        number, offset = divmod(index, self.page_size)
        rows = self._page(number)
        return rows[offset] if offset < len(rows) else None

    def _page(self, number: int) -> list[ArticleRow]:
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        previous = self._cursors.get(number - 1)
        self.reads += 1
        if number == 0:
            page = self.store.page(self.query, after=None, limit=self.page_size)
        elif previous is not None:
            # Keyset paging: an index seek, cheap however deep the page is.
            page = self.store.page(self.query, after=previous, limit=self.page_size)
        else:
            # A jump (G, a scrollbar drag): nothing known above, so go by position.
            page = self.store.page_at(self.query, number * self.page_size, limit=self.page_size)
        rows = page.rows
        self._pages[number] = rows
        if page.next_key is not None:
            self._cursors[number] = page.next_key
            self._cursors.move_to_end(number)
            while len(self._cursors) > self.max_pages * 64:
                self._cursors.popitem(last=False)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        return rows

    def index_of(self, article_id: int) -> int | None:
        """Where an article is in this list now (after new rows arrived), or None."""
        return self.store.index_of(self.query, article_id)

    def update_row(
        self, article_id: int, *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        """Change a cached row's flags in place, so a toggle repaints without a reload.

        The row keeps its place even if it no longer matches the query (an unread list keeps
        the article just read until the next reload), which is what a reader expects.
        """
        for rows in self._pages.values():
            for i, row in enumerate(rows):
                if row.id == article_id:
                    changes: dict[str, bool] = {}
                    if read is not None:
                        changes["read"] = read
                    if starred is not None:
                        changes["starred"] = starred
                    rows[i] = replace(row, **changes)  # type: ignore[arg-type]
                    return

    def next_unread(self, index: int) -> int | None:
        """Index of the first unread row after `index` (older), or None."""
        current = self.row(index)
        if current is None:
            return None
        unread = replace(self.query, unread_only=True)
        key = (current.published.timestamp(), current.id)
        for row in self.store.page(unread, after=key, limit=2).rows:
            if row.id != current.id:
                return self.index_of(row.id)
        return None

    def previous_unread(self, index: int, nearby: int = 200) -> int | None:
        """Index of the nearest unread row before `index` (newer), or None.

        The rows just above are looked at first (usually cached, usually where the answer is).
        Past them, the store pages only newest-first, so this becomes a binary search over the
        unread-only list for the last row newer than the current one: a handful of one-row reads.
        """
        current = self.row(index)
        if current is None:
            return None
        stop = max(-1, index - 1 - nearby)
        for i in range(index - 1, stop, -1):
            row = self.row(i)
            if row is not None and not row.read:
                return i
        if stop == -1:
            return None
        unread = replace(self.query, unread_only=True)
        key = (current.published.timestamp(), current.id)
        low, high = 0, self.store.count(unread)  # invariant: rows < low are newer than key
        while low < high:
            middle = (low + high) // 2
            rows = self.store.page_at(unread, middle, limit=1).rows
            if rows and (rows[0].published.timestamp(), rows[0].id) > key:
                low = middle + 1
            else:
                high = middle
        if low == 0:
            return None
        rows = self.store.page_at(unread, low - 1, limit=1).rows
        return self.index_of(rows[0].id) if rows else None
