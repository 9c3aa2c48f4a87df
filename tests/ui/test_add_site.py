"""Adding a site from the reader, as a newsboat user moving their feeds would: the palette's
"Add a site…" takes any page address, offers what the site has, and writes the choice into
the config file; the first screen says where feeds come from and how to add one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList

from kalbartui.paths import Paths
from kalbartui.ui.app import KalbarApp
from tests.feedserver import DATA, FeedServer, send, serve_wordpress_site
from tests.ui.conftest import AppFactory, list_line, notifications, offline_config, until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((140, 40), id="140x40")]
WORDS = {
    "id": {"palette": "tambah", "title": "Tambah situs…", "kind": "situs WordPress"},
    "en": {"palette": "add a site", "title": "Add a site…", "kind": "WordPress site"},
}


def start_config(paths: Paths, server: FeedServer, language: str) -> None:
    """A config the user wrote (so no KalbarOnline is read, and the refresh stays on loopback)."""
    paths.config.parent.mkdir(parents=True, exist_ok=True)
    paths.config.write_text(
        f'# umpanku\nlanguage = "{language}"\n\n[[feeds]]\nurl = "{server.url("/lain.xml")}"\n',
        encoding="utf-8",
    )


def palette_titles(app: KalbarApp) -> list[str]:
    options = app.screen.query_one(CommandList).options
    return [str(getattr(o.prompt, "plain", o.prompt)).split("\n")[0] for o in options]


async def add_from_palette(app: KalbarApp, pilot: Any, words: dict[str, str], address: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.press(*words["palette"])
    await until(pilot, lambda: words["title"] in " ".join(palette_titles(app)), "the action")
    # The first hit is the action itself (its title matches best).
    assert palette_titles(app)[0].startswith(words["title"])
    await pilot.press("enter")
    await until(pilot, lambda: app.screen.query("AskPathScreen Input"), "the question")
    await pilot.press(*address, "enter")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["id", "en"])
async def test_a_site_is_added_from_the_palette_by_any_of_its_pages(
    make_app: AppFactory,
    paths: Paths,
    feed_server: FeedServer,
    size: tuple[int, int],
    language: str,
) -> None:
    serve_wordpress_site(feed_server)
    start_config(paths, feed_server, language)
    words = WORDS[language]
    app = make_app(config=offline_config(language=language))
    async with app.run_test(size=size) as pilot:
        await add_from_palette(app, pilot, words, feed_server.url("/berita/"))
        await until(pilot, lambda: app.screen.query("PickFeedScreen OptionList"), "the pick list")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown[0].startswith("1. Situs Uji — " + words["kind"])
        assert feed_server.url("/") in shown[0]
        assert shown[1].startswith("2. Situs Uji » Komentar")  # comments last
        # The whole list fits on the screen, whatever its size.
        assert app.screen.query_one("#pick-box").region.bottom <= size[1]
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is app.main, "the reader again")
        text = paths.config.read_text(encoding="utf-8")
        assert text.startswith(f'# umpanku\nlanguage = "{language}"\n\n[[feeds]]\n')
        assert text.endswith(
            f'\n\n[[sources]]\nname = "Situs Uji"\nurl = "{feed_server.url("/")}"\n'
            'type = "wordpress"\n'
        )
        assert [s.name for s in app.config.sources] == ["Situs Uji"]
        said = [m for _sev, m in notifications(app)]
        assert any("Situs Uji" in m and str(paths.config) in m for m in said), said
        await app.workers.wait_for_complete()  # the refresh that fetches it


async def test_a_site_without_feeds_is_one_sentence(
    make_app: AppFactory, paths: Paths, feed_server: FeedServer
) -> None:
    feed_server.routes["/kosong/"] = lambda h: send(
        h, 200, b"<html><body>x</body></html>", "text/html"
    )
    start_config(paths, feed_server, "id")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await add_from_palette(app, pilot, WORDS["id"], feed_server.url("/kosong/"))
        await until(
            pilot, lambda: any(sev == "error" for sev, _ in notifications(app)), "the answer"
        )
        errors = [m for sev, m in notifications(app) if sev == "error"]
        assert errors == [
            f"tidak ada umpan di {feed_server.url('/kosong/')}: halamannya tidak mencantumkan "
            "umpan, bukan situs WordPress, dan tidak ada umpan di alamat yang lazim (/feed/, "
            "/rss, /atom.xml, …)"
        ]
        assert "kosong" not in paths.config.read_text(encoding="utf-8")


async def test_one_feed_found_is_added_without_a_question(
    make_app: AppFactory, paths: Paths, feed_server: FeedServer
) -> None:
    feed_server.routes["/feed.json"] = lambda h: send(
        h, 200, (DATA / "jsonfeed_1_1.json").read_bytes(), "application/feed+json"
    )
    start_config(paths, feed_server, "en")
    app = make_app(config=offline_config(language="en"))
    async with app.run_test(size=(140, 40)) as pilot:
        await add_from_palette(app, pilot, WORDS["en"], feed_server.url("/feed.json"))
        await until(pilot, lambda: any("Added" in m for _s, m in notifications(app)), "the toast")
        assert app.screen is app.main
        assert [f.url for f in app.config.feeds][-1] == feed_server.url("/feed.json")
        await app.workers.wait_for_complete()
        # The refresh it started reads the JSON Feed into the list.
        await until(pilot, lambda: app.main.articles.count == 8, "the JSON Feed's articles")


@pytest.mark.parametrize(
    ("language", "typed", "found"),
    [
        ("id", "tambah", ["Tambah situs…", "Impor umpan dari OPML…"]),
        ("en", "config", ["Import feeds from OPML…"]),
        ("en", "opml file", ["Export feeds to OPML…", "Import feeds from OPML…"]),
    ],
)
async def test_the_palette_finds_an_action_by_the_words_of_its_description(
    make_app: AppFactory, language: str, typed: str, found: list[str]
) -> None:
    app = make_app(config=offline_config(language=language))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*typed)
        await until(pilot, lambda: set(found) <= set(palette_titles(app)), f"{found} for {typed!r}")
        assert isinstance(app.screen, CommandPalette)


async def test_the_export_asks_where_and_offers_the_data_dir(
    make_app: AppFactory, paths: Paths, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.main.feed_list.ask_export()
        await until(pilot, lambda: app.screen.query(Input), "the question")
        box = app.screen.query_one(Input)
        assert box.value == str(paths.data_dir / "kalbartui-feeds.opml")
        await pilot.press("enter")  # the answer already there
        await pilot.pause()
        assert (paths.data_dir / "kalbartui-feeds.opml").exists()
        app.main.feed_list.ask_export()
        await until(pilot, lambda: app.screen.query(Input), "the question")
        elsewhere = tmp_path / "cadangan" / "umpan.opml"
        app.screen.query_one(Input).value = str(elsewhere)
        await pilot.press("enter")
        await pilot.pause()
        assert "<opml" in elsewhere.read_text(encoding="utf-8")
        assert any(str(elsewhere) in m for _s, m in notifications(app))


@pytest.mark.parametrize("size", SIZES)
async def test_the_first_screen_says_where_feeds_come_from_and_how_to_add_one(
    make_app: AppFactory, paths: Paths, size: tuple[int, int]
) -> None:
    app = make_app([])
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = " ".join(list_line(app, y).strip() for y in range(size[1] - 4))
        shown = " ".join(shown.split())
        assert "Belum ada artikel" in shown
        assert "Anda membaca KalbarOnline, bawaan kalbartui" in shown
        assert str(paths.config) in shown.replace(" ", "") or str(paths.config) in shown
        assert "“Tambah situs…”" in shown and "kalbartui add URL" in shown
        assert "kalbartui import-opml BERKAS" in shown


async def test_counts_are_not_searched_as_descriptions(make_app: AppFactory) -> None:
    app = make_app(config=offline_config(language="en"))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        total = str(app.main.counts.totals["all"])  # in the help of "Open: All": "6 unread of 6"
        await pilot.press("ctrl+p")
        await pilot.press(*total)
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.pause(0.5)
        assert not [t for t in palette_titles(app) if t.startswith("Open: ")]
