"""The command line and the reader are two faces of one core: the same input gives the same
answer through either. Each test does one thing through the CLI (its `main`, as a user types
it) and through the reader (keys, with Pilot), over one real cache, and compares."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from kalbartui.cli.main import main
from kalbartui.config import load_config
from kalbartui.paths import Paths
from kalbartui.store import Query, open_store
from kalbartui.ui.app import KalbarApp
from tests.feedserver import DATA, FeedServer, feed_route, serve_wordpress_site
from tests.ui.builders import NOW, SITE, fill_store, story_articles
from tests.ui.conftest import until

CONFIG = """\
language = "id"
timezone = "Asia/Pontianak"
refresh_on_start = false
refresh_interval_minutes = 0
full_text = "never"

[[feeds]]
url = "{url}"
"""


# The cache `fill_store` makes: a WordPress-like site whose categories come from its terms.
SOURCE_CONFIG = """\
language = "id"
timezone = "Asia/Pontianak"
refresh_on_start = false
refresh_interval_minutes = 0
full_text = "never"

[[sources]]
name = "Kalbar Contoh"
url = "{url}"
"""


@pytest.fixture
def cache(paths: Paths) -> Paths:
    """The six test stories in a real cache, and a config file both faces read (the one
    that made the cache: both faces apply the config to the cache before they read it)."""
    paths.config.parent.mkdir(parents=True, exist_ok=True)
    paths.config.write_text(SOURCE_CONFIG.format(url=f"{SITE}/"), encoding="utf-8")
    fill_store(paths.database, story_articles()).close()
    return paths


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    status = main(list(args))
    out = capsys.readouterr().out
    assert status == 0, out
    return out


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(cli(capsys, *args, "--json"))
    return found


def reader(paths: Paths) -> KalbarApp:
    return KalbarApp(load_config(paths.config), paths, clock=lambda: NOW, refresh=False)


def shown_rows(app: KalbarApp) -> list[tuple[int, str]]:
    """(id, the category the row names) of every row the reader's list holds now."""
    articles = app.main.articles
    assert articles.window is not None
    within = app.main.list_pane.view.label if app.main.list_pane.view.key.startswith("cat") else ""
    rows = [articles.window.row(i) for i in range(articles.window.count)]
    return [(r.id, r.shown_category(within)) for r in rows if r is not None]


@pytest.mark.parametrize(
    "words",
    [
        "sungai AND kapuas",
        "kapuas",
        '"perahu bidar"',
        "kapuas OR karet",
        "kapuas -jembatan",
        "title:kapuas is:unread",
        "(kapuas OR karet) -festival",
        "author:rina",
    ],
)
async def test_a_search_finds_the_same_articles(
    cache: Paths, capsys: pytest.CaptureFixture[str], words: str
) -> None:
    from_cli = [a["id"] for a in cli_json(capsys, "search", words, "--limit", "100")]
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash", *words)
        await until(pilot, lambda: app.main.list_pane.search_text == words, "the search")
        await pilot.pause()
        from_reader = [row_id for row_id, _ in shown_rows(app)]
    assert from_cli, f"{words!r} should find something"
    assert from_reader == from_cli


@pytest.mark.parametrize("text", ["kapuas OR", "(banjir", 'title:"kapuas', "is:maybe"])
async def test_a_mistake_in_a_query_is_the_same_sentence_in_both(
    cache: Paths, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    capsys.readouterr()
    assert main(["search", text]) == 2
    said = capsys.readouterr().err.strip()
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash", *text)
        await pilot.pause()
        hint = app.main.status.state.hint
    assert hint and hint in said  # the CLI says "kalbartui: " first
    assert "karakter" in hint  # Indonesian, pointing at the place


async def test_a_category_lists_the_same_rows_named_the_same(
    cache: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    # The CLI takes the name in any case; the sidebar shows it as the site writes it.
    listed = cli_json(capsys, "list", "--category", "PONTIANAK", "--limit", "100")
    every = cli_json(capsys, "list", "--limit", "100")
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        all_rows = shown_rows(app)
        key = next(k for k, v in app.main.sidebar.views.items() if v.label == "Pontianak")
        app.main.choose_view(key)
        await pilot.pause()
        category_rows = shown_rows(app)
    assert [(a["id"], a["category"]) for a in listed] == category_rows
    assert {c for _, c in category_rows} == {"Pontianak"}
    assert [(a["id"], a["category"]) for a in every] == all_rows


async def test_a_mark_made_in_one_face_shows_in_the_other(
    cache: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        first = app.main.articles.current
        assert first is not None and not first.starred
        await pilot.press("s")
        await pilot.pause()
    starred = [a["id"] for a in cli_json(capsys, "list", "--starred")]
    assert starred == [first.id]

    second = cli_json(capsys, "list")[1]
    assert not second["read"]
    cli(capsys, "mark", str(second["id"]), "--read")
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        window = app.main.articles.window
        assert window is not None
        rows = {r.id: r for r in (window.row(i) for i in range(window.count)) if r is not None}
        assert rows[second["id"]].read
        assert rows[first.id].starred


async def test_a_tag_made_in_one_face_is_found_and_hidden_alike_in_the_other(
    cache: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        first = app.main.articles.current
        assert first is not None
        await pilot.press("t", *"Bacaan Nanti", "enter")
        await until(pilot, lambda: app.core.tags_of(first.id) == ["Bacaan Nanti"], "the tag")
    second = cli_json(capsys, "list")[2]
    cli(capsys, "tag", str(second["id"]), "bacaan nanti")
    store = open_store(cache.database)
    store.set_hidden([cli_json(capsys, "list")[1]["id"]], True)  # as a hide rule would
    store.close()
    words = 'tag:"bacaan nanti"'
    from_cli = [a["id"] for a in cli_json(capsys, "search", words, "--limit", "100")]
    hidden_cli = [a["id"] for a in cli_json(capsys, "list", "--hidden")]
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash", *words)
        await until(pilot, lambda: app.main.list_pane.search_text == words, "the search")
        await pilot.pause()
        from_reader = [row_id for row_id, _ in shown_rows(app)]
        await pilot.press("escape")
        app.main.sidebar.select_key("hidden")
        await until(pilot, lambda: app.main.list_pane.view.key == "hidden", "the hidden list")
        await pilot.pause()
        hidden_reader = [row_id for row_id, _ in shown_rows(app)]
    assert sorted(from_cli) == sorted([first.id, second["id"]])
    assert from_reader == from_cli
    assert hidden_reader == hidden_cli and len(hidden_cli) == 1


async def test_the_opml_export_is_the_same_file(
    cache: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    from_cli = cli(capsys, "export-opml")
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        app.main.feed_list.export_opml()
        await pilot.pause()
    written = (cache.data_dir / "kalbartui-feeds.opml").read_text(encoding="utf-8")
    assert written == from_cli
    assert f"{SITE}/feed/" in written


async def test_a_refresh_stores_the_same_articles_in_the_same_categories(
    paths: Paths, tmp_path: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # One feed server; the CLI refreshes one cache, the reader (`r`, its refresh process)
    # another. What each stored, and where the sidebar puts it, must be the same.
    feed_server.routes["/feed/"] = feed_route((DATA / "wp_front.xml").read_bytes())
    config_text = CONFIG.format(url=feed_server.url("/feed/")).replace(
        "[[feeds]]\n", '[[feeds]]\ncategory = "Berita"\n'
    )
    paths.config.parent.mkdir(parents=True, exist_ok=True)
    paths.config.write_text(config_text, encoding="utf-8")
    other = Paths(config=paths.config, data_dir=tmp_path / "other", cache_dir=tmp_path / "oc")

    argv = ["--data-dir", str(other.data_dir), "refresh", "--quiet"]
    status = await asyncio.to_thread(main, argv)
    assert status == 0
    # The real clock in both: a feed's dates past "now" are taken as now.
    app = KalbarApp(load_config(paths.config), paths, refresh=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("r")
        refresher = app.main.refresher
        await until(pilot, lambda: refresher.last_report is not None, "the reader's refresh")
        report = refresher.last_report
        assert report is not None and report.new_total > 0

    def stored(where: Paths) -> list[tuple[str, str, tuple[str, ...]]]:
        store = open_store(where.database)
        try:
            names = {c.name: c.id for c in store.categories()}
            listed = store.page(Query.category(names["Berita"]), limit=100).rows
            return [(r.title, r.url, r.sidebar_categories) for r in listed]
        finally:
            store.close()

    assert stored(other) == stored(paths)
    assert len(stored(paths)) == 10


@pytest.fixture
def feed_list_cache(paths: Paths) -> Paths:
    """A newsboat user's feed list in a real cache, and the config that lists it."""
    from tests.ui.builders import feed_list_specs, fill_feed_list

    lines = [
        'language = "id"',
        "refresh_on_start = false",
        "refresh_interval_minutes = 0",
        'full_text = "never"',
    ]
    for spec in feed_list_specs():
        lines += ["", "[[feeds]]", f'url = "{spec.url}"', f'name = "{spec.name}"']
        if spec.category:
            lines.append(f'category = "{spec.category}"')
    paths.config.parent.mkdir(parents=True, exist_ok=True)
    paths.config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fill_feed_list(paths.database).close()
    return paths


async def test_a_feed_lists_the_same_rows_through_the_cli_and_the_sidebar(
    feed_list_cache: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    # The CLI takes the feed's name in any case, as the sidebar shows it.
    listed = cli_json(capsys, "list", "--feed", "pontianak POST", "--limit", "100")
    unread = cli_json(capsys, "list", "--feed", "Pontianak Post", "--unread", "--limit", "100")
    app = reader(feed_list_cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        key = next(k for k, v in app.main.sidebar.views.items() if v.label == "Pontianak Post")
        app.main.choose_view(key)
        await pilot.pause()
        feed_rows = shown_rows(app)
        sidebar_unread = app.main.sidebar.unread[key]
    assert [(a["id"], a["category"]) for a in listed] == feed_rows
    assert {a["feed"] for a in listed} == {"Pontianak Post"}
    assert len(feed_rows) == 5 and sidebar_unread == len(unread) == 5


async def test_categories_name_the_entries_and_counts_the_sidebar_shows(
    feed_list_cache: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    from kalbartui.models import sidebar_groups

    from_cli = cli_json(capsys, "categories")
    feeds_cli = cli_json(capsys, "feeds")
    text = cli(capsys, "categories").splitlines()
    app = reader(feed_list_cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        sidebar = app.main.sidebar
        entries = [
            (view.label, sidebar.unread[key])
            for key, view in sidebar.views.items()
            if key.startswith(("cat-", "feed-"))
        ]
        groups = sidebar_groups(app.main.counts.categories, app.main.counts.feeds)
    in_cli = []
    for cat in from_cli:
        in_cli.append((cat["name"], cat["unread"]))
        in_cli += [(f["name"], f["unread"]) for f in cat["feeds"]]
    other = [(f.display_name, f.unread) for g in groups for f in g.other_feeds]
    assert in_cli + other == entries
    # `feeds` lists every feed in the sidebar's order.
    categories = {cat["name"] for cat in from_cli}
    assert [(f["name"], f["unread"]) for f in feeds_cli] == [
        entry for entry in entries if entry[0] not in categories
    ]
    # The text mirrors the sidebar: the categories' feeds indented, then "Umpan lain".
    names = [re.split(r"\s{2,}", line.strip())[0] for line in text]
    assert names == [name for name, _ in entries[:7]] + ["Umpan lain"] + [
        name for name, _ in entries[7:]
    ]
    assert text[1].startswith("  Ars Technica")


async def test_adding_a_site_offers_the_same_feeds_and_writes_the_same_entry(
    paths: Paths, tmp_path: Path, feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same config file twice; the CLI picks the second offer (the comments feed) with
    # --pick 2, the reader from the palette's pick list. Both files must end up the same.
    serve_wordpress_site(feed_server)
    start = CONFIG.format(url=feed_server.url("/lain.xml"))
    other = tmp_path / "cli" / "config.toml"
    other.parent.mkdir()
    other.write_text(start, encoding="utf-8")
    paths.config.parent.mkdir(parents=True, exist_ok=True)
    paths.config.write_text(start, encoding="utf-8")
    page = feed_server.url("/berita/")
    capsys.readouterr()
    # No terminal to ask at: the list, exit 2. Run in a thread, as a process of its own would.
    assert await asyncio.to_thread(main, ["--config", str(other), "add", page]) == 2
    said = capsys.readouterr().out.splitlines()
    assert said[0] == "2 umpan ditemukan:"
    offers = [line.strip() for line in said[1::2]]  # each offer, then its address
    assert await asyncio.to_thread(main, ["--config", str(other), "add", page, "--pick", "2"]) == 0

    app = reader(paths)
    async with app.run_test(size=(140, 40)) as pilot:
        app.main.feed_list.ask_add_site()
        await until(pilot, lambda: app.screen.query("AskPathScreen Input"), "the question")
        await pilot.press(*page, "enter")
        await until(pilot, lambda: app.screen.query("PickFeedScreen OptionList"), "the list")
        await pilot.pause()
        options = app.screen.query_one("#pick-list", OptionList)
        shown = [
            str(options.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(options.option_count)
        ]
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.screen is app.main, "the reader again")
        await app.workers.wait_for_complete()
    assert shown == offers  # the same offers, in the same order and words
    assert offers[1].startswith("2. Situs Uji » Komentar — umpan RSS komentar")
    written = paths.config.read_text(encoding="utf-8")
    assert written == other.read_text(encoding="utf-8")
    assert written.endswith(f'[[feeds]]\nurl = "{feed_server.url("/comments/feed/")}"\n')


async def test_a_bylines_articles_and_box_are_the_same_in_both(
    cache: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    from kalbartui.models import AuthorAbout
    from kalbartui.store.authors import AuthorToAsk
    from kalbartui.store.ingest import site_of

    store = open_store(cache.database)
    about = AuthorAbout("Rina Marlina", "Wartawan kota Pontianak.", f"{SITE}/author/rina/")
    store.save_authors([(AuthorToAsk(site_of(f"{SITE}/feed/"), "Rina Marlina"), about)], 0.0)
    store.close()
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.main.articles.count > 0, "the list")
        newest = app.main.articles.current.id
        await pilot.press("enter")
        await until(pilot, lambda: "Tentang penulis" in str(app.main.reader.content), "the box")
        await pilot.press("a")
        await until(pilot, lambda: app.main.list_pane.search_text is not None, "the search")
        await pilot.pause()
        query = app.main.list_pane.search_text
        from_reader = [row_id for row_id, _ in shown_rows(app)]
    from_cli = [a["id"] for a in cli_json(capsys, "search", query, "--limit", "100")]
    assert len(from_reader) == 2 and from_reader == from_cli
    by_name = cli_json(capsys, "list", "--author", "Rina Marlina", "--limit", "100")
    assert [a["id"] for a in by_name] == from_reader
    shown = cli(capsys, "show", str(newest))
    assert "Tentang penulis\nRina Marlina — Wartawan kota Pontianak." in shown


HOSTILE_BYLINE = '") OR 1=1 -- author: (title:*) "Rina'


async def test_a_hostile_bylines_articles_are_the_same_in_both(
    cache: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.ui.builders import add_articles, article

    add_articles(
        cache.database,
        [
            article(40, "Kolom: Menunggu Air Pasang", author=HOSTILE_BYLINE, minutes_ago=1),
            article(41, "Kolom: Sampan dari Hulu", author=HOSTILE_BYLINE, minutes_ago=90),
        ],
    )
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.main.articles.count > 0, "the list")
        assert app.main.articles.current.author == HOSTILE_BYLINE
        await pilot.press("a")
        await until(pilot, lambda: app.main.list_pane.search_text is not None, "the search")
        await pilot.pause()
        from_reader = [row_id for row_id, _ in shown_rows(app)]
    by_name = cli_json(capsys, "list", "--author", HOSTILE_BYLINE, "--limit", "100")
    assert len(from_reader) == 2 and [a["id"] for a in by_name] == from_reader
    assert {a["author"] for a in by_name} == {HOSTILE_BYLINE}
