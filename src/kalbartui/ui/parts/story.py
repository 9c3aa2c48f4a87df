"""The reader's side of the whole story: the page and lead picture of the article on show,
and pictures opened on their own, fetched in worker threads that post what they got.

The pages a refresh fetched come from the refresh's own process (PagesFetched, routed by the
screen). What arrives for an article no longer on show is dropped here.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from kalbartui.i18n import message, translator
from kalbartui.models import Article
from kalbartui.problems import Problem, problem_of
from kalbartui.text import clean_line
from kalbartui.ui.messages import PageLoaded, PictureLoaded, PictureOpened, StoryReady
from kalbartui.ui.parts.part import Part, kalbar

# Pictures for the pane are decoded this small: cells need few pixels, and it is quick.
PANE_PICTURE_SIDE = 480
OPEN_PICTURE_SIDE = 1600
# An article shown this long is being read: its page and picture are fetched then.
SETTLE_SECONDS = 0.25


class StoryLoader(Part):
    """Whole articles and pictures for the reading pane, which the screen tells what it shows."""

    @dataclass
    class PageFetching(Message):
        """An article's page is being fetched: the reading pane says so above the text."""

        article_id: int

    def __init__(self, lang: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(lang, id=id)
        self._article: Article | None = None
        self._has_picture = False  # the lead picture of the article on show is drawn
        self._settle: Timer | None = None
        self._fetching: set[int] = set()  # pages asked for and not back yet

    def _images(self, article: Article) -> str:
        """How the article's pictures are shown: its feed's setting, else the global one."""
        try:
            return self.core.images_for(article)
        except Exception:  # noqa: BLE001 - a cache that cannot say: no picture asked for
            return "off"

    def _showing(self, article_id: int) -> bool:
        return self._article is not None and self._article.id == article_id

    # ------------------------------------------------------------------ the article on show

    def shown(self, article: Article | None) -> None:
        """Another article is on show (None: none). Held j runs through articles: fetch for
        the one the reader stops on, not for each."""
        if self._settle is not None:
            self._settle.stop()
            self._settle = None
        self._article = article
        self._has_picture = False
        if article is not None:
            self._settle = self.set_timer(SETTLE_SECONDS, lambda: self._settled(article))

    def _settled(self, article: Article) -> None:
        self._settle = None
        if not self._showing(article.id):
            return
        app = kalbar(self)
        # Pictures off for the article's feed: not one request (metered data).
        if article.image_url and self._images(article) != "off":
            self._picture_worker(article.id, article.image_url)
        if not app.background_refresh:
            return  # told to stay offline (tests, screenshots): only `f` fetches
        # kalbartui.story.pages brings the fetch layer (httpx): imported on the event loop it would
        # hold the screen for 100+ ms, so a thread imports it and the loop then asks.
        if "kalbartui.story.pages" in sys.modules:
            self._fetch_if_wanted(article.id)
        else:
            self._import_story(article.id)

    @work(thread=True, exit_on_error=False, group="page-wanted")
    def _import_story(self, article_id: int) -> None:
        import kalbartui.story.pages  # noqa: F401 - the import is the work

        # Modules stay loaded: keep their objects out of the collector's full sweeps.
        gc.freeze()
        self.post_message(StoryReady(article_id))

    def on_story_ready(self, message: StoryReady) -> None:
        self._fetch_if_wanted(message.article_id)

    def _fetch_if_wanted(self, article_id: int) -> None:
        if not self._showing(article_id):
            return
        try:
            wanted = self.core.wants_page(article_id)
        except Exception:  # noqa: BLE001 - a cache that cannot say still shows the summary
            wanted = False
        if wanted:
            self.fetch_page(article_id)

    # ------------------------------------------------------------------ whole articles

    def fetch_page(self, article_id: int) -> None:
        """Fetch one article's page now, ahead of any queue (`f`, the palette)."""
        if article_id in self._fetching:
            return
        self._fetching.add(article_id)
        if self._showing(article_id):
            self.post_message(self.PageFetching(article_id))
        self._page_worker(article_id)

    @work(thread=True, exit_on_error=False, group="page")
    def _page_worker(self, article_id: int) -> None:
        from kalbartui.story.pages import PageOutcome

        try:
            outcome = self.core.fetch_full_text(article_id, _cancel_check())
        except Exception as exc:  # noqa: BLE001 - reported in the pane, never fatal
            outcome = PageOutcome(article_id, False, _said(exc))
        self.post_message(PageLoaded(outcome))

    def on_page_loaded(self, message: PageLoaded) -> None:
        """Goes on to the screen (the reading pane) if its article is still on show."""
        self._fetching.discard(message.outcome.article_id)
        if not self._showing(message.outcome.article_id):
            message.stop()

    def page_shown(self, article: Article) -> None:
        """The whole article is in the pane: its page may have brought a lead picture."""
        if not self._showing(article.id) or self._has_picture:
            return
        if article.image_url and self._images(article) != "off":
            self._picture_worker(article.id, article.image_url)

    # ------------------------------------------------------------------ pictures

    @work(thread=True, exit_on_error=False, group="picture")
    def _picture_worker(self, article_id: int, url: str) -> None:
        try:
            picture = self.core.load_picture(url, PANE_PICTURE_SIDE, _cancel_check())
        except Exception:  # noqa: BLE001 - no picture: the text stands alone, as before
            return
        from kalbartui.ui.images import load_textual_image

        # Here, not on the event loop when the picture is first drawn.
        load_textual_image()
        self.post_message(PictureLoaded(article_id, url, picture))

    def on_picture_loaded(self, message: PictureLoaded) -> None:
        """Goes on to the screen (the reading pane) if its article is still on show."""
        if self._showing(message.article_id):
            self._has_picture = True
        else:
            message.stop()

    def open_picture(self, url: str) -> None:
        """A picture on its own screen, drawn the best way the terminal can."""
        self._open_picture_worker(url)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-picture")
    def _open_picture_worker(self, url: str) -> None:
        try:
            picture = self.core.load_picture(url, OPEN_PICTURE_SIDE, _cancel_check())
        except Exception as exc:  # noqa: BLE001 - said to the user, in one line
            self.say(
                translator(self.lang).gettext(
                    "Cannot show the image: {error}", error=message(_said(exc), self.lang)
                ),
                "warning",
            )
            return
        self.post_message(PictureOpened(url, picture))

    def on_picture_opened(self, message: PictureOpened) -> None:
        from kalbartui.ui.images import ImageScreen

        app = kalbar(self)
        article = self._article
        caption = clean_line(article.title if article is not None else message.url, 200)
        mode = self._images(article) if article is not None else app.config.images
        protocol = app.image_protocol if mode == "auto" else "cells"
        app.push_screen(ImageScreen(message.picture, protocol, caption))


def _cancel_check() -> Callable[[], bool]:
    """For the worker running this thread: true once it is cancelled (the reader quits)."""
    worker = get_current_worker()
    return lambda: worker.is_cancelled


def _said(exc: Exception) -> Problem:
    """What a failed job reports: the core's own problem, never the raw text of anything else."""
    return problem_of(exc)
