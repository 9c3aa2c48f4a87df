"""The reader's side of the whole story: fetching the open article's page and pictures, in
worker threads that report back with call_from_thread (the pages after a refresh come from
the refresh's own process).

A mixin for the app: the reading pane's messages bubble up to it from the main screen. It
expects `config`, `paths`, `store`, `lang`, `clock`, `background_refresh` and `main` on the app.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable
from typing import Any

from textual import work
from textual.css.query import NoMatches
from textual.worker import get_current_worker

from kalbartui.i18n import feed_error, t
from kalbartui.problems import KalbarError, Problem
from kalbartui.text import clean_line
from kalbartui.ui.widgets.article_view import ArticleView

# Pictures for the pane are decoded this small: cells need few pixels, and it is quick.
PANE_PICTURE_SIDE = 480
OPEN_PICTURE_SIDE = 1600
# An article shown this long is being read: its page and picture are fetched then.
SETTLE_SECONDS = 0.25


class StoryMixin:
    """Whole articles and pictures for KalbarApp."""

    image_protocol: str = "cells"  # set before the app starts (ui.images.detect_terminal)
    _pages_fetching: set[int]

    # ------------------------------------------------------------------ whole articles

    def _story_app(self) -> Any:
        return self

    def _story_reader(self) -> ArticleView | None:
        """The reading pane, or None when the screen is going (a late timer or worker)."""
        try:
            reader: ArticleView = self._story_app().main.query_one("#reader", ArticleView)
        except (NoMatches, AttributeError):  # the main screen is gone, or not yet there
            return None
        return reader

    def on_article_view_shown(self, message: ArticleView.Shown) -> None:
        # Held j runs through articles: fetch for the one the reader stops on, not for each.
        app = self._story_app()
        timer = getattr(self, "_story_timer", None)
        if timer is not None:
            timer.stop()
        article = message.article
        self._story_timer = app.set_timer(SETTLE_SECONDS, lambda: self._article_settled(article))

    def _article_settled(self, article: Any) -> None:
        app = self._story_app()
        self._story_timer = None
        reader = self._story_reader()
        if reader is None or reader.article is None or reader.article.id != article.id:
            return
        if app.config.images != "off" and article.image_url:
            self._load_lead_picture(article.id, article.image_url)
        if not app.background_refresh:
            return  # told to stay offline (tests, screenshots): only `f` fetches
        # kalbartui.story.pages brings the fetch layer (httpx): imported on the event loop it would
        # hold the screen for 100+ ms, so a thread imports it and the loop then asks.
        if "kalbartui.story.pages" in sys.modules:
            self._fetch_page_if_wanted(article.id)
        else:
            self._import_story_then(article.id)

    @work(thread=True, exit_on_error=False, group="page-wanted")
    def _import_story_then(self, article_id: int) -> None:
        import kalbartui.story.pages  # noqa: F401 - the import is the work

        # Modules stay loaded: keep their objects out of the collector's full sweeps.
        gc.freeze()

        with contextlib.suppress(RuntimeError):  # the app is gone meanwhile
            self._story_app().call_from_thread(self._fetch_page_if_wanted, article_id)

    def _fetch_page_if_wanted(self, article_id: int) -> None:
        app = self._story_app()
        reader = self._story_reader()
        if reader is None or reader.article is None or reader.article.id != article_id:
            return
        try:
            wanted = app.core.wants_page(article_id)
        except Exception:  # noqa: BLE001 - a cache that cannot say still shows the summary
            wanted = False
        if wanted:
            self.fetch_full_text(article_id)

    def on_article_view_full_text_wanted(self, message: ArticleView.FullTextWanted) -> None:
        self.fetch_full_text(message.article_id)

    def action_full_text(self) -> None:
        """The palette's "fetch the whole article": the article in the reading pane."""
        reader = self._story_reader()
        if reader is not None and reader.article is not None:
            self.fetch_full_text(reader.article.id)

    def fetch_full_text(self, article_id: int) -> None:
        """Fetch one article's page now, ahead of any queue."""
        if not hasattr(self, "_pages_fetching"):
            self._pages_fetching = set()
        if article_id in self._pages_fetching:
            return
        self._pages_fetching.add(article_id)
        app = self._story_app()
        reader = self._story_reader()
        if reader is not None and reader.article is not None and reader.article.id == article_id:
            reader.set_note(t("reader.full_text_fetching", app.lang))
        self._page_worker(article_id)

    @work(thread=True, exit_on_error=False, group="page")
    def _page_worker(self, article_id: int) -> None:
        app = self._story_app()
        from kalbartui.story.pages import PageOutcome

        try:
            outcome = app.core.fetch_full_text(article_id, _cancel_check())
        except Exception as exc:  # noqa: BLE001 - reported in the pane, never fatal
            said = exc.problem if isinstance(exc, KalbarError) else Problem.of("unexpected")
            outcome = PageOutcome(article_id, False, said)
        app.call_from_thread(self._page_done, outcome)

    def _page_done(self, outcome: Any) -> None:
        app = self._story_app()
        self._pages_fetching.discard(outcome.article_id)
        reader = self._story_reader()
        if reader is None or reader.article is None or reader.article.id != outcome.article_id:
            return
        if outcome.ok:
            article = app.store.article(outcome.article_id)
            if article is not None:
                reader.article = article
                reader.note = ""
                reader.rerender()
                if app.config.images != "off" and article.image_url and not reader.image_url:
                    self._load_lead_picture(article.id, article.image_url)
        else:
            error = feed_error(outcome.error, app.lang)
            reader.set_note(t("reader.full_text_failed", app.lang, error=error))

    def pages_fetched(self, outcomes: list[Any]) -> None:
        """The refresh's pages pass is over: the open article's page, if it came, is shown."""
        reader = self._story_reader()
        if reader is None or reader.article is None:
            return
        for outcome in outcomes:
            if outcome.ok and outcome.article_id == reader.article.id:
                self._page_done(outcome)

    # ------------------------------------------------------------------ pictures

    def _load_lead_picture(self, article_id: int, url: str) -> None:
        self._picture_worker(article_id, url)

    @work(thread=True, exit_on_error=False, group="picture")
    def _picture_worker(self, article_id: int, url: str) -> None:
        app = self._story_app()
        try:
            picture = app.core.load_picture(url, PANE_PICTURE_SIDE, _cancel_check())
        except Exception:  # noqa: BLE001 - no picture: the text stands alone, as before
            return
        from kalbartui.ui.images import load_textual_image

        # Here, not on the event loop when the picture is first drawn.
        load_textual_image()
        app.call_from_thread(self._picture_loaded, article_id, url, picture)

    def _picture_loaded(self, article_id: int, url: str, picture: Any) -> None:
        reader = self._story_reader()
        if reader is not None:
            reader.set_picture(article_id, url, picture)

    def on_article_view_image_wanted(self, message: ArticleView.ImageWanted) -> None:
        app = self._story_app()
        if app.config.images == "off":
            app.main.open_link(message.url)
            return
        self._open_picture_worker(message.url)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-picture")
    def _open_picture_worker(self, url: str) -> None:
        app = self._story_app()
        try:
            picture = app.core.load_picture(url, OPEN_PICTURE_SIDE, _cancel_check())
        except Exception as exc:  # noqa: BLE001 - said to the user, in one line
            said = exc.problem if isinstance(exc, KalbarError) else Problem.of("unexpected")
            message = t("image.open_failed", app.lang, error=feed_error(said, app.lang))
            app.call_from_thread(app.main.say, message, "warning")
            return
        app.call_from_thread(self._show_picture, url, picture)

    def _show_picture(self, url: str, picture: Any) -> None:
        from kalbartui.ui.images import ImageScreen

        app = self._story_app()
        reader = self._story_reader()
        article = reader.article if reader is not None else None
        caption = clean_line(article.title if article is not None else url, 200)
        protocol = self.image_protocol if app.config.images == "auto" else "cells"
        app.push_screen(ImageScreen(picture, protocol, caption))


def _cancel_check() -> Callable[[], bool]:
    """For the worker running this thread: true once it is cancelled (the reader quits)."""
    worker = get_current_worker()
    return lambda: worker.is_cancelled
