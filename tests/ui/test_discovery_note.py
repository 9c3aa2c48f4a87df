"""The feeds screen (`e`) says when a WordPress site's categories could not be discovered, and why."""

from __future__ import annotations

from kalbartui.config import SourceConfig
from kalbartui.feeds.wordpress import WpCategory, encode_discovery
from kalbartui.paths import Paths
from kalbartui.refresh.plan import meta_key
from kalbartui.store import open_store
from kalbartui.store.legacy_errors import as_problem
from tests.ui.builders import NOW
from tests.ui.conftest import AppFactory, offline_config

SITE = "http://127.0.0.1:9/"  # never fetched: the reader starts without a refresh
SOURCE = SourceConfig(name="Kalbar Lokal", url=SITE)


def remember_discovery(paths: Paths, ok: bool, error: str = "") -> None:
    cats = [WpCategory("Olahraga", "olahraga", SITE + "olahraga/", 6)] if ok else []
    store = open_store(paths.database)
    problem = as_problem(error) if error else None
    store.set_meta(meta_key(SITE), encode_discovery(NOW.timestamp(), ok, cats, problem))
    store.close()


def notes(app) -> list[str]:  # noqa: ANN001
    return [str(note.content) for note in app.screen.query(".discovery-note")]


async def test_the_feeds_screen_says_the_categories_were_not_discovered(
    make_app: AppFactory, paths: Paths
) -> None:
    app = make_app(config=offline_config(sources=(SOURCE,)))
    remember_discovery(paths, ok=False, error="HTTP 403 (access forbidden)")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "FeedErrorsScreen"
        assert notes(app) == [
            "⚠ Kalbar Lokal: kategori tidak bisa ditemukan (HTTP 403 (akses ditolak)); "
            "kategori diambil dari label artikel"
        ]


async def test_in_english_with_a_page_that_was_not_json(make_app: AppFactory, paths: Paths) -> None:
    app = make_app(config=offline_config(language="en", sources=(SOURCE,)))
    remember_discovery(paths, ok=False, error="the categories API did not answer with JSON")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert notes(app) == [
            "⚠ Kalbar Lokal: categories could not be discovered (the categories API did not "
            "answer with JSON); using the articles' own terms"
        ]


async def test_no_note_when_the_sites_categories_are_in_use(
    make_app: AppFactory, paths: Paths
) -> None:
    app = make_app(config=offline_config(sources=(SOURCE,)))
    remember_discovery(paths, ok=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "FeedErrorsScreen"
        assert notes(app) == []
