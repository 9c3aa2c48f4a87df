"""The reader's main screen: category sidebar, article list, reading pane, over the local cache.

The cache is the truth on screen: the first paint reads only SQLite, and the network
(a refresh in a child process) only ever adds to it. The screen lays out its parts
(ui/parts), hands each part's news on to the parts it concerns, and holds the keys.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer

from kalbartui.i18n import N_, message, translator
from kalbartui.keymap import resolve
from kalbartui.refresh.due import any_schedule
from kalbartui.store import DatabaseError, Query
from kalbartui.ui.keyhelp import key_help
from kalbartui.ui.messages import AuthorsFetched, CacheUnwritable, PagesFetched, RefreshProgress
from kalbartui.ui.parts import saved_views
from kalbartui.ui.parts.counts import Counts
from kalbartui.ui.parts.feeds import FeedList
from kalbartui.ui.parts.links import Links
from kalbartui.ui.parts.list_pane import ListPane
from kalbartui.ui.parts.panes import Panes
from kalbartui.ui.parts.part import kalbar, say
from kalbartui.ui.parts.refresh import Refresher, alert_words
from kalbartui.ui.state import save_state
from kalbartui.ui.widgets.article_list import ArticleList
from kalbartui.ui.widgets.footer import KeyFooter
from kalbartui.ui.widgets.localized import localize_bindings
from kalbartui.ui.widgets.reader import Reader
from kalbartui.ui.widgets.search import SearchInput
from kalbartui.ui.widgets.sidebar import Sidebar
from kalbartui.ui.widgets.status import StatusLine

if TYPE_CHECKING:
    from kalbartui.ui.screens.help import KeyHelp

NARROW_BELOW = 110  # columns: below this the reading pane goes under the list
# Below either size, one pane at a time, as mail readers do: the list at full height,
# enter opens the article over it, esc goes back.
ONE_PANE_BELOW = (90, 28)  # (columns, rows)
# How often the reader looks for feeds whose own refresh interval has passed.
DUE_CHECK_SECONDS = 60
# How long the status line says a refresh's newest alert before the time comes back.
ALERT_STATUS_SECONDS = 120.0
ALERTS_LISTED = 30  # as many as `kalbartui alerts` lists by default


class MainScreen(Screen[None]):
    """The three panes and every key of the reader; its parts report here by message."""

    BINDINGS = [
        Binding("q", "back_or_quit", N_("Back or quit"), id="back_or_quit"),
        Binding("Q", "quit", N_("Quit"), show=False, id="quit"),
        Binding("question_mark,f1", "help", N_("Help"), id="help"),
        Binding("r", "refresh_feeds", N_("Refresh"), id="refresh"),
        Binding("slash", "search", N_("Search"), id="search"),
        Binding("n", "next_unread", N_("Next unread"), id="next_unread"),
        Binding("p", "prev_unread", N_("Previous unread"), show=False, id="prev_unread"),
        Binding("m", "toggle_read", N_("Toggle read"), show=False, id="toggle_read"),
        Binding("u", "undo", N_("Undo the last marks"), show=False, id="undo"),
        Binding("s", "toggle_star", N_("Star"), id="toggle_star"),
        Binding("t", "tag", N_("Tag"), show=False, id="tag"),
        Binding("U", "unhide", N_("Unhide"), show=False, id="unhide"),
        Binding("A", "mark_all_read", N_("Mark all read"), show=False, id="mark_all_read"),
        Binding("o", "open_browser", N_("Open in browser"), show=False, id="open_browser"),
        Binding("c", "copy_link", N_("Copy link"), show=False, id="copy_link"),
        Binding(
            "space", "read_page", N_("Page down (then next unread)"), show=False, id="read_page"
        ),
        Binding("b", "read_page_back", N_("Page back"), show=False, id="read_page_back"),
        Binding("e", "feed_errors", N_("Feed errors"), show=False, id="feed_errors"),
        Binding("a", "by_author", N_("More by this author"), show=False, id="by_author"),
        Binding(
            "backslash,ctrl+b",
            "toggle_sidebar",
            N_("Sidebar"),
            show=False,
            id="toggle_sidebar",
        ),
    ]

    def __init__(self, lang: str, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.lang = lang
        self._alert_timer: Timer | None = None
        localize_bindings(self, lang)

    def compose(self) -> ComposeResult:
        """Sidebar | list under search | reading pane, status line and footer below; the
        parts that draw nothing after them."""
        with Horizontal(id="body"):
            yield Sidebar(self.lang, id="sidebar")
            yield Panes(self.lang, id="panes")
        yield StatusLine(self.lang, kalbar(self).now, id="status")
        yield KeyFooter()
        yield Counts(self.lang, id="counts")
        yield Refresher(self.lang, id="refresher")
        yield Links(self.lang, id="links")
        yield FeedList(self.lang, id="feed-list")

    # ------------------------------------------------------------------ the parts

    @property
    def sidebar(self) -> Sidebar:
        """The category sidebar."""
        return self.query_one("#sidebar", Sidebar)

    @property
    def panes(self) -> Panes:
        """The list pane and the reading pane, and reading itself."""
        return self.query_one("#panes", Panes)

    @property
    def list_pane(self) -> ListPane:
        """The article list with its search box."""
        return self.panes.list_pane

    @property
    def articles(self) -> ArticleList:
        """The article list."""
        return self.panes.articles

    @property
    def search_box(self) -> SearchInput:
        """The search box over the list (hidden until `/`)."""
        return self.list_pane.search_box

    @property
    def reader(self) -> Reader:
        """The reading pane."""
        return self.panes.reader

    @property
    def status(self) -> StatusLine:
        """The status line."""
        return self.query_one("#status", StatusLine)

    @property
    def counts(self) -> Counts:
        """The sidebar's counts as last read (the command palette shows them too)."""
        return self.query_one("#counts", Counts)

    @property
    def refresher(self) -> Refresher:
        """The refresh: one at a time, in a child process."""
        return self.query_one("#refresher", Refresher)

    @property
    def links(self) -> Links:
        """Opening and copying links."""
        return self.query_one("#links", Links)

    @property
    def feed_list(self) -> FeedList:
        """The feeds screen and OPML."""
        return self.query_one("#feed-list", FeedList)

    # ------------------------------------------------------------------ layout

    def on_mount(self) -> None:
        """First paint from the cache only; the network comes later, in a child process."""
        app = kalbar(self)
        config = app.config
        self.sidebar.border_title = translator(self.lang).gettext("Categories")
        self.sidebar.display = bool(app.state.get("sidebar", True))
        self.query_one("#body").set_class(config.list_style == "compact", "-compact")
        self._apply_size(self.app.size.width, self.app.size.height)
        unwritable = app.store.unwritable
        if unwritable is None:
            self._apply_config()
        counts = self.counts
        counts.load()
        self.sidebar.show(
            counts.categories, counts.totals, "all", counts.feeds, self._sidebar_views()
        )
        # The list's length is the sidebar's total, read a moment ago: not counted twice.
        self.list_pane.show_view(self.sidebar.views["all"], count=counts.totals.get("all"))
        # In the first frame, not one later by message.
        self._list_shown(self.list_pane.describe())
        self.articles.focus()
        last_ok, offline, failed = self.refresher.recall()
        self.status.state.syncing = config.sync is not None
        self.status.set(last_ok=last_ok, offline=offline, failed=failed)
        self.list_pane.offline = offline
        if unwritable is not None:
            # The cache opened for reading only: the news is shown, and the user told once.
            self.status.set(disk=unwritable.problem.code)
            said = message(unwritable.problem, self.lang)
            say(
                self,
                translator(self.lang).gettext(
                    "Showing the cached news; marks cannot be kept: {error}", error=said
                ),
                "warning",
            )
        self.set_interval(60, self.tick)
        # Everything built so far lives as long as the app: keep it out of the collector's
        # sweeps, which otherwise pause the screen for tens of ms once a refresh allocates.
        gc.freeze()
        gc.enable()  # the CLI turns it off while the reader starts (kalbartui.cli)
        if app.background_refresh:
            refresher = self.refresher
            if config.refresh_on_start:
                self.call_after_refresh(refresher.start_after_start_up)
            if any_schedule(config):
                # Each feed has its own interval: every minute, the feeds whose time has come.
                self.set_interval(DUE_CHECK_SECONDS, refresher.periodic)

    def _apply_config(self) -> None:
        """The config's feed names, categories and settings, for everything cached, before
        the first paint (writes only when the config changed since)."""
        try:
            kalbar(self).core.apply_config()
        except DatabaseError as exc:
            error = message(exc.problem, self.lang)
            say(
                self,
                translator(self.lang).gettext("Cannot write the cache: {error}", error=error),
                "error",
            )

    def on_resize(self, event: events.Resize) -> None:
        """Wide: three panes side by side; narrow: the reading pane under the list; small:
        one pane at a time."""
        self._apply_size(event.size.width, event.size.height)

    @property
    def one_pane(self) -> bool:
        """True when the screen is too small for list and article together."""
        return self.query_one("#body").has_class("-one-pane")

    @property
    def reading(self) -> bool:
        """One pane at a time, and the article is open over the list."""
        return self.panes.reading

    def _apply_size(self, width: int, height: int) -> None:
        body = self.query_one("#body")
        one_pane = width < ONE_PANE_BELOW[0] or height < ONE_PANE_BELOW[1]
        body.set_class(width < NARROW_BELOW and not one_pane, "-narrow")
        body.set_class(one_pane, "-one-pane")
        self.panes.one_pane = one_pane
        if not one_pane and self.reading:
            self.panes.set_reading(False)
        self._apply_footer(width)

    def _apply_footer(self, width: int) -> None:
        # The reading pane's CSS type is ArticleView (Reader is its other name).
        self.query_one(KeyFooter).fit(width, (self, *self.query("ArticleList, ArticleView")))
        self.refresh_bindings()

    @on(Panes.ReadingChanged)
    def _show_sidebar(self) -> None:
        """The sidebar as the user wants it, unless the article is open over the list."""
        wanted = bool(kalbar(self).state.get("sidebar", True))
        self.sidebar.display = wanted and not (self.reading and self.one_pane)

    def tick(self) -> None:
        """Once a minute: relative times move on. A redraw, never a query."""
        self.articles.redraw()
        self.reader.rerender()
        self.status.redraw()

    # ------------------------------------------------------------------ the sidebar and the list

    @on(Panes.MarksChanged)
    def _marks_changed(self) -> None:
        self.counts.reload()
        if self.status.state.disk and kalbar(self).store.unwritable is None:
            self.status.set(disk="")  # a mark was kept: the disk has room again

    @on(CacheUnwritable)
    def _cache_unwritable(self, refused: CacheUnwritable) -> None:
        self.status.set(disk=refused.code)

    @on(Counts.Changed)
    def _counts_changed(self) -> None:
        counts = self.counts
        self.sidebar.show(
            counts.categories, counts.totals, feeds=counts.feeds, views=self._sidebar_views()
        )

    @on(Counts.ViewsCounted)
    def _views_counted(self) -> None:
        counts = self.counts
        self.sidebar.show_view_counts(counts.view_unread, [query for _, query in counts.views])

    def _sidebar_views(self) -> list[tuple[str, Query, int | None]]:
        counts = self.counts
        return [
            (name, query, unread)
            for (name, query), unread in zip(counts.views, counts.view_unread, strict=True)
        ]

    def views_changed(self, show: str | None = None) -> None:
        """The config's saved views changed (one saved from a search): the sidebar has them
        at once, their counts follow from a thread; `show`: open that view."""
        counts = self.counts
        counts.load_views()
        self.sidebar.show(
            counts.categories, counts.totals, feeds=counts.feeds, views=self._sidebar_views()
        )
        if show is not None:
            self.choose_view(show)

    def choose_view(self, key: str) -> None:
        """Open a sidebar entry by its key (command palette); leaves any search."""
        if self.reading:
            self.panes.set_reading(False)
        if self.list_pane.search_text is not None:
            self.list_pane.close_search()
        self.sidebar.select_key(key)
        view = self.sidebar.views.get(key)
        if view is not None and view.key != self.list_pane.view.key:
            self.list_pane.show_view(view)
        self.articles.focus()

    def reload_articles(self) -> None:
        """The store changed (refresh, mark all): fresh counts, same highlighted article."""
        self.counts.reload()
        self.list_pane.reload(recount_search=True)

    @on(Sidebar.Chosen)
    def _sidebar_chosen(self, event: Sidebar.Chosen) -> None:
        self.list_pane.choose(event.view)

    @on(Sidebar.Entered)
    def _sidebar_entered(self) -> None:
        self.articles.focus()

    @on(ArticleList.Back)
    def _list_back(self) -> None:
        # Not in a search (the list pane leaves that itself): on to the sidebar.
        if self.sidebar.display:
            self.sidebar.focus()

    @on(ListPane.Shown)
    def _list_shown(self, event: ListPane.Shown) -> None:
        self.status.set(
            view=event.label,
            count=event.count,
            more=event.more,
            search=event.search,
            hint=event.hint,
        )

    def _next_category(self) -> bool:
        """At the end of a category: on to the next one with unread articles, as newsboat
        does; False if there is none."""
        key = self.panes.next_category(self.sidebar.views)
        if key is not None:
            self.sidebar.select_key(key)
        return key is not None

    # ------------------------------------------------------------------ the refresh

    def on_refresher_started(self) -> None:
        """A refresh began: the status line says so, and an empty list that it is fetching."""
        self.status.set(progress=(0, 0), error=False)
        self.list_pane.fetching = True
        if self.articles.count == 0:
            self.list_pane.reload()

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        """Feeds done out of total (the refresher dropped the stale ones)."""
        self.status.set(progress=(message.done, message.total))

    def on_refresher_landed(self) -> None:
        """Feeds landed: the list, and the saved views' counts (counted in a thread; the loop
        only puts the numbers in place). Rebuilding the whole sidebar costs several times a
        list repaint (60+ ms on a slow machine), so its other counts follow once, when the
        refresh ends."""
        self.list_pane.reload()
        self.counts.reload_views(landed=True)

    def on_refresher_done(self, message: Refresher.Done) -> None:
        """A refresh finished: new rows appear around the highlighted article, which stays put."""
        report = message.report
        self.list_pane.fetching = False
        self.list_pane.offline = report.offline
        failed = 0 if report.offline else report.failed_feed_count
        self.status.set(
            progress=None,
            last_ok=message.last_ok,
            offline=report.offline,
            failed=failed,
            error=False,
        )
        alerts = report.alerts
        if alerts:
            said = alert_words(alerts[-1], self.lang)
            if len(alerts) > 1:
                said += f" (+{len(alerts) - 1})"
            self.status.set(alert=said)
            if self._alert_timer is not None:
                self._alert_timer.stop()
            self._alert_timer = self.set_timer(ALERT_STATUS_SECONDS, self._alert_said)
        self.reload_articles()
        self.panes.reread_article()

    def _alert_said(self) -> None:
        """The alert has been on the status line long enough: the time comes back."""
        self._alert_timer = None
        self.status.set(alert="")

    def on_refresher_stopped(self, message: Refresher.Stopped) -> None:
        """The refresh failed or was cancelled: the status line says which."""
        self.list_pane.fetching = False
        self.status.set(progress=None, error=message.error)

    def on_pages_fetched(self, message: PagesFetched) -> None:
        """The refresh's pages pass is over: the open article may have its whole text now."""
        self.panes.pages_fetched(message.outcomes)

    def on_authors_fetched(self, _message: AuthorsFetched) -> None:
        """The refresh's authors pass is over: the open article may have its author's box."""
        self.panes.reread_article()

    def on_feed_list_imported(self) -> None:
        """New feeds from OPML: fetched at once."""
        self.refresher.start()

    @on(Reader.LinkClicked)
    @on(Reader.ImageWanted)  # pictures are off (else the reading pane opened it)
    def _link_clicked(self, event: Reader.LinkClicked | Reader.ImageWanted) -> None:
        self.links.open(event.url)

    # ------------------------------------------------------------------ keys

    def action_quit(self) -> None:
        """Leave the reader."""
        self.app.exit(0)

    def action_back_or_quit(self) -> None:
        """q, as in newsboat: back one level (the article to the list, a search to the view it
        came from); from the list or the sidebar, quit."""
        # The screen's focused widget, not `has_focus`: that follows a Blur event still queued
        # behind the keys when two q arrive at once.
        if self.reading or self.focused is self.reader:
            self.panes.back_to_list()
        elif self.list_pane.search_text is not None or self.search_box.display:
            self.list_pane.leave_search()
        else:
            self.action_quit()

    def action_help(self) -> None:
        """The keys, as they are now, on a help screen."""
        from kalbartui.ui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.key_help(), self.lang))

    def key_help(self) -> list[tuple[str, list[KeyHelp]]]:
        """Every binding with the keys it has now (after `[keys]`), grouped by pane."""
        keys = resolve(kalbar(self).config.keys)
        return key_help(self.BINDINGS, keys, self.app.get_key_display, self.lang)

    def action_refresh_feeds(self) -> None:
        """Fetch every feed now (with a feed highlighted in the sidebar, that feed); the list
        fills in as the results arrive."""
        view = self.sidebar.current
        if self.sidebar.has_focus and view is not None and view.key.startswith("feed-"):
            feed_id = int(view.key.removeprefix("feed-"))
            self.refresher.start([feed_id], name=view.label)
            return
        self.refresher.start()

    def action_search(self) -> None:
        """Show the search box and type into it."""
        if self.reading:
            self.panes.set_reading(False)  # one pane at a time: back to the list, where the box is
        self.list_pane.start_search()

    def ask_save_view(self) -> None:
        """Save the search on show as a saved view (the palette's action)."""
        saved_views.ask_save_view(self)

    def action_next_unread(self) -> None:
        """The next unread article, opened (at the end of a category, in the next one)."""
        if not self.panes.next_unread() and not self._next_category():
            say(self, translator(self.lang).gettext("No more unread articles."))

    def action_prev_unread(self) -> None:
        """The previous unread article, opened."""
        self.panes.prev_unread()

    def action_read_page(self) -> None:
        """Space: read on. Pages the reading pane; at its end, the next unread article."""
        if not self.panes.read_page() and not self._next_category():
            say(self, translator(self.lang).gettext("No more unread articles."))

    def action_read_page_back(self) -> None:
        """b: the reading pane a page back."""
        self.reader.page_back()

    def action_toggle_read(self) -> None:
        """Mark the highlighted article read or unread."""
        self.panes.toggle_read()

    def action_undo(self) -> None:
        """Undo the last mark-all-read or `m`, while nothing else was marked."""
        self.panes.undo()

    def action_toggle_star(self) -> None:
        """Star or unstar the highlighted article."""
        self.panes.toggle_star()

    def action_tag(self) -> None:
        """Add a tag to the highlighted article, or take one off."""
        self.panes.tag_article()

    def action_unhide(self) -> None:
        """Put a hidden article back in its lists."""
        self.panes.unhide()

    def action_mark_all_read(self) -> None:
        """Mark every article of the list read, once the user says yes."""
        self.panes.mark_all_read()

    def action_open_browser(self) -> None:
        """Open the highlighted article's link in the browser."""
        self.links.open_article(self.articles.current)

    def action_copy_link(self) -> None:
        """Copy the highlighted article's link to the clipboard."""
        self.links.copy_article(self.articles.current)

    def action_by_author(self) -> None:
        """Every cached article by the highlighted article's author: the search
        `author:"NAME"`, in the list."""
        row = self.articles.current
        if row is None:
            return
        if not row.author.strip():
            say(self, translator(self.lang).gettext("This article names no author."))
            return
        if self.reading:
            self.panes.set_reading(False)  # one pane at a time: the list shows the author's
        self.list_pane.search_for(kalbar(self).core.author_search(row.author))

    def action_feed_errors(self) -> None:
        """Each feed's last fetch, failures first."""
        self.feed_list.show_errors()

    def action_alerts(self) -> None:
        """The last alerts, as `kalbartui alerts` lists them (the same call to the core)."""
        from kalbartui.ui.screens.alerts import AlertsScreen

        app = kalbar(self)
        try:
            found = app.core.recent_alerts(ALERTS_LISTED)
        except DatabaseError as exc:
            error = message(exc.problem, self.lang)
            say(self, translator(self.lang).gettext("Cannot read the cache: {error}", error=error))
            return
        self.app.push_screen(AlertsScreen(found, self.lang, app.config.tz()))

    def action_toggle_sidebar(self) -> None:
        """Hide or show the sidebar; remembered for the next start."""
        app = kalbar(self)
        app.state["sidebar"] = not bool(app.state.get("sidebar", True))
        save_state(app.paths.state_file, app.state)
        self._show_sidebar()  # shows or hides it, as the layout allows
        sidebar = self.sidebar
        if not sidebar.display and sidebar.has_focus:
            self.articles.focus()
