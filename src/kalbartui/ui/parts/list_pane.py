"""The middle pane: the article list with the search box over it.

It owns what the list shows (a sidebar view, or a search as it is typed: results as you type,
and back to the view you came from) and the marks the user sets on its rows. The status line
hears of each change by message.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer

from kalbartui.core import UnknownArticles
from kalbartui.i18n import message, translator
from kalbartui.models import ArticleRow
from kalbartui.query.nodes import wanted_words
from kalbartui.query.parse import QueryError, parse
from kalbartui.store import DatabaseError, Marked, Query
from kalbartui.store.search import SEARCH_COUNT_CAP
from kalbartui.store.window import ArticleWindow
from kalbartui.text import clean_line
from kalbartui.ui.parts.part import kalbar, mark_not_kept, say
from kalbartui.ui.widgets.article_list import ArticleList
from kalbartui.ui.widgets.search import SearchInput
from kalbartui.ui.widgets.sidebar import View

if TYPE_CHECKING:
    from kalbartui.ui.app import KalbarApp

# As the user types, a search counts its matches only up to SEARCH_COUNT_CAP (the status
# says "more than 2,000"); once typing rests this long, the whole list is counted.
COUNT_ALL_AFTER = 0.3


def first_run_help(app: KalbarApp, lang: str) -> str:
    """Where the feeds come from, and how to add a site or a whole feed list."""
    from kalbartui.config.file import default_source

    tr = translator(lang)
    config, path = app.config, app.paths.config
    where = clean_line(str(path), 300)
    if config.sync is not None:
        return tr.gettext(
            "Your feeds come from the sync server {url}; add them there.",
            url=clean_line(config.sync.url, 200),
        )
    if not path.exists():
        said = tr.gettext(
            "You are reading {name}, built in. Adding a site writes your config file, {path}, with {name} kept in it.",
            name=default_source().name,
            path=where,
        )
    else:
        said = tr.gettext("Your feeds are listed in your config file, {path}.", path=where)
    how = tr.gettext(
        "To add a site: ctrl+p, then “{add}” (any page of the site will do), or `kalbartui add URL` in a shell. A whole feed list: “{opml}” in the same palette, or `kalbartui import-opml FILE`.",
        add=tr.gettext("Add a site…"),
        opml=tr.gettext("Import feeds from OPML…"),
    )
    return said + "\n\n" + how


class ListPane(Vertical):
    """The search box (hidden until `/`) over the article list."""

    @dataclass
    class Shown(Message):
        """What the list shows changed: its name, length and search, for the status line."""

        label: str
        count: int
        more: bool  # the count stopped early: more articles than `count`
        search: str | None
        hint: str  # how a search was read, when it had quotes, brackets or OR

    def __init__(self, lang: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.lang = lang
        self.view = View("all", translator(lang).gettext("All"), Query())
        """The sidebar entry the list shows (or shows again when the search ends)."""
        self.search_text: str | None = None
        """The words searched for; None when not searching."""
        self.fetching = False
        """A refresh is on: an empty list says the news is on its way (set by the screen)."""
        self.offline = False
        """The last refresh found no network: an empty list says what to do (set by the screen)."""
        self._before_search: int | None = None  # article highlighted when the search began
        self._count_timer: Timer | None = None  # counts a search's whole list once typing rests
        # Articles the user marked unread with `m`: resting on them never marks them read.
        self._kept_unread: set[int] = set()
        self._query_error: str | None = None  # why the search's text cannot be read yet

    def compose(self) -> ComposeResult:
        app = kalbar(self)
        yield SearchInput(
            placeholder=translator(self.lang).gettext(
                "Search the cache (Enter: to list, Esc: leave)"
            ),
            id="search",
        )
        compact = app.config.list_style == "compact"
        yield ArticleList(self.lang, app.now, tz=app.tz, compact=compact, id="articles")

    def on_mount(self) -> None:
        self.border_title = translator(self.lang).gettext("Articles")

    @property
    def articles(self) -> ArticleList:
        """The article list."""
        return self.query_one("#articles", ArticleList)

    @property
    def search_box(self) -> SearchInput:
        """The search box over the list (hidden until `/`)."""
        return self.query_one("#search", SearchInput)

    # ------------------------------------------------------------------ what the list shows

    def show_view(self, view: View, count: int | None = None) -> None:
        """Open a sidebar entry: the list from the top, newest first (`count`: its length,
        when it was read just now)."""
        self.view = view
        category = view.label if view.key.startswith("cat-") else None
        self.articles.show_window(
            ArticleWindow(kalbar(self).store, view.query, count=count),
            self._empty_message(),
            category=category,
        )
        self._shown()

    def choose(self, view: View) -> None:
        """The sidebar's highlight moved to `view`: the list follows, and leaves any search."""
        if self.search_text is not None:
            self.close_search()
        elif view.key == self.view.key:
            return
        self.show_view(view)

    def reload(self, recount_search: bool = False) -> None:
        """The store changed (a refresh, mark all): same highlighted article, on the same line.
        `recount_search`: a search's list, counted anew, stops early again."""
        self.articles.reload(self._empty_message())
        self._shown()
        if recount_search:
            self._count_search_later()

    @property
    def label(self) -> str:
        """The list's name: the view's, or the search's."""
        if self.search_text is None:
            return self.view.label
        return translator(self.lang).gettext("Search: “{text}”", text=self.search_text)

    def describe(self) -> ListPane.Shown:
        """What the list shows now, as its Shown message says it."""
        hint = self._query_error or ""
        window = self.articles.window
        more = window is not None and window.more
        count = self.articles.count
        return self.Shown(self.view.label, count, more, self.search_text, hint)

    def _shown(self) -> None:
        # Said by the pane itself, whoever changed it: else it stops at the part that called.
        self.post_message(self.describe().set_sender(self))

    def _empty_message(self) -> str:
        if self.search_text is not None:
            text = clean_line(self.search_text, 60)
            return translator(self.lang).gettext("No results for “{text}”.", text=text)
        if self.view.key == "all":
            # The whole cache is empty: a first start. Say where feeds come from and how to
            # add one, under what is happening now.
            if self.fetching:
                now = translator(self.lang).gettext("No articles yet. Fetching the news…")
            elif self.offline:
                # A first start with no network: say what can be done instead of an empty pane.
                now = translator(self.lang).gettext(
                    "No articles yet, and the network cannot be reached. Press r to try again, or quit (q) and run `{demo}` to see sample news.",
                    demo=demo_command(),
                )
            else:
                now = translator(self.lang).gettext("No articles here yet.")
            return now + "\n\n" + first_run_help(kalbar(self), self.lang)
        return translator(self.lang).gettext("No articles here yet.")

    # ------------------------------------------------------------------ search

    def start_search(self) -> None:
        """Show the search box and type into it."""
        box = self.search_box
        if self.search_text is None:
            current = self.articles.current
            self._before_search = current.id if current else None
        box.display = True
        # Focus now, not after a refresh: keys typed right after "/" (a paste, a fast typist)
        # are already queued and must land in the box, not act as list keys.
        self.app.set_focus(box)

    def search_for(self, text: str) -> None:
        """Search for `text` as if typed (the box shows it, to read or change), then the list."""
        self.start_search()
        box = self.search_box
        box.value = text  # posts Changed: the list follows as it does for typing
        box.cursor_position = len(text)
        self.articles.focus()

    @on(SearchInput.Changed, "#search")
    def _search_changed(self, event: SearchInput.Changed) -> None:
        """The box's text changed: the list shows what matches (or the view, once empty)."""
        event.stop()
        text = event.value.strip()
        if not text:
            if self.search_text is not None:
                self.search_text = None
                self.show_view(self.view)
            return
        self.search_text = text
        app = kalbar(self)
        try:
            query = app.core.search_query(text)
        except QueryError as exc:
            # Half typed (`(banjir`, `title:`): the list keeps what it showed, and the status
            # line says what the query lacks, and where.
            self._query_error = clean_line(message(exc.problem, self.lang), 200)
            self._shown()
            return
        self._query_error = None
        window = ArticleWindow(app.store, query, count_at_most=SEARCH_COUNT_CAP)
        self.articles.show_window(window, self._empty_message(), words=query_words(text))
        self._shown()
        self._count_search_later()

    def _count_search_later(self) -> None:
        """Count the search's whole list once typing rests, when its count stopped early."""
        if self._count_timer is not None:
            self._count_timer.stop()
            self._count_timer = None
        window = self.articles.window
        if self.search_text is not None and window is not None and window.more:
            self._count_timer = self.set_timer(COUNT_ALL_AFTER, self._count_search_all)

    def _count_search_all(self) -> None:
        """Typing rested: the list and the status count every match, not just the first ones."""
        self._count_timer = None
        if self.search_text is not None:
            self.articles.count_all()
            self._shown()

    @on(SearchInput.Submitted, "#search")
    def _search_submitted(self, event: SearchInput.Submitted) -> None:
        event.stop()
        self.articles.focus()

    @on(SearchInput.Cancelled)
    def _search_cancelled(self, event: SearchInput.Cancelled) -> None:
        event.stop()
        self.leave_search()

    @on(ArticleList.Back)
    def _list_back(self, event: ArticleList.Back) -> None:
        # Out of a search first; else the screen takes the user to the sidebar.
        if self.search_text is not None or self.search_box.display:
            event.stop()
            self.leave_search()

    def leave_search(self) -> None:
        """Back to the sidebar's view, with the article highlighted before the search."""
        self.close_search()
        self.show_view(self.view)
        if self._before_search is not None and self.articles.window is not None:
            index = self.articles.window.index_of(self._before_search)
            if index is not None:
                self.articles.move_to(index)
        self._before_search = None
        self.articles.focus()

    def close_search(self) -> None:
        """Hide the box and forget the search (the caller shows a view)."""
        self.search_text = None
        self._query_error = None
        if self._count_timer is not None:
            self._count_timer.stop()
            self._count_timer = None
        box = self.search_box
        with box.prevent(SearchInput.Changed):
            box.value = ""
        box.display = False

    def retype_into_search(self, event: events.Key) -> None:
        """Keys of a fast burst ("/kapuas" pasted or typed quickly) that were already on their
        way to the list when `/` moved focus to the search box arrive unhandled:
        type them into the box instead of dropping them."""
        box = self.search_box
        typed = event.is_printable or event.key in ("enter", "backspace")
        if typed and self.app.focused is box and getattr(event, "_sender", None) is not box:
            event.stop()
            box.post_message(events.Key(event.key, event.character))

    # ------------------------------------------------------------------ marks

    def current_row(self) -> ArticleRow | None:
        """The highlighted article, or None (and the user told there is none)."""
        row = self.articles.current
        if row is None:
            say(self, translator(self.lang).gettext("No article is selected."), "warning")
        return row

    def toggle_read(self) -> Marked | None:
        """Mark the highlighted article read or unread: what changed, None when there is none."""
        row = self.current_row()
        if row is None:
            return None
        try:
            marked = kalbar(self).core.toggle_read_marked(row.id)
        except DatabaseError as exc:
            mark_not_kept(self, self.lang, exc)
            return None
        if not marked.article_ids:
            return None  # pruned meanwhile
        # The user's choice stands: resting on it later never marks it read again.
        self.keep_unread(row.id, not marked.read)
        self.articles.update_row(row.id, read=marked.read)
        return marked

    def keep_unread(self, article_id: int, kept: bool) -> None:
        """Set unread by the user (True): resting on the article never marks it read."""
        if kept:
            self._kept_unread.add(article_id)
        else:
            self._kept_unread.discard(article_id)

    def toggle_star(self) -> bool | None:
        """Star or unstar the highlighted article: the new star, or None when there is none."""
        row = self.current_row()
        if row is None:
            return None
        try:
            starred = kalbar(self).core.toggle_star(row.id)
        except DatabaseError as exc:
            mark_not_kept(self, self.lang, exc)
            return None
        self.articles.update_row(row.id, starred=starred)
        return starred

    def opened(self, row: ArticleRow) -> bool:
        """The user opened this article: it is read now. True when that changed its mark."""
        self._kept_unread.discard(row.id)
        if row.read:
            return False
        try:
            kalbar(self).core.mark([row.id], "read")
        except UnknownArticles:
            pass  # pruned meanwhile: nothing to mark
        except DatabaseError as exc:
            mark_not_kept(self, self.lang, exc)
            return False
        self.articles.update_row(row.id, read=True)
        return True

    def kept_unread(self, article_id: int) -> bool:
        """The user set this article unread with `m`: resting on it never marks it read."""
        return article_id in self._kept_unread


def demo_command() -> str:
    """How to start the demo, as this reader was started: `kalbartui --demo` when that is on
    PATH, else the path of the running program (after `make run` it is in .venv/bin)."""
    import shutil

    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if program is not None and program.name == "kalbartui":
        found = shutil.which("kalbartui")
        if found is not None and Path(found).resolve() == program.resolve():
            return "kalbartui --demo"
        return f"{program} --demo"
    return "kalbartui --demo" if shutil.which("kalbartui") else "make run ARGS=--demo"


def query_words(text: str) -> list[str]:
    """The words a search looks for, to mark in the list's titles."""
    try:
        return wanted_words(parse(text))
    except QueryError:
        return []
