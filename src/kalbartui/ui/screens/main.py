"""The reader's main screen: category sidebar, article list, reading pane, over the local cache.

The cache is the truth on screen: the first paint reads only SQLite, and the network
(a refresh in a child process) only ever adds to it. Search and links live in their own
modules (ui/search.py, ui/links.py, ui/refreshing.py) and are mixed in here.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.worker import Worker

from kalbartui.i18n import message, t, tn
from kalbartui.models import ArticleRow, Category
from kalbartui.refresh.report import RefreshReport, is_offline
from kalbartui.store import Query, Store, connect
from kalbartui.store.fts import search_syntax, search_words
from kalbartui.store.window import ArticleWindow
from kalbartui.text import clean_line
from kalbartui.ui.keyhelp import key_help
from kalbartui.ui.links import LinksMixin
from kalbartui.ui.messages import CountsLoaded
from kalbartui.ui.refreshing import RefreshMixin
from kalbartui.ui.search import SearchMixin
from kalbartui.ui.state import save_state
from kalbartui.ui.widgets.article_list import ArticleList
from kalbartui.ui.widgets.article_view import ArticleView
from kalbartui.ui.widgets.footer import KeyFooter
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
# Below either size, one pane at a time, as mail readers do: the list at full height,
# enter opens the article over it, esc goes back.
ONE_PANE_BELOW = (90, 28)  # (columns, rows)
FOOTER_FULL_FROM = 120  # columns: narrower terminals get the footer's short set of keys
# The footer's keys at narrow widths: the rest stay on `?` and in the palette.
FOOTER_NARROW = {"quit", "help", "search", "next_unread", "open", "back"}

DwellTimer = Callable[[float, Callable[[], None]], "Stoppable"]


class Stoppable(Protocol):
    """What the reader needs of a timer: that it can be stopped (Textual's Timer, a test's fake)."""

    def stop(self) -> None: ...


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
        self._count_timer: Stoppable | None = None  # see SearchMixin
        self.counts = Counts()
        self._refresh_worker: Worker[RefreshReport | None] | None = None
        self._refreshing = False  # from the start of a refresh until its result is shown
        self._progress_seq = 0  # the newest RefreshProgress posted; older ones are stale
        self._preview_pending = False
        self._preview_by_user = False  # the pending preview follows a move of the user's
        self._dwell: Stoppable | None = None
        # The timer that marks an article read after the user rested on it; a test swaps it
        # for one it fires by hand.
        self.dwell_timer: DwellTimer = self.set_timer
        # Articles the user marked unread with `m`: resting on them never marks them read.
        self._kept_unread: set[int] = set()
        self._shown: dict[tuple[int, str, str], bool] = {}  # each binding's own `show`
        self._reading = False  # one-pane layout: the article is open over the list
        self._failing: frozenset[str] | None = None  # feeds failing at the last report (URLs)
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
        yield KeyFooter()

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
        self._apply_size(self.app.size.width, self.app.size.height)
        self.load_sidebar(selected="all")
        # The list's length is the sidebar's total, read a moment ago: not counted twice.
        self.show_view(self.sidebar.views["all"], count=self.counts.totals.get("all"))
        self.articles.focus()
        last_ok, _checked, failing = self.store.last_refresh()
        # Not store.feeds(), which counts every feed's articles (a scan that grows with the cache).
        active, failing_urls = self.store.feed_health()
        offline = is_offline(active, failing)
        self.status.state.syncing = self.config.sync is not None
        self.status.set(last_ok=last_ok, offline=offline, failed=0 if offline else failing)
        # Feeds already failing at the last run: the status line says so; no toast for them.
        self._failing = failing_urls
        self.set_interval(60, self.tick)
        # Everything built so far lives as long as the app: keep it out of the collector's
        # sweeps, which otherwise pause the screen for tens of ms once a refresh allocates.
        gc.freeze()
        gc.enable()  # the CLI turns it off while the reader starts (kalbartui.cli)
        if app.background_refresh:
            if self.config.refresh_on_start:
                self.call_after_refresh(self.refresh_after_start_up)
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
        """Wide: three panes side by side; narrow: the reading pane under the list; small:
        one pane at a time."""
        self._apply_size(event.size.width, event.size.height)

    @property
    def one_pane(self) -> bool:
        """True when the screen is too small for list and article together."""
        return self.query_one("#body").has_class("-one-pane")

    def _apply_size(self, width: int, height: int) -> None:
        body = self.query_one("#body")
        one_pane = width < ONE_PANE_BELOW[0] or height < ONE_PANE_BELOW[1]
        body.set_class(width < NARROW_BELOW and not one_pane, "-narrow")
        body.set_class(one_pane, "-one-pane")
        if not one_pane and self._reading:
            self._set_reading(False)
        self._apply_footer(width)

    def _apply_footer(self, width: int) -> None:
        # The footer cuts what does not fit mid-word: narrow screens get fewer, chosen keys.
        narrow = width < FOOTER_FULL_FROM
        for node in (self, *self.query("ArticleList, Reader")):
            bindings = node._bindings.key_to_bindings  # noqa: SLF001 - the node's own copy
            for key, items in bindings.items():
                bindings[key] = [self._footer_binding(node, b, narrow) for b in items]
        footer = self.query_one(KeyFooter)
        footer.compact = narrow
        footer.show_command_palette = not narrow
        self.refresh_bindings()

    def _footer_binding(self, node: object, binding: Binding, narrow: bool) -> Binding:
        shown = self._shown.setdefault((id(node), binding.id or "", binding.key), binding.show)
        show = shown and (not narrow or binding.id in FOOTER_NARROW)
        return binding if binding.show == show else replace(binding, show=show)

    def _set_reading(self, reading: bool) -> None:
        """One-pane layout: the article over the list (True) or the list (False)."""
        self._reading = reading
        self.query_one("#body").set_class(reading, "-reading")
        wanted = bool(self.kalbar.state.get("sidebar", True))
        self.sidebar.display = wanted and not (reading and self.one_pane)

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

    def show_view(self, view: View, count: int | None = None) -> None:
        """Open a sidebar entry: the list from the top, newest first (`count`: its length,
        when it was read just now)."""
        self.view = view
        category = view.label if view.key.startswith("cat-") else None
        self.articles.show_window(
            ArticleWindow(self.store, view.query, count=count),
            self._empty_message(),
            category=category,
        )
        self._update_status()

    def choose_view(self, key: str) -> None:
        """Open a sidebar entry by its key (command palette); leaves any search."""
        if self._reading:
            self._set_reading(False)
        if self.search_text is not None:
            self._close_search()
        self.sidebar.select_key(key)
        view = self.sidebar.views.get(key)
        if view is not None and view.key != self.view.key:
            self.show_view(view)
        self.articles.focus()

    def _empty_message(self) -> str:
        if self.search_text is not None:
            text = clean_line(self.search_text, 60)
            if search_syntax(self.search_text):
                # Quotes, brackets and OR are not search syntax here: say how it was read.
                words = ", ".join(search_words(self.search_text)) or "—"
                return t("list.no_results_syntax", self.lang, text=text, words=words)
            return t("list.no_results", self.lang, text=text)
        if self._refreshing and self.view.key == "all":
            return t("list.empty_refreshing", self.lang)
        if self.view.key == "all" and self.status.state.offline:
            # A first start with no network: say what can be done instead of an empty pane.
            return t("list.empty_offline", self.lang, demo=demo_command())
        return t("list.empty", self.lang)

    def _update_status(self) -> None:
        hint = ""
        if self.search_text is not None and search_syntax(self.search_text):
            words = ", ".join(search_words(self.search_text)) or "—"
            hint = t("search.plain_words", self.lang, words=clean_line(words, 60))
        window = self.articles.window
        self.status.set(
            view=self.view.label,
            count=self.articles.count,
            more=window is not None and window.more,
            search=self.search_text,
            hint=hint,
        )

    def reload_articles(self) -> None:
        """The store changed (refresh, mark all): fresh counts, same highlighted article."""
        self.refresh_counts()
        self.articles.reload(self._empty_message())
        self._update_status()
        self._count_search_later()  # a search's list counted anew stops early again

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
        self._preview_by_user = event.by_user
        if not self._preview_pending:
            self._preview_pending = True
            self.call_after_refresh(self._show_preview)

    def _show_preview(self) -> None:
        self._preview_pending = False
        by_user, self._preview_by_user = self._preview_by_user, False
        row = self.articles.current
        self._stop_dwell()
        if row is None:
            self.reader.show(None)
            return
        if self.reader.article is None or self.reader.article.id != row.id:
            self.reader.show(self.store.article(row.id))
        seconds = self.config.mark_read_after_seconds
        # Only an article the user moved to, shown in the reading pane, is read by resting on
        # it: not the first one at start-up or of a category, nor one kept unread with `m`.
        if by_user and seconds > 0 and not row.read and self._reader_visible():
            if row.id not in self._kept_unread:
                article_id = row.id
                self._dwell = self.dwell_timer(seconds, lambda: self._dwell_done(article_id))

    def _reader_visible(self) -> bool:
        return not self.one_pane or self._reading

    def _stop_dwell(self) -> None:
        if self._dwell is not None:
            self._dwell.stop()
            self._dwell = None

    def _dwell_done(self, article_id: int) -> None:
        self._dwell = None
        row = self.articles.current
        if row is None or row.id != article_id or row.read or article_id in self._kept_unread:
            return
        if self.app.screen is self and self._reader_visible():
            self.open_current(focus=False)

    @on(ArticleList.Opened)
    def _opened(self, event: ArticleList.Opened) -> None:
        self.open_current(focus=True)

    def open_current(self, focus: bool = False) -> None:
        """Show the highlighted article in the reading pane and mark it read."""
        row = self.articles.current
        if row is None:
            return
        self._stop_dwell()
        self._kept_unread.discard(row.id)
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
            if self.one_pane:
                self._set_reading(True)
            self.reader.focus()

    @on(Reader.Back)
    def _reader_back(self) -> None:
        if self._reading:
            self._set_reading(False)
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
            # The end of a category: on to the next one with unread articles, as newsboat does.
            if not self._next_category():
                self.say(t("notify.nothing_unread", self.lang))
            return
        self.articles.move_to(index)
        self.open_current(focus=self.one_pane)

    def _next_category(self) -> bool:
        """Open the first unread article of the next category that has one; False if none."""
        if self.search_text is not None or not self.view.key.startswith("cat-"):
            return False
        keys = [k for k in self.sidebar.views if k.startswith("cat-")]
        if self.view.key not in keys:
            return False
        at = keys.index(self.view.key)
        for key in keys[at + 1 :] + keys[:at]:
            view = self.sidebar.views[key]
            if self.store.count(replace(view.query, unread_only=True)) == 0:
                continue
            self.show_view(view)
            self.sidebar.select_key(key)
            window = self.articles.window
            if window is None:
                return False
            first = window.row(0)
            index = 0 if first is not None and not first.read else window.next_unread(0)
            if index is None:
                continue
            self.articles.move_to(index)
            self.open_current(focus=self.one_pane)
            self.say(t("notify.next_category", self.lang, name=view.label), timeout=3)
            return True
        return False

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
        self.open_current(focus=self.one_pane)

    def action_read_page(self) -> None:
        """Space: read on. Pages the reading pane; at its end, the next unread article."""
        row = self.articles.current
        if row is None:
            return
        if not self._reader_visible():
            # One pane at a time and the list is up: space opens the article, as in mutt.
            self.open_current(focus=True)
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
                if not self._next_category():
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
        self._stop_dwell()
        read = self.kalbar.core.toggle_read(row.id)
        # The user's choice stands: resting on it later never marks it read again.
        if read:
            self._kept_unread.discard(row.id)
        else:
            self._kept_unread.add(row.id)
        self.articles.update_row(row.id, read=read)
        self.refresh_counts()

    def action_toggle_star(self) -> None:
        """Star or unstar the highlighted article."""
        row = self._current_row()
        if row is None:
            return
        starred = self.kalbar.core.toggle_star(row.id)
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
        question = tn("confirm.mark_all", unread, self.lang, view=label)

        def answered(yes: bool | None) -> None:
            if yes:
                changed = self.kalbar.core.mark_all_read(query)
                self.reload_articles()
                if self.reader.article is not None:
                    self.reader.article = self.store.article(self.reader.article.id)
                self.say(tn("notify.marked_read", changed, self.lang))

        from kalbartui.ui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question, self.lang), answered)

    # ------------------------------------------------------------------ other screens

    def action_help(self) -> None:
        """The keys, as they are now, on a help screen."""
        from kalbartui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.key_help(), self.lang))

    # The reading pane's whole-story requests: the app fetches pages and pictures (ui/story_loader.py).
    # Messages stop at the screen, so they are handed on from here.
    def on_article_view_shown(self, message: ArticleView.Shown) -> None:
        """Another article is on show: the app may fetch its page or picture."""
        self.kalbar.on_article_view_shown(message)

    def on_article_view_full_text_wanted(self, message: ArticleView.FullTextWanted) -> None:
        """`f` in the pane: fetch the whole article now."""
        self.kalbar.on_article_view_full_text_wanted(message)

    def on_article_view_image_wanted(self, message: ArticleView.ImageWanted) -> None:
        """A picture asked for: open it on its own screen."""
        self.kalbar.on_article_view_image_wanted(message)

    def action_feed_errors(self) -> None:
        """Each feed's last fetch, failures first."""
        notes = [message(s.note(), self.lang) for s in self.kalbar.core.discovery() if s.fallback]
        sync = self.config.sync
        sync_note = "" if sync is None else t("feeds.sync_note", self.lang, url=sync.url)
        from kalbartui.ui.screens.feed_errors import FeedErrorsScreen

        feeds, pages = self.store.feeds(), self.kalbar.core.page_failures()
        self.app.push_screen(FeedErrorsScreen(feeds, self.lang, self.now, sync_note, notes, pages))

    def action_export_opml(self) -> None:
        """Write every feed as OPML into the data dir, and say where."""
        from kalbartui.feedlist import FeedListError

        try:
            done = self.kalbar.core.export_opml()
        except FeedListError as exc:
            error = clean_line(message(exc.problem, self.lang), 200)
            self.say(t("notify.export_error", self.lang, error=error), "error")
            return
        key = "notify.exported_one" if done.count == 1 else "notify.exported"
        self.say(
            t(key, self.lang, count=done.count, path=clean_line(str(done.path), 200)), timeout=8
        )

    def action_import_opml(self) -> None:
        """Ask for an OPML file; add its new feeds to the config and refresh."""
        from kalbartui.ui.screens.ask_path import AskPathScreen

        def answered(answer: str | None) -> None:
            if answer:
                self.import_opml(Path(answer).expanduser())

        question = t("ask.opml_path", self.lang)
        self.app.push_screen(AskPathScreen(question, self.lang, "~/feeds.opml"), answered)

    def import_opml(self, source: Path) -> None:
        """Add the new feeds of an OPML file to the config file, then refresh with them."""
        from kalbartui.config import ConfigError, load_config
        from kalbartui.feedlist import FeedListError

        app = self.kalbar
        try:
            result = app.core.import_opml(source)
            if result.added:
                app.config = replace(load_config(result.config_file), language=self.config.language)
        except (FeedListError, ConfigError) as exc:
            error = clean_line(message(exc.problem, self.lang), 200)
            self.say(t("notify.import_error", self.lang, error=error), "error")
            return
        if not result.added:
            self.say(t("notify.imported_none", self.lang, path=clean_line(str(source), 200)))
            return
        key = "notify.imported_one" if result.added == 1 else "notify.imported"
        where = clean_line(str(result.config_file), 200)
        self.say(t(key, self.lang, count=result.added, path=where), timeout=8)
        self.action_refresh_feeds()

    def action_toggle_sidebar(self) -> None:
        """Hide or show the sidebar; remembered for the next start."""
        sidebar = self.sidebar
        state = self.kalbar.state
        state["sidebar"] = not bool(state.get("sidebar", True))
        save_state(self.kalbar.paths.state_file, state)
        self._set_reading(self._reading)  # shows or hides it, as the layout allows
        if not sidebar.display and sidebar.has_focus:
            self.articles.focus()

    def action_quit(self) -> None:
        """Leave the reader."""
        self.app.exit(0)

    def key_help(self) -> list[tuple[str, list[KeyHelp]]]:
        """Every binding with the keys it has now (after `[keys]`), grouped by pane."""
        return key_help(self.BINDINGS, self.config.keys, self.app.get_key_display, self.lang)

    # ------------------------------------------------------------------ helpers

    def announce_failures(self, offline: bool, failing: frozenset[str]) -> None:
        """Toast about failing feeds only when the set of them changed since the last refresh:
        the status line already says it the rest of the time."""
        before, self._failing = self._failing, failing
        if failing == (before or frozenset()):
            return
        if offline:
            # With nothing cached there are no "cached news" to show: the list says what to do.
            cached = self.store.totals().get("all", 0) > 0
            self.say(
                t("notify.offline" if cached else "notify.offline_empty", self.lang), "warning"
            )
        elif failing:
            self.say(t("notify.failed", self.lang, count=len(failing)), "warning")

    def say(
        self, message: str, severity: str = "information", timeout: float | None = None
    ) -> None:
        """notify() with markup off: messages carry URLs and titles from feeds."""
        self.app.notify(message, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]


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
