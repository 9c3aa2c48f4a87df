"""The list pane and the reading pane, and what passes between them.

The reading pane follows the list's highlight (catching up once per frame), an article
becomes read only through the user (opened, paged through with space, or rested on), and
the whole story of the article on show is fetched by the story part inside. Side by side,
one under the other, or (on a small terminal) one at a time: the screen says which.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message

from kalbartui.core import UnknownArticles
from kalbartui.i18n import translator
from kalbartui.store import DatabaseError, Marked
from kalbartui.ui.messages import PageLoaded, PictureLoaded
from kalbartui.ui.parts.list_pane import ListPane
from kalbartui.ui.parts.part import kalbar, mark_not_kept, say
from kalbartui.ui.parts.story import StoryLoader
from kalbartui.ui.widgets.article_list import ArticleList
from kalbartui.ui.widgets.reader import Reader
from kalbartui.ui.widgets.sidebar import View

if TYPE_CHECKING:
    from kalbartui.story.pages import PageOutcome


class Stoppable(Protocol):
    """What the reader needs of a timer: that it can be stopped (Textual's Timer, a test's fake)."""

    def stop(self) -> None: ...


DwellTimer = Callable[[float, Callable[[], None]], Stoppable]

# The sidebar entries `n` goes on through at the end of one: categories and feeds.
_LISTS = ("cat-", "feed-")


class Panes(Container):
    """The list (with its search) beside the reading pane; reading and marks happen here."""

    @dataclass
    class MarksChanged(Message):
        """Read or star marks changed: the sidebar's counts are read again."""

    @dataclass
    class ReadingChanged(Message):
        """One pane at a time: the article is open over the list (or the list is back)."""

        reading: bool

    def __init__(self, lang: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.lang = lang
        self.one_pane = False
        """Too small for list and article together: one at a time (set by the screen)."""
        self._reading = False
        self._preview_pending = False
        self._preview_by_user = False  # the pending preview follows a move of the user's
        self._dwell: Stoppable | None = None
        # The last mark-all-read or `m`, while nothing else was marked: what `u` undoes.
        self._undoable: Marked | None = None
        # The timer that marks an article read after the user rested on it; a test swaps it
        # for one it fires by hand.
        self.dwell_timer: DwellTimer = self.set_timer

    def compose(self) -> ComposeResult:
        app = kalbar(self)
        yield ListPane(self.lang, id="list-pane")
        yield Reader(self.lang, app.tz, app.now, id="reader")
        yield StoryLoader(self.lang, id="story")

    def on_mount(self) -> None:
        self.reader.border_title = translator(self.lang).gettext("Reader")

    @property
    def list_pane(self) -> ListPane:
        """The article list with its search box."""
        return self.query_one("#list-pane", ListPane)

    @property
    def articles(self) -> ArticleList:
        """The article list."""
        return self.list_pane.articles

    @property
    def reader(self) -> Reader:
        """The reading pane."""
        return self.query_one("#reader", Reader)

    @property
    def story(self) -> StoryLoader:
        """Whole articles and pictures for the reading pane."""
        return self.query_one("#story", StoryLoader)

    @property
    def reading(self) -> bool:
        """One pane at a time, and the article is open over the list."""
        return self._reading

    @property
    def reader_visible(self) -> bool:
        """The reading pane is on screen: beside the list, or over it."""
        return not self.one_pane or self._reading

    def set_reading(self, reading: bool) -> None:
        """One pane at a time: the article over the list (True) or the list (False)."""
        self._reading = reading
        self.set_class(reading, "-reading")
        self.post_message(self.ReadingChanged(reading))

    # ------------------------------------------------------------------ the pane follows

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
        if not self.reader.showing(row.id):
            self.reader.show(kalbar(self).store.article(row.id))
        seconds = kalbar(self).config.mark_read_after_seconds
        # Only an article the user moved to, shown in the reading pane, is read by resting on
        # it: not the first one at start-up or of a category, nor one kept unread with `m`.
        if by_user and seconds > 0 and not row.read and self.reader_visible:
            if not self.list_pane.kept_unread(row.id):
                article_id = row.id
                self._dwell = self.dwell_timer(seconds, lambda: self._dwell_done(article_id))

    def _stop_dwell(self) -> None:
        if self._dwell is not None:
            self._dwell.stop()
            self._dwell = None

    def _dwell_done(self, article_id: int) -> None:
        self._dwell = None
        row = self.articles.current
        if row is None or row.id != article_id or row.read:
            return
        if self.list_pane.kept_unread(article_id):
            return
        if self.app.screen is self.screen and self.reader_visible:
            self.open_current(focus=False)

    @on(ArticleList.Opened)
    def _opened(self) -> None:
        self.open_current(focus=True)

    def open_current(self, focus: bool = False) -> None:
        """Show the highlighted article in the reading pane and mark it read."""
        row = self.articles.current
        if row is None:
            return
        self._stop_dwell()
        if self.list_pane.opened(row):
            self._undoable = None  # another mark: the last one can no longer be undone
            self.post_message(self.MarksChanged())
        article = kalbar(self).store.article(row.id)
        if article is None or not self.reader.showing(article.id):
            self.reader.show(article)
        else:
            shown = self.reader.article
            drawn = shown is not None and replace(article, read=shown.read, starred=shown.starred)
            self.reader.article = article
            if drawn != shown:
                # The cache has more of it than the pane drew (its whole text, its author's
                # box); a mark alone (opening marks it read) is nothing to draw again.
                self.reader.rerender()
        if focus:
            if self.one_pane:
                self.set_reading(True)
            self.reader.focus()

    @on(Reader.Back)
    def back_to_list(self) -> None:
        """From the reading pane to the list (on a small terminal, the article closes)."""
        if self._reading:
            self.set_reading(False)
        # At once, not after the keys already queued: a second q typed in the same breath
        # must find the list focused, and quit.
        self.screen.set_focus(self.articles)

    def reread_article(self) -> None:
        """The cache changed: the article on show, drawn again only when it changed (drawing
        a long article is a frame or two of the event loop's time)."""
        shown = self.reader.article
        if shown is not None:
            article = kalbar(self).store.article(shown.id)
            if article is not None and article != shown:
                self.reader.article = article
                self.reader.rerender()

    # ------------------------------------------------------------------ moving on

    def next_unread(self) -> bool:
        """The next unread article of the list, opened; False at the end of the list."""
        window = self.articles.window
        if window is None or window.count == 0:
            return True
        row = self.articles.current
        if row is not None and not row.read and not self.list_pane.kept_unread(row.id):
            # The article in front of the user (a category's first, highlighted unread and
            # never opened) is the next one to read; one kept unread with `m` is passed over.
            self.open_current(focus=self.one_pane)
            return True
        index = window.next_unread(self.articles.cursor)
        if index is None:
            return False
        self.articles.move_to(index)
        self.open_current(focus=self.one_pane)
        return True

    def next_category(self, views: Mapping[str, View]) -> str | None:
        """From the end of a category or feed to the first unread article of the next one (in
        the sidebar's order of `views`) that has one: its key, or None if none has."""
        list_pane = self.list_pane
        current = list_pane.view.key
        if list_pane.search_text is not None or not current.startswith(_LISTS):
            return None
        keys = [k for k in views if k.startswith(_LISTS)]
        if current not in keys:
            return None
        at = keys.index(current)
        store = kalbar(self).store
        for key in keys[at + 1 :] + keys[:at]:
            view = views[key]
            if store.count(replace(view.query, unread_only=True)) == 0:
                continue
            list_pane.show_view(view)
            if self._first_unread():
                tr = translator(self.lang)
                said = (
                    tr.gettext("On to the next feed: {name}", name=view.label)
                    if key.startswith("feed-")
                    else tr.gettext("On to the next category: {name}", name=view.label)
                )
                say(self, said, timeout=3)
                return key
        return None

    def _first_unread(self) -> bool:
        """The list's first unread article, opened (a category just opened); False if none."""
        window = self.articles.window
        if window is None:
            return False
        first = window.row(0)
        index = 0 if first is not None and not first.read else window.next_unread(0)
        if index is None:
            return False
        self.articles.move_to(index)
        self.open_current(focus=self.one_pane)
        return True

    def prev_unread(self) -> None:
        """The previous unread article, opened."""
        window = self.articles.window
        if window is None or window.count == 0:
            return
        index = window.previous_unread(self.articles.cursor)
        if index is None:
            say(self, translator(self.lang).gettext("No more unread articles."))
            return
        self.articles.move_to(index)
        self.open_current(focus=self.one_pane)

    def read_page(self) -> bool:
        """Space: read on. Pages the reading pane; at its end, the next unread article.
        False when the list has no unread article after this one."""
        row = self.articles.current
        if row is None:
            return True
        if not self.reader_visible:
            # One pane at a time and the list is up: space opens the article, as in mutt.
            self.open_current(focus=True)
            return True
        shown = self.reader.showing(row.id)
        if not row.read:
            self.open_current()
            if not shown:
                return True
        if self.reader.page_forward():
            return True
        window = self.articles.window
        index = window.next_unread(self.articles.cursor) if window else None
        if index is None:
            return False
        self.articles.move_to(index)
        self.open_current()
        return True

    # ------------------------------------------------------------------ marks

    def toggle_read(self) -> None:
        """Mark the highlighted article read or unread."""
        self._stop_dwell()
        marked = self.list_pane.toggle_read()
        if marked is not None:
            self._undoable = marked
            self.post_message(self.MarksChanged())

    def toggle_star(self) -> None:
        """Star or unstar the highlighted article."""
        starred = self.list_pane.toggle_star()
        if starred is not None:
            self._undoable = None
            self.post_message(self.MarksChanged())
            tr = translator(self.lang)
            said = tr.gettext("Starred") if starred else tr.gettext("Unstarred")
            say(self, said, timeout=2)

    def tag_article(self) -> None:
        """`t`: ask a tag for the highlighted article; add it, or take it off if it has it."""
        from kalbartui.ui.screens.ask_tag import AskTagScreen

        row = self.list_pane.current_row()
        if row is None:
            return
        core = kalbar(self).core
        has = core.tags_of(row.id)
        in_use = [name for name, _count in core.tags()]

        def answered(name: str | None) -> None:
            if not name:
                return
            tr = translator(self.lang)
            try:
                added = core.toggle_tag(row.id, name)
            except (ValueError, UnknownArticles):
                say(self, tr.gettext("No article is selected."), "warning")
                return
            said = (
                tr.gettext("Tagged “{tag}”.", tag=name)
                if added
                else tr.gettext("Tag “{tag}” taken off.", tag=name)
            )
            say(self, said, timeout=2)
            self.reread_article()

        self.app.push_screen(AskTagScreen(row.title, has, in_use, self.lang), answered)

    def unhide(self) -> None:
        """Put the highlighted hidden article back in its lists (the "Hidden" list's key)."""
        row = self.list_pane.current_row()
        if row is None:
            return
        core = kalbar(self).core
        tr = translator(self.lang)
        if not core.store.is_hidden(row.id):
            say(self, tr.gettext("This article is not hidden."))
            return
        core.set_hidden(row.id, False)
        self._marks_reloaded()
        say(self, tr.gettext("Put back in its lists."), timeout=2)

    def mark_all_read(self) -> None:
        """Mark every article of the list read, once the user says yes."""
        app = kalbar(self)
        list_pane = self.list_pane
        window = self.articles.window
        query = window.query if window else list_pane.view.query
        unread = app.store.count(replace(query, unread_only=True))
        if unread == 0:
            say(self, translator(self.lang).gettext("No more unread articles."))
            return
        question = translator(self.lang).ngettext(
            "Mark {count} article in “{view}” as read?",
            "Mark {count} articles in “{view}” as read?",
            unread,
            view=list_pane.label,
        )

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    marked = app.core.mark_all_read(query)
                except DatabaseError as exc:
                    mark_not_kept(self, self.lang, exc)
                    return
                self._undoable = marked if marked.count else None
                self._marks_reloaded()
                said = translator(self.lang).ngettext(
                    "{count} article marked as read.",
                    "{count} articles marked as read.",
                    marked.count,
                )
                if marked.count:
                    keys = self.app.get_key_display(self._undo_binding())
                    said += " " + translator(self.lang).gettext("{key}: undo", key=keys)
                say(self, said)

        from kalbartui.ui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question, self.lang), answered)

    def undo(self) -> None:
        """`u`: undo the last mark-all-read or `m`, if nothing was marked since."""
        marked, self._undoable = self._undoable, None
        tr = translator(self.lang)
        try:
            changed = kalbar(self).core.undo(marked) if marked is not None else 0
        except DatabaseError as exc:
            self._undoable = marked  # still there to undo once the disk has room
            mark_not_kept(self, self.lang, exc)
            return
        if marked is None or changed == 0:
            say(self, tr.gettext("Nothing to undo."))
            return
        for article_id in marked.article_ids:
            self.list_pane.keep_unread(article_id, False)
        self._marks_reloaded()
        if marked.read:
            said = tr.ngettext(
                "{count} article unread again.", "{count} articles unread again.", changed
            )
        else:
            said = tr.ngettext(
                "{count} article read again.", "{count} articles read again.", changed
            )
        say(self, said)

    def _marks_reloaded(self) -> None:
        """Many marks changed at once: counts, list and the article on show read again."""
        self.post_message(self.MarksChanged())
        self.list_pane.reload(recount_search=True)
        if self.reader.article is not None:
            self.reader.article = kalbar(self).store.article(self.reader.article.id)

    def _undo_binding(self) -> Binding:
        """The undo binding as the user has it (after `[keys]`), for saying its key."""
        for _node, binding, _enabled, _tooltip in self.screen.active_bindings.values():
            if binding.id == "undo":
                return binding
        return Binding("u", "undo", id="undo")

    # ------------------------------------------------------------------ the whole story

    def on_article_view_shown(self, message: Reader.Shown) -> None:
        """Another article is on show: its page or picture may be fetched."""
        message.stop()
        self.story.shown(message.article)

    def on_article_view_full_text_wanted(self, message: Reader.FullTextWanted) -> None:
        """`f` in the pane: fetch the whole article now."""
        message.stop()
        self.story.fetch_page(message.article_id)

    def on_article_view_image_wanted(self, message: Reader.ImageWanted) -> None:
        """A picture asked for: on its own screen (with pictures off for the article's feed,
        the screen opens it in the browser)."""
        article = self.reader.article
        app = kalbar(self)
        mode = app.core.images_for(article) if article is not None else app.config.images
        if mode != "off":
            message.stop()
            self.story.open_picture(message.url)

    def fetch_page(self) -> None:
        """The palette's "fetch the whole article": the article in the reading pane."""
        if self.reader.article is not None:
            self.story.fetch_page(self.reader.article.id)

    def on_story_loader_page_fetching(self, message: StoryLoader.PageFetching) -> None:
        message.stop()
        self.reader.page_fetching(message.article_id)

    def on_page_loaded(self, message: PageLoaded) -> None:
        message.stop()
        self._page_done(message.outcome)

    def pages_fetched(self, outcomes: list[PageOutcome]) -> None:
        """The refresh's pages pass is over: the open article's page, if it came, is shown."""
        for outcome in outcomes:
            if outcome.ok and self.reader.article is not None:
                if outcome.article_id == self.reader.article.id:
                    self._page_done(outcome)

    def _page_done(self, outcome: PageOutcome) -> None:
        if outcome.whole_in_feed:
            self.reader.page_not_longer(outcome.article_id)
            return
        if not outcome.ok:
            self.reader.page_failed(outcome.article_id, outcome.error)
            return
        article = kalbar(self).store.article(outcome.article_id)
        if article is not None and self.reader.page_loaded(article):
            self.story.page_shown(article)

    def on_picture_loaded(self, message: PictureLoaded) -> None:
        message.stop()
        self.reader.set_picture(message.article_id, message.url, message.picture)
