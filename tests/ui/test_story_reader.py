"""The whole story in the reader: a summary-only article is read whole from its page, its picture
drawn in cells above the text; with the server gone, both come from the cache."""

from __future__ import annotations

import io
from dataclasses import replace

from rich.console import Console
from textual.widgets import Static

from kalbartui.ui.screens.feed_errors import FeedErrorsScreen
from kalbartui.ui.widgets.article_view import ArticleView
from tests.feedserver import FeedServer
from tests.story.site import BOILERPLATE_MARKERS, STORIES, serve_site
from tests.ui.builders import article
from tests.ui.conftest import AppFactory, notifications, offline_config

STORY = STORIES[0]
# The loopback site stands in for the news site on the internet; these articles come from a
# feed elsewhere, so the site's address is allowed as a user allows a host of their own.
LOOPBACK = ("127.0.0.1",)


def summary_only(server: FeedServer, image: bool = True):  # noqa: ANN201
    """The first story as its feed gives it: a teaser, a link to its page, and its picture."""
    base = article(1, STORY.title, author=STORY.author, minutes_ago=30, paragraphs=[STORY.summary])
    return replace(
        base,
        url=server.url(f"/berita/{STORY.slug}/"),
        image_url=server.url("/gambar/dermaga.jpg") if image else "",
    )


def pane(view: ArticleView) -> str:
    """The pane's words, wrapping undone."""
    return " ".join(" ".join(view.line_text(y) for y in range(view.line_count)).split())


async def wait_for(pilot, condition, tries: int = 200) -> None:  # noqa: ANN001
    for _ in range(tries):
        if condition():
            return
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.02)
    raise AssertionError("the condition never held")


async def test_opening_a_summary_shows_it_at_once_then_the_whole_article_and_its_picture(
    make_app: AppFactory, feed_server: FeedServer
) -> None:
    serve_site(feed_server)
    config = offline_config(full_text="auto", images="cells", fetch_private_addresses=LOOPBACK)
    app = make_app([summary_only(feed_server)], config=config, refresh=True)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("enter")
        view = app.main.reader
        # The feed's summary is there before the page is.
        assert "menambatkan perahu" in pane(view)
        await wait_for(pilot, lambda: "gudang pendingin" in pane(view) and view.image_rows)
        text = pane(view)
        for marker in BOILERPLATE_MARKERS:
            assert marker not in text
        # The picture: rows of half-block cells under the title and byline, no wider than
        # the pane and at most a third of its height.
        assert view.line_text(0) == STORY.title
        assert view.picture_at > 1
        cells = view.image_rows[0]
        assert "▀" in view.line_text(view.picture_at)
        assert cells.cell_length <= view.scrollable_content_region.width
        assert len(view.image_rows) - 1 <= view.scrollable_content_region.height // 3
        # Each cell carries two pixels of the picture: a foreground and a background colour.
        colours = {(s.style.color, s.style.bgcolor) for s in cells if s.style and s.text == "▀"}
        assert colours and all(fg is not None and bg is not None for fg, bg in colours)

    # The server goes away: the next start reads text and picture from the cache.
    feed_server.stop()
    again = make_app([summary_only(feed_server)], config=config, refresh=False)
    async with again.run_test(size=(140, 45)) as pilot:
        await pilot.press("enter")
        view = again.main.reader
        await wait_for(pilot, lambda: bool(view.image_rows))
        assert "gudang pendingin" in pane(view)
        assert not [m for sev, m in notifications(again) if sev == "error"]


async def test_f_fetches_the_whole_article_and_a_failure_keeps_the_summary_with_a_note(
    make_app: AppFactory, feed_server: FeedServer
) -> None:
    serve_site(feed_server)
    broken = replace(summary_only(feed_server, image=False), url=feed_server.url("/berita/hilang/"))
    config = offline_config(full_text="never", images="off", fetch_private_addresses=LOOPBACK)
    app = make_app([broken], config=config)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("enter")
        view = app.main.reader
        assert "tidak bisa diambil" not in pane(view)
        await pilot.press("f")
        await wait_for(pilot, lambda: "tidak bisa diambil" in pane(view))
        text = pane(view)
        assert "HTTP 404 (tidak ditemukan)" in text
        assert "menambatkan perahu" in text  # the summary stays
        # The feeds screen says which page failed and why.
        await pilot.press("escape", "e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FeedErrorsScreen)
        console = Console(file=io.StringIO(), width=200, color_system=None)
        console.print(screen.query_one("#feeds-table", Static).content)  # what the screen draws
        feeds_text = " ".join(console.file.getvalue().split())  # type: ignore[attr-defined]
        assert "1 halaman artikel gagal diambil" in feeds_text
        assert "HTTP 404 (tidak ditemukan)" in feeds_text
