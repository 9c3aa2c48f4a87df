"""The three-pane reader: category sidebar, article list, reading pane, over the local cache.

The cache is the truth on screen: the first paint reads only SQLite, and the network
(a refresh in a worker thread) only ever adds to it.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.message import Message
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import Worker, WorkerState, get_current_worker

from kalbartui import browser
from kalbartui.config import Config
from kalbartui.i18n import t
from kalbartui.models import ArticleRow
from kalbartui.paths import Paths
from kalbartui.store import DatabaseError, Store, connect, open_store
from kalbartui.store.queries import Query
from kalbartui.store.window import ArticleWindow
from kalbartui.text import clean_line
from kalbartui.ui.commands import KalbarCommands
from kalbartui.ui.screens.confirm import ConfirmScreen
from kalbartui.ui.screens.feed_errors import FeedErrorsScreen
from kalbartui.ui.screens.help import HelpScreen, KeyHelp
from kalbartui.ui.state import load_state, save_state
from kalbartui.ui.story import StoryMixin
from kalbartui.ui.widgets.article_list import ArticleList
from kalbartui.ui.widgets.localized import localize_bindings
from kalbartui.ui.widgets.reader import Reader
from kalbartui.ui.widgets.search import SearchInput
from kalbartui.ui.widgets.sidebar import Sidebar, View
from kalbartui.ui.widgets.status import StatusLine

NARROW_BELOW = 110  # columns: below this the reading pane goes under the list
READ_AFTER_SECONDS = 2.0  # an article shown this long in the reading pane counts as read


class RefreshProgress(Message):
    """Posted from the refresh thread; each one replaces the last on the status line."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class KalbarApp(StoryMixin, App[int]):
    """kalbartui's reader. `clock` fixes the time (tests, screenshots); `refresh=False` keeps it offline."""

    CSS_PATH = "app.tcss"
    TITLE = "kalbartui"
    COMMANDS = {KalbarCommands}
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

    def __init__(
        self,
        config: Config,
        paths: Paths,
        clock: Callable[[], datetime] | None = None,
        refresh: bool = True,
    ) -> None:
        super().__init__()
        self.config = config
        self.paths = paths
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.background_refresh = refresh
        self.lang = config.language
        self.tz = config.tz()
        self.store = open_store(paths.database)
        self.state: dict[str, Any] = load_state(paths.state_file)
        self.view = View("all", t("sidebar.all", self.lang), Query())
        self.search_text: str | None = None
        self._before_search: int | None = None  # article highlighted when the search began
        self._refresh_worker: Worker[Any] | None = None
        self._preview_pending = False
        self._dwell: Timer | None = None
        # Swapped in tests; the real one runs $BROWSER or the webbrowser module.
        self.launch_browser: Callable[[str], None] = browser.open_url
        localize_bindings(self, self.lang)
        self._localize_palette_binding()
        if config.keys:
            self.set_keymap(dict(config.keys))

    def now(self) -> datetime:
        return self.clock()

    def _localize_palette_binding(self) -> None:
        # Textual adds the ctrl+p binding itself, with an English description.
        bindings = self._bindings.key_to_bindings  # noqa: SLF001 - this app's own copy
        for key, items in bindings.items():
            bindings[key] = [
                replace(b, description=t("key.palette", self.lang))
                if b.action == "command_palette"
                else b
                for b in items
            ]

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                CommandPalette(placeholder=t("cmd.placeholder", self.lang), id="--command-palette")
            )

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield Sidebar(self.lang, id="sidebar")
            with Container(id="panes"):
                with Vertical(id="list-pane"):
                    yield SearchInput(placeholder=t("search.placeholder", self.lang), id="search")
                    yield ArticleList(self.lang, self.now, tz=self.tz, id="articles")
                yield Reader(self.lang, self.tz, self.now, id="reader")
        yield StatusLine(self.lang, self.now, id="status")
        yield Footer()

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one("#sidebar", Sidebar)

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def reader(self) -> Reader:
        return self.query_one("#reader", Reader)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    @property
    def search_box(self) -> SearchInput:
        return self.query_one("#search", SearchInput)

    def on_mount(self) -> None:
        theme = self.state.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.query_one("#list-pane").border_title = t("list.title", self.lang)
        self.sidebar.border_title = t("sidebar.title", self.lang)
        self.reader.border_title = t("reader.title", self.lang)
        self.sidebar.display = bool(self.state.get("sidebar", True))
        self._apply_width(self.size.width)
        # First paint: the cache only. The network comes later, in a thread.
        self.load_sidebar(selected="all")
        self.show_view(self.sidebar.views["all"])
        self.articles.focus()
        last_ok, _checked, failing = self.store.last_refresh()
        feeds = len(self.store.feeds())
        self.status.set(
            last_ok=last_ok,
            offline=bool(feeds) and failing == feeds,
            failed=failing if failing < feeds else 0,
        )
        self.set_interval(60, self.tick)
        # Everything built so far lives as long as the app: keep it out of the collector's
        # sweeps, which otherwise pause the screen for tens of ms once a refresh allocates.
        gc.freeze()
        if self.background_refresh:
            if self.config.refresh_on_start:
                self.call_after_refresh(self.action_refresh_feeds)
            if self.config.refresh_interval_minutes > 0:
                self.set_interval(self.config.refresh_interval_minutes * 60, self._periodic_refresh)

    def on_unmount(self) -> None:
        self.store.close()

    def on_key(self, event: events.Key) -> None:
        """Keys of a fast burst ("/kapuas" pasted or typed quickly) that were already on their
        way to the list when `/` moved focus to the search box reach the app unhandled:
        type them into the box instead of dropping them."""
        box = self.search_box
        typed = event.is_printable or event.key in ("enter", "backspace")
        if typed and self.focused is box and getattr(event, "_sender", None) is not box:
            event.stop()
            box.post_message(events.Key(event.key, event.character))

    def on_resize(self, event: events.Resize) -> None:
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
        self.sidebar.show(self.store.categories(), self.store.totals(), selected)

    def refresh_counts(self) -> None:
        """Sidebar counts, read in the background: on a big cache the GROUP BY takes a moment."""
        self._counts_worker()

    @work(thread=True, exclusive=True, exit_on_error=False, group="counts")
    def _counts_worker(self) -> Any:
        store = Store(connect(self.paths.database, readonly=True))
        try:
            return store.categories(), store.totals()
        finally:
            store.close()

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
        running = self._refresh_worker is not None and self._refresh_worker.is_running
        if running and self.view.key == "all":
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

    def _current_row(self) -> ArticleRow | None:
        row = self.articles.current
        if row is None:
            self.say(t("notify.no_article", self.lang), "warning")
        return row

    def action_next_unread(self) -> None:
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
        self.reader.page_back()

    def action_toggle_read(self) -> None:
        row = self._current_row()
        if row is None:
            return
        read = self.store.toggle_read(row.id)
        self.articles.update_row(row.id, read=read)
        self.refresh_counts()

    def action_toggle_star(self) -> None:
        row = self._current_row()
        if row is None:
            return
        starred = self.store.toggle_star(row.id)
        self.articles.update_row(row.id, starred=starred)
        self.refresh_counts()
        self.say(t("notify.starred" if starred else "notify.unstarred", self.lang), timeout=2)

    def action_mark_all_read(self) -> None:
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

        self.push_screen(ConfirmScreen(question, self.lang), answered)

    # ------------------------------------------------------------------ links

    def _current_url(self) -> str | None:
        row = self._current_row()
        if row is None:
            return None
        if not row.url:
            self.say(t("notify.no_link", self.lang), "warning")
            return None
        return row.url

    def action_open_browser(self) -> None:
        url = self._current_url()
        if url is not None:
            self.open_link(url)

    def open_link(self, url: str) -> None:
        """Open a link in the browser: http(s) only, refused on the spot otherwise."""
        try:
            url = browser.check_url(url)
        except browser.RefusedScheme:
            self.say(t("notify.refused", self.lang, url=clean_line(url, 80)), "error")
            return
        self.say(t("notify.opening", self.lang, url=clean_line(url, 80)), timeout=3)
        self._browser_worker(url)

    @work(thread=True, exit_on_error=False, group="browser")
    def _browser_worker(self, url: str) -> None:
        # webbrowser can wait for the browser to start: keep it off the event loop.
        self.launch_browser(url)

    def action_copy_link(self) -> None:
        url = self._current_url()
        if url is not None:
            # Ingest keeps only http(s) links; checked again here, as opening does.
            try:
                url = browser.check_url(url)
            except browser.RefusedScheme:
                self.say(t("notify.refused", self.lang, url=clean_line(url, 80)), "error")
                return
            self.copy_to_clipboard(url)
            self.say(t("notify.copied", self.lang, url=clean_line(url, 80)), timeout=3)

    # ------------------------------------------------------------------ search

    def action_search(self) -> None:
        box = self.search_box
        if self.search_text is None:
            self._before_search = self.articles.current.id if self.articles.current else None
        box.display = True
        # Focus now, not after a refresh: keys typed right after "/" (a paste, a fast typist)
        # are already queued and must land in the box, not act as list keys.
        self.set_focus(box)

    @on(SearchInput.Changed, "#search")
    def _search_changed(self, event: SearchInput.Changed) -> None:
        text = event.value.strip()
        if not text:
            if self.search_text is not None:
                self.search_text = None
                self.show_view(self.view)
            return
        self.search_text = text
        self.articles.show_window(
            ArticleWindow(self.store, Query.search(text)), self._empty_message()
        )
        self._update_status()

    @on(SearchInput.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.articles.focus()

    @on(SearchInput.Cancelled)
    def _search_cancelled(self) -> None:
        self.leave_search()

    def leave_search(self) -> None:
        """Back to the sidebar's view, with the article highlighted before the search."""
        self._close_search()
        self.show_view(self.view)
        if self._before_search is not None and self.articles.window is not None:
            index = self.articles.window.index_of(self._before_search)
            if index is not None:
                self.articles.move_to(index)
        self._before_search = None
        self.articles.focus()

    def _close_search(self) -> None:
        self.search_text = None
        box = self.search_box
        with box.prevent(SearchInput.Changed):
            box.value = ""
        box.display = False

    # ------------------------------------------------------------------ screens

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.key_help(), self.lang))

    def action_feed_errors(self) -> None:
        from kalbartui.store.pages import page_failures

        feeds, pages = self.store.feeds(), page_failures(self.store)
        self.push_screen(FeedErrorsScreen(feeds, self.lang, self.now, pages))

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = not sidebar.display
        if not sidebar.display and sidebar.has_focus:
            self.articles.focus()
        self.state["sidebar"] = sidebar.display
        save_state(self.paths.state_file, self.state)

    def action_quit(self) -> None:  # type: ignore[override]
        self.exit(0)

    def set_theme(self, name: str) -> None:
        self.theme = name

    def _remember_theme(self, theme: Theme) -> None:
        if self.state.get("theme") != theme.name:
            self.state["theme"] = theme.name
            save_state(self.paths.state_file, self.state)

    def key_help(self) -> list[tuple[str, list[KeyHelp]]]:
        """Every binding with the keys it has now (after `[keys]`), grouped by pane."""
        lang = self.lang
        keymap = {k: v for k, v in self.config.keys.items()}

        def keys_of(binding: Binding) -> str:
            raw = keymap.get(binding.id or "", binding.key)
            shown = [
                self.get_key_display(replace(binding, key=k.strip()))
                for k in raw.split(",")
                if k.strip()
            ]
            return ", ".join(dict.fromkeys(shown))

        def section(bindings: Sequence[Binding | tuple[str, ...]]) -> list[KeyHelp]:
            items: list[KeyHelp] = []
            for b in bindings:
                if isinstance(b, Binding) and b.description:
                    words = t(b.description, lang)
                    if items and items[-1].description == words:
                        # A run of one action on several keys (links 1 to 9): one row, "1…9".
                        first = items[-1].keys.split("…")[0]
                        items[-1] = KeyHelp(f"{first}…{keys_of(b)}", words, items[-1].binding_id)
                        continue
                    items.append(KeyHelp(keys_of(b), words, b.id or ""))
            return items

        general = section(self.BINDINGS)  # type: ignore[arg-type]
        general += [
            KeyHelp("tab", t("key.focus_next", lang), ""),
            KeyHelp("shift+tab", t("key.focus_previous", lang), ""),
            KeyHelp("ctrl+p", t("key.palette", lang), ""),
        ]
        return [
            (t("help.section_app", lang), general),
            (t("help.section_list", lang), section(ArticleList.BINDINGS)),  # type: ignore[arg-type]
            (t("help.section_reader", lang), section(Reader.BINDINGS)),  # type: ignore[arg-type]
            (t("help.section_sidebar", lang), section(Sidebar.BINDINGS)),  # type: ignore[arg-type]
            (t("help.section_search", lang), section(SearchInput.BINDINGS)),  # type: ignore[arg-type]
        ]

    # ------------------------------------------------------------------ refresh

    def _periodic_refresh(self) -> None:
        if self._refresh_worker is None or not self._refresh_worker.is_running:
            self.action_refresh_feeds()

    def action_refresh_feeds(self) -> None:
        if self._refresh_worker is not None and self._refresh_worker.is_running:
            self.say(t("notify.refresh_running", self.lang), timeout=2)
            return
        self.status.set(progress=(0, 0), error=False)
        self._refresh_worker = self._refresh()
        if self.articles.count == 0:
            self.articles.reload(self._empty_message())

    @work(thread=True, exclusive=True, exit_on_error=False, group="refresh", name="refresh")
    def _refresh(self) -> Any:
        # Runs in a thread with its own SQLite connection; it talks back only by messages.
        import asyncio

        from kalbartui.refresh import Refresher

        worker = get_current_worker()

        def progress(p: Any) -> None:
            self.post_message(RefreshProgress(p.done, p.total))

        # Article pages come after, in their own worker (fetch_pages_after_refresh), so the
        # list shows the new articles without waiting for them.
        refresher = Refresher(
            self.config, self.paths.database, on_progress=progress, clock=self.clock
        )

        async def supervise() -> Any:
            # Quitting cancels the worker; stop the fetches then rather than wait out a timeout.
            task = asyncio.ensure_future(refresher.run())
            while not task.done():
                await asyncio.wait({task}, timeout=0.1)
                if worker.is_cancelled and not task.done():
                    task.cancel()
                    with suppress(asyncio.CancelledError):
                        await task
                    return None
            return task.result()

        return asyncio.run(supervise())

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        if self._refresh_worker is not None and self._refresh_worker.is_running:
            self.status.set(progress=(message.done, message.total))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place where background work reports back: results and failures alike."""
        worker = event.worker
        if worker.group == "refresh":
            if event.state == WorkerState.SUCCESS and worker.result is not None:
                self.after_refresh(worker.result)
            elif event.state == WorkerState.ERROR:
                self.status.set(progress=None, error=True)
                self.say(
                    t("notify.refresh_error", self.lang, error=_one_line(worker.error)), "error"
                )
            elif event.state == WorkerState.CANCELLED:
                self.status.set(progress=None)
        elif worker.group == "counts" and event.state == WorkerState.SUCCESS and worker.result:
            categories, totals = worker.result
            self.sidebar.show(categories, totals)
        elif worker.group == "browser" and event.state == WorkerState.ERROR:
            self.say(t("notify.browser_error", self.lang, error=_one_line(worker.error)), "error")

    def after_refresh(self, report: Any) -> None:
        """A refresh finished: new rows appear around the highlighted article, which stays put."""
        try:
            last_ok, _checked, _failing = self.store.last_refresh()
        except DatabaseError as exc:
            self.say(t("notify.store_error", self.lang, error=str(exc)), "error")
            return
        attempted = [o for o in report.outcomes if o.status != "waiting"]
        failed = [o for o in attempted if o.status == "error"]
        offline = bool(attempted) and len(failed) == len(attempted)
        self.status.set(
            progress=None,
            last_ok=last_ok,
            offline=offline,
            failed=0 if offline else len(failed),
            error=False,
        )
        self.reload_articles()
        if self.reader.article is not None:
            article = self.store.article(self.reader.article.id)
            if article is not None:
                self.reader.article = article
                self.reader.rerender()
        new = report.new_total
        if new:
            self.say(
                t("notify.new_one", self.lang)
                if new == 1
                else t("notify.new", self.lang, count=new)
            )
        if not offline:
            self.fetch_pages_after_refresh()
        if offline:
            self.say(t("notify.offline", self.lang), "warning")
        elif failed:
            self.say(t("notify.failed", self.lang, count=len(failed)), "warning")

    # ------------------------------------------------------------------ helpers

    def say(
        self, message: str, severity: str = "information", timeout: float | None = None
    ) -> None:
        """notify() with markup off: messages carry URLs and titles from feeds."""
        self.notify(message, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]


def _one_line(error: BaseException | None) -> str:
    if error is None:
        return ""
    return clean_line(str(error) or type(error).__name__, 200)


def run_reader(config: Config, paths: Paths) -> int:
    """Open the reader; returns the exit status for the CLI."""
    from kalbartui.ui.images import detect_terminal

    # textual-image asks the terminal what it can draw: only before Textual takes it over.
    KalbarApp.image_protocol = detect_terminal(config.images)
    try:
        app = KalbarApp(config, paths)
    except DatabaseError as exc:
        print(f"kalbartui: {exc}", file=sys.stderr)
        return 1
    result = app.run()
    if app.return_code not in (None, 0):
        return app.return_code
    return result or 0
