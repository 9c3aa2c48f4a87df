"""Search from the list (`/`): results as you type, and back to the view you came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kalbartui.store.fts import search_words
from kalbartui.store.search import SEARCH_COUNT_CAP
from kalbartui.store.window import ArticleWindow
from kalbartui.ui.widgets.search import SearchInput

if TYPE_CHECKING:
    from kalbartui.ui.screens.main import MainScreen, Stoppable

# As the user types, a search counts its matches only up to SEARCH_COUNT_CAP (the status
# says "more than 2,000"); once typing rests this long, the whole list is counted.
COUNT_ALL_AFTER = 0.3


class SearchMixin:
    """The search box's behaviour; part of MainScreen (which routes the box's messages here)."""

    search_text: str | None  # None: not searching
    _count_timer: Stoppable | None  # counts a search's whole list once typing rests

    def action_search(self: MainScreen) -> None:
        """Show the search box and type into it."""
        if self._reading:
            self._set_reading(False)  # one pane at a time: back to the list, where the box is
        box = self.search_box
        if self.search_text is None:
            self._before_search = self.articles.current.id if self.articles.current else None
        box.display = True
        # Focus now, not after a refresh: keys typed right after "/" (a paste, a fast typist)
        # are already queued and must land in the box, not act as list keys.
        self.app.set_focus(box)

    def search_changed(self: MainScreen, value: str) -> None:
        """The box's text changed: the list shows what matches (or the view, once empty)."""
        text = value.strip()
        if not text:
            if self.search_text is not None:
                self.search_text = None
                self.show_view(self.view)
            return
        self.search_text = text
        # `"pontianak OR (` searches for "pontianak": the syntax is read as plain words.
        query = self.kalbar.core.search_query(text)
        window = ArticleWindow(self.store, query, count_at_most=SEARCH_COUNT_CAP)
        self.articles.show_window(window, self._empty_message(), words=search_words(text))
        self._update_status()
        self._count_search_later()

    def _count_search_later(self: MainScreen) -> None:
        """Count the search's whole list once typing rests, when its count stopped early."""
        if self._count_timer is not None:
            self._count_timer.stop()
            self._count_timer = None
        window = self.articles.window
        if self.search_text is not None and window is not None and window.more:
            self._count_timer = self.set_timer(COUNT_ALL_AFTER, self._count_search_all)

    def _count_search_all(self: MainScreen) -> None:
        """Typing rested: the list and the status count every match, not just the first ones."""
        self._count_timer = None
        if self.search_text is not None:
            self.articles.count_all()
            self._update_status()

    def leave_search(self: MainScreen) -> None:
        """Back to the sidebar's view, with the article highlighted before the search."""
        self._close_search()
        self.show_view(self.view)
        if self._before_search is not None and self.articles.window is not None:
            index = self.articles.window.index_of(self._before_search)
            if index is not None:
                self.articles.move_to(index)
        self._before_search = None
        self.articles.focus()

    def _close_search(self: MainScreen) -> None:
        self.search_text = None
        if self._count_timer is not None:
            self._count_timer.stop()
            self._count_timer = None
        box = self.search_box
        with box.prevent(SearchInput.Changed):
            box.value = ""
        box.display = False
