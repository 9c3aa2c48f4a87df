"""What the reader draws while a refresh lands feeds: the list follows, the footer stays.

The list re-reads itself as feeds land; when the new articles all sort above the screen,
nothing on screen changes but the scroll offset, so the list moves it without drawing its
lines again. These tests check that what is drawn is still what the list holds.
"""

from __future__ import annotations

from pathlib import Path

from kalbartui.models import FeedSpec
from kalbartui.ui.widgets.article_list import ROW_HEIGHT
from kalbartui.ui.widgets.footer import KeyFooter
from tests.feedserver import FeedServer, feed_route
from tests.ui.builders import add_articles, article
from tests.ui.conftest import AppFactory, list_line, offline_config, refresh_over, until

DATA = Path(__file__).resolve().parents[1] / "data"

CACHED = [article(100 + i, f"Kabar lama {i}", minutes_ago=60 + i) for i in range(40)]
NEWER = [article(500 + i, f"Kabar baru {i}", minutes_ago=1 + i) for i in range(5)]


def _screen_lines(app, height: int) -> list[str]:  # noqa: ANN001
    return [list_line(app, y) for y in range(height)]


async def test_new_articles_above_the_screen_keep_every_line_and_show_when_scrolled_to(
    make_app: AppFactory,
) -> None:
    app = make_app(CACHED)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        articles = app.main.articles
        height = articles.scrollable_content_region.height
        before = _screen_lines(app, height)
        highlighted = articles.current
        assert highlighted is not None and highlighted.title == "Kabar lama 0"

        add_articles(app.paths.database, NEWER)
        app.main.articles.reload()
        await pilot.pause()

        # Same article highlighted on the same line, the same lines drawn, the list longer.
        assert articles.count == len(CACHED) + len(NEWER)
        assert articles.current is not None and articles.current.id == highlighted.id
        assert round(articles.scroll_offset.y) == len(NEWER) * ROW_HEIGHT
        assert _screen_lines(app, height) == before
        assert articles.vertical_scrollbar.position == len(NEWER) * ROW_HEIGHT

        # Going up shows the new ones, drawn where they are.
        await pilot.press("g")
        await pilot.pause()
        assert round(articles.scroll_offset.y) == 0
        assert "Kabar baru 0" in list_line(app, 0)
        assert "Kabar lama 0" in list_line(app, len(NEWER) * ROW_HEIGHT)


async def test_new_articles_on_screen_are_drawn_in_place(make_app: AppFactory) -> None:
    # The reader is down the list; new articles sort among the rows on screen.
    cached = [article(100 + i, f"Kabar lama {i}", minutes_ago=10 * i) for i in range(40)]
    between = [article(600, "Kabar sisipan", minutes_ago=15)]
    app = make_app(cached)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        articles = app.main.articles
        highlighted = articles.current
        assert highlighted is not None
        line = articles.cursor * ROW_HEIGHT - round(articles.scroll_offset.y)

        add_articles(app.paths.database, between)
        articles.reload()
        await pilot.pause()

        assert articles.current is not None and articles.current.id == highlighted.id
        assert articles.cursor * ROW_HEIGHT - round(articles.scroll_offset.y) == line
        height = articles.scrollable_content_region.height
        assert any("Kabar sisipan" in text for text in _screen_lines(app, height))


async def test_the_footer_is_rebuilt_only_when_its_keys_change(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        footer = app.main.query_one(KeyFooter)
        keys = list(footer.query("FooterKey"))
        assert keys

        # "Bindings changed" with the same keys shown: the same key widgets stay.
        for _ in range(3):
            app.main.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert list(footer.query("FooterKey")) == keys

        # Focus on the sidebar shows its own keys: the footer follows.
        shown = [k.description for k in keys]
        app.main.sidebar.focus()
        await pilot.pause()
        await pilot.pause()
        after = [k.description for k in footer.query("FooterKey")]
        assert after != shown


async def test_after_a_refresh_the_list_and_the_sidebar_counts_hold_what_landed(
    make_app: AppFactory, feed_server: FeedServer
) -> None:
    feed_server.routes["/pontianak/feed/"] = feed_route((DATA / "wp_pontianak.xml").read_bytes())
    feeds = (FeedSpec(url=feed_server.url("/pontianak/feed/"), source="Kalbar Contoh"),)
    # No article pages after the refresh: only the feed's articles are counted here.
    config = offline_config(refresh_on_start=True, feeds=feeds, full_text="never")
    app = make_app(CACHED, config=config, refresh=True)
    async with app.run_test(size=(140, 40)) as pilot:
        main = app.main
        await refresh_over(app, pilot, "the refresh on start to end")
        report = main.refresher.last_report
        assert report is not None and report.new_total > 0, main.status.state
        totals = app.store.totals()
        assert totals["all"] == len(CACHED) + report.new_total
        # The counts are read in the background once the refresh ends.
        await until(pilot, lambda: main.counts.totals == totals, "the sidebar's counts")
        assert main.articles.count == totals["all"]
        assert main.sidebar.views["all"] is not None
