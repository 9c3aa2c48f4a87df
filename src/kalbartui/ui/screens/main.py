"""The reader's main screen: category sidebar, article list, reading pane, over the local cache.

The cache is the truth on screen: the first paint reads only SQLite, and the network
(a refresh in a child process) only ever adds to it. Search and links live in their own
modules (ui/search.py, ui/links.py, ui/refreshing.py) and are mixed in here.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import Worker

from kalbartui.i18n import t
from kalbartui.models import ArticleRow, Category
from kalbartui.refresh_report import RefreshReport, is_offline
from kalbartui.store import Query, Store, connect
from kalbartui.store.window import ArticleWindow
from kalbartui.text import clean_line
from kalbartui.ui.keyhelp import key_help
from kalbartui.ui.links import LinksMixin
from kalbartui.ui.messages import CountsLoaded
from kalbartui.ui.refreshing import RefreshMixin
from kalbartui.ui.search import SearchMixin
from kalbartui.ui.state import save_state
from kalbartui.ui.widgets.article_list import ArticleList
from kalbartui.ui.widgets.localized import localize_bindings
from kalbartui.ui.widgets.reader import Reader
from kalbartui.ui.widgets.search import SearchInput
from kalbartui.ui.widgets.sidebar import Sidebar, View
from kalbartui.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from kalbartui.config import Config
    from kalbartui.ui.app import KalbarApp
    from kalbartui.ui.screens.help import KeyHelp

NARROW_BELOW = 110  # columns: below this the reading pane goes under the list
READ_AFTER_SECONDS = 2.0  # an article shown this long in the reading pane counts as read


@dataclass
class Counts:
    """The sidebar's counts as last read: what the command palette shows, without a query."""

    categories: list[Category] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)


class MainScreen(SearchMixin, LinksMixin, RefreshMixin, Screen[None]):
    """The three panes and every key of the reader; background work reports here by message."""

    BINDINGS = [
        Binding("q", "quit", "key.quit", id="quit"),
        Binding("question_mark,f1", "help", "key.help", id="help"),
        Binding("r", "refresh_feeds", "key.refresh", id="refresh"),
        Binding("slash", "search", "key.search", id="search"),
        Binding("n", "next_unread", "key.next_unread", id="next_unread"),
        Binding("p", "prev_unread", "key.prev_unread", show=False, id="prev_unread"),
        Binding("m", "toggle_read", "key.toggle_read", show=False, id="toggle_read"),
        Binding("s", "toggle_star", "key.toggle_star", id="toggle_star"),
        Binding("A", "mark_all_read", "key.mark_all_read", show=False, id="mark_all_read"),
        Binding("o", "open_browser", "key.open_browser", show=False, id="open_browser"),
        Binding("c", "copy_link", "key.copy_link", show=False, id="copy_link"),
        Binding("space", "read_page", "key.read_page", show=False, id="read_page"),
        Binding("b", "read_page_back", "key.read_page_back", show=False, id="read_page_back"),
        Binding("e", "feed_errors", "key.feed_errors", show=False, id="feed_errors"),
        Binding(
            "backslash,ctrl+b",
            "toggle_sidebar",
            "key.toggle_sidebar",
            show=False,
            id="toggle_sidebar",
        ),
    ]

    def __init__(self, lang: str, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.lang = lang
        self.view = View("all", t("sidebar.all", lang), Query())
        self.search_text: str | None = None
        self._before_search: int | None = None  # article highlighted when the search began
        self.counts = Counts()
        self._refresh_worker: Worker[RefreshReport | None] | None = None
        self._refreshing = False  # from the start of a refresh until its result is shown
        self._progress_seq = 0  # the newest RefreshProgress posted; older ones are stale
        self._preview_pending = False
        self._dwell: Timer | None = None
        localize_bindings(self, lang)

    # ------------------------------------------------------------------ the app's parts

    @property
    def kalbar(self) -> KalbarApp:
        """The reader app: config, paths, store, clock."""
        return cast("KalbarApp", self.app)

    @property
    def store(self) -> Store:
        """The event loop's connection to the cache (reads and the reader's own small writes)."""
        return self.kalbar.store

    @property
    def config(self) -> Config:
        """The user's config."""
        return self.kalbar.config

    def now(self) -> datetime:
        """The time, from the app's clock (fixed in tests)."""
        return self.kalbar.now()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Sidebar | list over search | reading pane, status line and footer below."""
        app = self.kalbar
        with Horizontal(id="body"):
            yield Sidebar(self.lang, id="sidebar")
            with Container(id="panes"):
                with Vertical(id="list-pane"):
                    yield SearchInput(placeholder=t("search.placeholder", self.lang), id="search")
                    yield ArticleList(self.lang, self.now, tz=app.tz, id="articles")
                yield Reader(self.lang, app.tz, self.now, id="reader")
        yield StatusLine(self.lang, self.now, id="status")
        yield Footer()

    @property
    def sidebar(self) -> Sidebar:
        """The category sidebar."""
        return self.query_one("#sidebar", Sidebar)

    @property
    def articles(self) -> ArticleList:
        """The article list."""
        return self.query_one("#articles", ArticleList)

    @property
    def reader(self) -> Reader:
        """The reading pane."""
        return self.query_one("#reader", Reader)

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one("#status", StatusLine)

    @property
    def search_box(self) -> SearchInput:
        """The search box over the list (hidden until `/`)."""
        return self.query_one("#search", SearchInput)

    def on_mount(self) -> None:
        """First paint from the cache only; the network comes later, in a thread."""
        app = self.kalbar
        self.query_one("#list-pane").border_title = t("list.title", self.lang)
        self.sidebar.border_title = t("sidebar.title", self.lang)
        self.reader.border_title = t("reader.title", self.lang)
        self.sidebar.display = bool(app.state.get("sidebar", True))
        self._apply_width(self.app.size.width)
        self.load_sidebar(selected="all")
        self.show_view(self.sidebar.views["all"])
        self.articles.focus()
        last_ok, _checked, failing = self.store.last_refresh()
        feeds = len(self.store.feeds())
        offline = is_offline(feeds, failing)
        self.status.set(last_ok=last_ok, offline=offline, failed=0 if offline else failing)
        self.set_interval(60, self.tick)
        # Everything built so far lives as long as the app: keep it out of the collector's
        # sweeps, which otherwise pause the screen for tens of ms once a refresh allocates.
        gc.freeze()
        if app.background_refresh:
            if self.config.refresh_on_start:
                self.call_after_refresh(self.action_refresh_feeds)
            if self.config.refresh_interval_minutes > 0:
                self.set_interval(self.config.refresh_interval_minutes * 60, self._periodic_refresh)

    def retype_into_search(self, event: events.Key) -> None:
        """Keys of a fast burst ("/kapuas" pasted or typed quickly) that were already on their
        way to the list when `/` moved focus to the search box arrive unhandled:
        type them into the box instead of dropping them."""
        box = self.search_box
        typed = event.is_printable or event.key in ("enter", "backspace")
        if typed and self.app.focused is box and getattr(event, "_sender", None) is not box:
            event.stop()
            box.post_message(events.Key(event.key, event.character))

    def on_resize(self, event: events.Resize) -> None:
        """Wide: three panes side by side; narrow: the reading pane under the list."""
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.query_one("#body").set_class(width < NARROW_BELOW, "-narrow")

    def tick(self) -> None:
        """Once a minute: relative times move on. A redraw, never a query."""
        self.articles.redraw()
        self.reader.rerender()
        self.status.redraw()

    # ------------------------------------------------------------------ views

    def load_sidebar(self, selected: str | None = None) -> None:
        """Sidebar counts, read now (the first paint needs them)."""
        self._show_counts(self.store.categories(), self.store.totals(), selected)

    def _show_counts(
        self, categories: list[Category], totals: dict[str, int], selected: str | None = None
    ) -> None:
        self.counts = Counts(categories, totals)
        self.sidebar.show(categories, totals, selected)

    def refresh_counts(self) -> None:
        """Sidebar counts, read in the background: on a big cache the GROUP BY takes a moment."""
        self._counts_worker()

    @work(thread=True, exclusive=True, exit_on_error=False, group="counts")
    def _counts_worker(self) -> None:
        store = Store(connect(self.kalbar.paths.database, readonly=True))
        try:
            self.post_message(CountsLoaded(store.categories(), store.totals()))
        finally:
            store.close()

    @on(CountsLoaded)
    def _counts_loaded(self, message: CountsLoaded) -> None:
        self._show_counts(message.categories, message.totals)

    def show_view(self, view: View) -> None:
        """Open a sidebar entry: the list from the top, newest first."""
        self.view = view
        self.articles.show_window(ArticleWindow(self.store, view.query), self._empty_message())
        self._update_status()

    def choose_view(self, key: str) -> None:
        """Open a sidebar entry by its key (command palette); leaves any search."""
        if self.search_text is not None:
            self._close_search()
        self.sidebar.select_key(key)
        view = self.sidebar.views.get(key)
        if view is not None and view.key != self.view.key:
            self.show_view(view)
        self.articles.focus()

    def _empty_message(self) -> str:
        if self.search_text is not None:
            return t("list.no_results", self.lang, text=clean_line(self.search_text, 60))
        if self._refreshing and self.view.key == "all":
            return t("list.empty_refreshing", self.lang)
        if self.view.key == "all" and self.status.state.offline:
            # A first start with no network: say what can be done instead of an empty pane.
            return t("list.empty_offline", self.lang)
        return t("list.empty", self.lang)

    def _update_status(self) -> None:
        self.status.set(view=self.view.label, count=self.articles.count, search=self.search_text)

    def reload_articles(self) -> None:
        """The store changed (refresh, mark all): fresh counts, same highlighted article."""
        self.refresh_counts()
        self.articles.reload(self._empty_message())
        self._update_status()

    @on(Sidebar.Chosen)
    def _sidebar_chosen(self, event: Sidebar.Chosen) -> None:
        if self.search_text is not None:
            self._close_search()
        elif event.view.key == self.view.key:
            return
        self.show_view(event.view)

    @on(Sidebar.Entered)
    def _sidebar_entered(self) -> None:
        self.articles.focus()

    # ------------------------------------------------------------------ reading

    @on(ArticleList.Highlighted)
    def _preview(self, event: ArticleList.Highlighted) -> None:
        # Drawing an article costs more than moving the cursor: when keys arrive faster than
        # that (a held j), the list moves on each key and the pane catches up once per frame.
        if not self._preview_pending:
            self._preview_pending = True
            self.call_after_refresh(self._show_preview)

    def _show_preview(self) -> None:
        self._preview_pending = False
        row = self.articles.current
        if self._dwell is not None:
            self._dwell.stop()
            self._dwell = None
        if row is None:
            self.reader.show(None)
            return
        if self.reader.article is None or self.reader.article.id != row.id:
            self.reader.show(self.store.article(row.id))
        if not row.read:
            # Shown long enough to be read: marked read. Scrolling past with j marks nothing.
            self._dwell = self.set_timer(READ_AFTER_SECONDS, lambda: self._dwell_done(row.id))

    def _dwell_done(self, article_id: int) -> None:
        self._dwell = None
        row = self.articles.current
        if row is not None and row.id == article_id and not row.read:
            self.open_current(focus=False)

    @on(ArticleList.Opened)
    def _opened(self, event: ArticleList.Opened) -> None:
        self.open_current(focus=True)

    def open_current(self, focus: bool = False) -> None:
        """Show the highlighted article in the reading pane and mark it read."""
        row = self.articles.current
        if row is None:
            return
        if not row.read:
            self.store.set_read([row.id])
            self.articles.update_row(row.id, read=True)
            self.refresh_counts()
        article = self.store.article(row.id)
        if self.reader.article is None or article is None or self.reader.article.id != article.id:
            self.reader.show(article)
        else:
            self.reader.article = article
        if focus:
            self.reader.focus()

    @on(Reader.Back)
    def _reader_back(self) -> None:
        self.articles.focus()

    @on(ArticleList.Back)
    def _list_back(self) -> None:
        if self.search_text is not None or self.search_box.display:
            self.leave_search()
        elif self.sidebar.display:
            self.sidebar.focus()

    @on(Reader.LinkClicked)
    def _link_clicked(self, event: Reader.LinkClicked) -> None:
        self.open_link(event.url)

    @on(SearchInput.Changed, "#search")
    def _search_changed(self, event: SearchInput.Changed) -> None:
        self.search_changed(event.value)

    @on(SearchInput.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.articles.focus()

    @on(SearchInput.Cancelled)
    def _search_cancelled(self) -> None:
        self.leave_search()

    def _current_row(self) -> ArticleRow | None:
        row = self.articles.current
        if row is None:
            self.say(t("notify.no_article", self.lang), "warning")
        return row

    def action_next_unread(self) -> None:
        """The next unread article, opened."""
        window = self.articles.window
        if window is None or window.count == 0:
            return
        index = window.next_unread(self.articles.cursor)
        if index is None:
            self.say(t("notify.nothing_unread", self.lang))
            return
        self.articles.move_to(index)
        self.open_current()

    def action_prev_unread(self) -> None:
        """The previous unread article, opened."""
        window = self.articles.window
        if window is None or window.count == 0:
            return
        index = window.previous_unread(self.articles.cursor)
        if index is None:
            self.say(t("notify.nothing_unread", self.lang))
            return
        self.articles.move_to(index)
        self.open_current()

    def action_read_page(self) -> None:
        """Space: read on. Pages the reading pane; at its end, the next unread article."""
        row = self.articles.current
        if row is None:
            return
        shown = self.reader.article is not None and self.reader.article.id == row.id
        if not row.read:
            self.open_current()
            if not shown:
                return
        if not self.reader.page_forward():
            index = (
                self.articles.window.next_unread(self.articles.cursor)
                if self.articles.window
                else None
            )
            if index is None:
                self.say(t("notify.nothing_unread", self.lang))
                return
            self.articles.move_to(index)
            self.open_current()

    def action_read_page_back(self) -> None:
        """b: the reading pane a page back."""
        self.reader.page_back()

    def action_toggle_read(self) -> None:
        """Mark the highlighted article read or unread."""
        row = self._current_row()
        if row is None:
            return
        read = self.store.toggle_read(row.id)
        self.articles.update_row(row.id, read=read)
        self.refresh_counts()

    def action_toggle_star(self) -> None:
        """Star or unstar the highlighted article."""
        row = self._current_row()
        if row is None:
            return
        starred = self.store.toggle_star(row.id)
        self.articles.update_row(row.id, starred=starred)
        self.refresh_counts()
        self.say(t("notify.starred" if starred else "notify.unstarred", self.lang), timeout=2)

    def action_mark_all_read(self) -> None:
        """Mark every article of the list read, once the user says yes."""
        query = self.articles.window.query if self.articles.window else self.view.query
        unread = self.store.count(replace(query, unread_only=True))
        if unread == 0:
            self.say(t("notify.nothing_unread", self.lang))
            return
        label = (
            self.view.label
            if self.search_text is None
            else t("search.label", self.lang, text=self.search_text)
        )
        question = t("confirm.mark_all", self.lang, count=unread, view=label)

        def answered(yes: bool | None) -> None:
            if yes:
                changed = self.store.mark_all_read(query)
                self.reload_articles()
                if self.reader.article is not None:
                    self.reader.article = self.store.article(self.reader.article.id)
                self.say(t("notify.marked_read", self.lang, count=changed))

        from kalbartui.ui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question, self.lang), answered)

    # ------------------------------------------------------------------ other screens

    def action_help(self) -> None:
        """The keys, as they are now, on a help screen."""
        from kalbartui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.key_help(), self.lang))

    def action_feed_errors(self) -> None:
        """Each feed's last fetch, failures first."""
        from kalbartui.ui.screens.feed_errors import FeedErrorsScreen

        self.app.push_screen(FeedErrorsScreen(self.store.feeds(), self.lang, self.now))

    def action_toggle_sidebar(self) -> None:
        """Hide or show the sidebar; remembered for the next start."""
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        if not sidebar.display and sidebar.has_focus:
            self.articles.focus()
        state = self.kalbar.state
        state["sidebar"] = sidebar.display
        save_state(self.kalbar.paths.state_file, state)

    def action_quit(self) -> None:
        """Leave the reader."""
        self.app.exit(0)

    def key_help(self) -> list[tuple[str, list[KeyHelp]]]:
        """Every binding with the keys it has now (after `[keys]`), grouped by pane."""
        return key_help(self.BINDINGS, self.config.keys, self.app.get_key_display, self.lang)

    # ------------------------------------------------------------------ helpers

    def say(
        self, message: str, severity: str = "information", timeout: float | None = None
    ) -> None:
        """notify() with markup off: messages carry URLs and titles from feeds."""
        self.app.notify(message, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]
