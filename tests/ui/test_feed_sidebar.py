"""A newsboat user's whole feed list in the reader: each feed in the sidebar under its category
(the others under "Umpan lain"), with its unread count, opened like a category; the config's
names and categories applied at start; `r` on a feed refreshes that feed; the timer asks only
the feeds that are due; pictures off for one feed."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace

import pytest

from kalbartui.models import FeedResult, FeedSpec, ParsedFeed
from kalbartui.paths import Paths
from kalbartui.store import Query, open_store
from kalbartui.ui.app import KalbarApp
from tests.feedserver import FeedServer, feed_route
from tests.story.site import serve_site
from tests.ui.builders import FEED_LIST, NOW, article, feed_list_specs, fill_feed_list
from tests.ui.conftest import notifications, offline_config, refresh_over, until
from tests.unit.test_feed_settings import rss

SIZES = [(140, 40), (80, 24)]


def feed_list_app(paths: Paths, specs: list[FeedSpec] | None = None, **config: object) -> KalbarApp:
    fill_feed_list(paths.database).close()
    chosen = feed_list_specs() if specs is None else specs
    return KalbarApp(
        offline_config(feeds=tuple(chosen), **config), paths, clock=lambda: NOW, refresh=False
    )


def sidebar_lines(app: KalbarApp) -> list[str]:
    """The sidebar's entries as it draws them (headings included), trailing blanks cut."""
    sidebar = app.main.sidebar
    out = []
    for option in sidebar.options:
        prompt = option.prompt
        line = prompt.line(60).plain if hasattr(prompt, "line") else str(prompt)
        out.append(line.rstrip())
    return out


@pytest.mark.parametrize("size", SIZES)
async def test_every_feed_is_in_the_sidebar_under_its_category_with_its_unread_count(
    paths: Paths, size: tuple[int, int]
) -> None:
    app = feed_list_app(paths)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = sidebar_lines(app)
        # Categories in the order the config names them, each followed by its feeds.
        teknologi = next(i for i, line in enumerate(lines) if line.startswith(" Teknologi"))
        assert lines[teknologi].split() == ["Teknologi", "10"]
        assert lines[teknologi + 1].split() == ["Ars", "Technica", "6"]
        assert lines[teknologi + 1].startswith("   Ars")  # indented under its category
        assert lines[teknologi + 2].split() == ["LWN.net", "4"]
        assert lines[teknologi + 3].split() == ["Kompas", "Tekno"]  # nothing unread: no count
        assert lines[teknologi + 4].split() == ["Lokal", "8"]
        assert lines[teknologi + 7] == "Umpan lain"
        assert lines[teknologi + 8].split() == ["Blog", "01", "2"]
        assert sum(1 for key in app.main.sidebar.views if key.startswith("feed-")) == len(FEED_LIST)

        # Every entry, opened with the keys: the list holds what its count said.
        sidebar = app.main.sidebar
        sidebar.focus()
        await pilot.press("g")
        store = app.store
        seen: set[str] = set()
        for _ in range(len(sidebar.views) + 10):
            view = sidebar.current
            assert view is not None
            if view.key in seen:
                break  # round the end, back at the top
            await pilot.pause()
            assert app.main.list_pane.view.key == view.key
            shown = app.main.articles.count
            assert shown == store.count(view.query), view.label
            if view.key.startswith(("feed-", "cat-")):
                unread = store.count(replace(view.query, unread_only=True))
                assert sidebar.unread[view.key] == unread, view.label
            seen.add(view.key)
            await pilot.press("j")
        assert len(seen) == len(FEED_LIST) + 2 + 3  # every feed, both categories, the fixed


@pytest.mark.parametrize("size", SIZES)
async def test_a_feed_opens_like_a_category_and_n_goes_on_to_the_next_feed(
    paths: Paths, size: tuple[int, int]
) -> None:
    app = feed_list_app(paths)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        main = app.main
        key = next(k for k, v in main.sidebar.views.items() if v.label == "LWN.net")
        main.sidebar.focus()
        main.sidebar.select_key(key)
        await pilot.press("enter")
        await pilot.pause()
        assert main.list_pane.view.key == key
        assert [main.articles.window.row(i).title for i in range(4)] == [  # type: ignore[union-attr]
            f"LWN.net: kabar {i}" for i in range(1, 5)
        ]
        assert app.main.status.state.view == "LWN.net"
        # Read the whole feed with n: then on to the next feed with unread articles.
        for _ in range(5):
            await pilot.press("n")
            await pilot.pause()
            if main.list_pane.view.key != key:
                break
        if main.reading:
            await pilot.press("escape")
        await pilot.pause()
        nxt = main.sidebar.views[main.list_pane.view.key]
        # "Kompas Tekno" has nothing unread: skipped.
        assert nxt.label == "Lokal"
        assert ("information", "Lanjut ke kategori berikutnya: Lokal") in notifications(app)
        for _ in range(12):
            await pilot.press("n")
            await pilot.pause()
        assert main.sidebar.views[main.list_pane.view.key].label.startswith(
            ("Blog", "Pontianak", "Tribun")
        )
        assert any(
            said.startswith("Lanjut ke umpan berikutnya: ") for _sev, said in notifications(app)
        )


async def test_names_and_categories_from_the_config_apply_at_start(paths: Paths) -> None:
    # The cache was made with "Pontianak Post" under "Lokal"; the config now says "Kalbar",
    # and names the first blog. No refresh: the reader's start applies it.
    specs = feed_list_specs()
    specs[3] = replace(specs[3], category="Kalbar")
    specs[5] = replace(specs[5], name="Catatan Harian")
    app = feed_list_app(paths, specs)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        lines = [line.split() for line in sidebar_lines(app)]
        assert ["Kalbar", "5"] in lines and ["Lokal", "3"] in lines
        assert ["Catatan", "Harian", "2"] in lines
        key = next(k for k, v in app.main.sidebar.views.items() if v.label == "Kalbar")
        app.main.choose_view(key)
        await pilot.pause()
        window = app.main.articles.window
        assert window is not None and window.count == 5
        rows = [window.row(i) for i in range(5)]
        assert {r.shown_category() for r in rows if r} == {"Kalbar"}
        every = app.store.page(Query(), limit=200).rows
        assert "Catatan Harian" in {r.feed for r in every}


async def test_r_on_a_feed_in_the_sidebar_refreshes_that_feed(
    paths: Paths, feed_server: FeedServer
) -> None:
    for n in range(3):
        feed_server.routes[f"/{n}.xml"] = feed_route(rss(f"Umpan{n}", [(f"g{n}", NOW)]))
    specs = [FeedSpec(feed_server.url(f"/{n}.xml"), name=f"Umpan {n}") for n in range(3)]
    app = KalbarApp(
        offline_config(feeds=tuple(specs), keep_days=0, full_text="never"),
        paths,
        clock=lambda: NOW,
        refresh=False,
    )
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        # Never fetched, the feeds are already in the sidebar (the config applied at start).
        key = next(k for k, v in app.main.sidebar.views.items() if v.label == "Umpan 1")
        app.main.sidebar.focus()
        app.main.sidebar.select_key(key)
        await pilot.pause()
        await pilot.press("r")
        await refresh_over(app, pilot)
        assert [h.path for h in feed_server.hits] == ["/1.xml"]
        await pilot.pause()
        assert app.main.sidebar.unread[key] == 1
        assert ("information", "Menyegarkan Umpan 1…") in notifications(app)
        # From the list, r is every feed, as before.
        app.main.articles.focus()
        await pilot.press("r")
        await refresh_over(app, pilot)
        assert sorted(h.path for h in feed_server.hits[1:]) == ["/0.xml", "/1.xml", "/2.xml"]


async def test_the_timer_asks_only_the_feeds_whose_interval_has_passed(
    paths: Paths, feed_server: FeedServer
) -> None:
    for n in range(3):
        feed_server.routes[f"/{n}.xml"] = feed_route(rss(f"Umpan{n}", [(f"g{n}", NOW)]))
    specs = [
        FeedSpec(feed_server.url("/0.xml"), name="Sering"),  # the global 30 minutes
        FeedSpec(feed_server.url("/1.xml"), name="Jam", refresh_interval_minutes=60),
        FeedSpec(feed_server.url("/2.xml"), name="Lambat"),  # <ttl>120</ttl>
    ]
    store = open_store(paths.database)
    ids = store.sync_feeds(specs)
    # Each last tried 40 minutes before NOW; the slow one says <ttl>120</ttl>.
    slow = ParsedFeed("Lambat", "", (), ttl_minutes=120)
    store.save_results(
        [FeedResult(ids[specs[0].url], not_modified=True), FeedResult(ids[specs[1].url], not_modified=True)]
        + [FeedResult(ids[specs[2].url], parsed=slow)],
        NOW - timedelta(minutes=40),
    )  # fmt: skip
    store.close()
    config = offline_config(
        feeds=tuple(specs), refresh_interval_minutes=30, keep_days=0, full_text="never"
    )
    app = KalbarApp(config, paths, clock=lambda: NOW, refresh=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.main.refresher.periodic()
        await refresh_over(app, pilot)
        assert [h.path for h in feed_server.hits] == ["/0.xml"]
        # Nothing else is due: the next minute's look asks nobody.
        app.main.refresher.periodic()
        await pilot.pause()
        assert not app.main.refresher.refreshing


async def test_pictures_off_for_one_feed_are_never_requested(
    paths: Paths, feed_server: FeedServer
) -> None:
    serve_site(feed_server)
    metered = FeedSpec("https://mahal.example/feed", name="Mahal", images="off")
    free = FeedSpec("https://murah.example/feed", name="Murah")
    store = open_store(paths.database)
    ids = store.sync_feeds([metered, free])
    picture = feed_server.url("/gambar/dermaga.jpg")
    for spec, n, minutes in ((metered, 1, 5), (free, 2, 10)):
        art = replace(article(n, f"Berita {spec.name}", minutes_ago=minutes), image_url=picture)
        art = replace(art, guid=f"{spec.url}#{n}")
        store.save_results(
            [FeedResult(ids[spec.url], parsed=ParsedFeed(spec.name, "", (art,)))], NOW
        )
    store.close()
    # The loopback server stands in for the picture's host on the internet: allowed as a user
    # allows a host of their own (pictures come only from public addresses otherwise).
    config = offline_config(
        feeds=(metered, free),
        images="cells",
        full_text="never",
        fetch_private_addresses=("127.0.0.1",),
    )
    app = KalbarApp(config, paths, clock=lambda: NOW, refresh=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert app.main.articles.current is not None
        assert app.main.articles.current.feed == "Mahal"
        await pilot.press("enter")
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        assert feed_server.count("/gambar/dermaga.jpg") == 0
        await pilot.press("escape", "j", "enter")
        await until(pilot, lambda: feed_server.count("/gambar/dermaga.jpg") == 1, "the picture")


async def test_the_palette_opens_a_feed_and_tells_its_counts(paths: Paths) -> None:
    from kalbartui.ui.commands import KalbarCommands

    app = feed_list_app(paths)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        listed = KalbarCommands.commands(SimpleNamespace(kalbar=app))  # type: ignore[arg-type]
        helps = {title: help_text for title, _callback, help_text in listed}
        assert helps["Buka: LWN.net"] == "4 belum dibaca dari 4"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"buka lwn")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.list_pane.view.label == "LWN.net"
        assert app.main.articles.count == 4


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_narrow_sidebar_widens_while_it_has_the_focus(
    paths: Paths, size: tuple[int, int]
) -> None:
    """At 80 and 100 columns feed names are cut in the sidebar; moving into it (h) widens it
    so "Kalbar Pontianak" and "Kalbar Sambas" can be told apart, and leaving (l) narrows it."""
    app = feed_list_app(paths)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        sidebar = app.main.sidebar
        narrow = sidebar.outer_size.width
        await pilot.press("h")
        await pilot.pause()
        assert sidebar.has_focus
        assert sidebar.outer_size.width == 36 > narrow
        await pilot.press("l")
        await pilot.pause()
        assert not sidebar.has_focus
        assert sidebar.outer_size.width == narrow
