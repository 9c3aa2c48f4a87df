"""Saved views ([[views]]): a sidebar entry per view under its own heading, with its unread
count, opened like a category; the same lists and counts as the command line's `views`,
`list --view`, `list --query` and `count`; `A` on a view and `u` after it; a search saved as
a view from the palette. Over a real cache, with Pilot."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from kalbartui.cli.main import main
from kalbartui.config import load_config
from kalbartui.paths import Paths
from kalbartui.store import Query
from kalbartui.ui.app import KalbarApp
from tests.ui.builders import NOW, SITE, add_articles, article, fill_store, story_articles
from tests.ui.conftest import notifications, until

CONFIG = """\
# Pembaca berita Kalbar: komentar ini harus tetap ada.
language = "id"
timezone = "Asia/Pontianak"
refresh_on_start = false
refresh_interval_minutes = 0
full_text = "never"

[[sources]]
name = "Kalbar Contoh"
url = "{url}"

[[views]]
name = "Sungai Kapuas"
query = "kapuas"

[[views]]
name = "Kubu Raya"
query = '"kubu raya" OR "sungai raya"'

[[views]]
name = "Petani"
query = "title:petani OR karet"
"""

VIEWS = {"Sungai Kapuas": "kapuas", "Kubu Raya": '"kubu raya" OR "sungai raya"'}


@pytest.fixture
def cache(paths: Paths) -> Paths:
    paths.config.parent.mkdir(parents=True, exist_ok=True)
    paths.config.write_text(CONFIG.format(url=f"{SITE}/"), encoding="utf-8")
    fill_store(paths.database, story_articles()).close()
    return paths


def cli(capsys: pytest.CaptureFixture[str], *args: str, status: int = 0) -> str:
    capsys.readouterr()
    got = main(list(args))
    out = capsys.readouterr()
    assert got == status, out
    return out.out if status == 0 else out.err


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    return json.loads(cli(capsys, *args, "--json"))


def reader(paths: Paths) -> KalbarApp:
    return KalbarApp(load_config(paths.config), paths, clock=lambda: NOW, refresh=False)


def view_key(app: KalbarApp, label: str) -> str:
    return next(k for k, v in app.main.sidebar.views.items() if v.label == label)


def shown_ids(app: KalbarApp) -> list[int]:
    window = app.main.articles.window
    assert window is not None
    rows = [window.row(i) for i in range(window.count)]
    return [r.id for r in rows if r is not None]


async def counted(app: KalbarApp, pilot: Any) -> dict[str, int | None]:
    """The sidebar's view entries and their counts, once a thread has counted them."""
    counts = app.main.counts
    await until(pilot, lambda: None not in counts.view_unread, "the views' counts")
    await pilot.pause()
    sidebar = app.main.sidebar
    return {v.label: sidebar.unread[k] for k, v in sidebar.views.items() if k.startswith("view-")}


async def test_each_view_shows_the_count_and_list_the_command_line_gives(
    cache: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = {v["name"]: v for v in cli_json(capsys, "views")}
    assert list(listed) == ["Sungai Kapuas", "Kubu Raya", "Petani"]
    for name, query in VIEWS.items():
        total = cli_json(capsys, "count", query)["count"]
        unread = cli_json(capsys, "list", "--query", query, "--unread", "--limit", "100")
        assert listed[name]["total"] == total > 0
        assert listed[name]["unread"] == len(unread)
        assert cli_json(capsys, "count", "--view", name.upper())["count"] == total
    by_query = {
        name: [a["id"] for a in cli_json(capsys, "list", "--query", q, "--limit", "100")]
        for name, q in VIEWS.items()
    }
    by_view = {
        name: [a["id"] for a in cli_json(capsys, "list", "--view", name, "--limit", "100")]
        for name in VIEWS
    }
    assert by_view == by_query

    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        in_sidebar = await counted(app, pilot)
        assert in_sidebar == {name: v["unread"] for name, v in listed.items()}
        options = [str(o.prompt) for o in app.main.sidebar.options]
        assert "Tampilan" in options  # the views' own heading
        for name in VIEWS:
            app.main.choose_view(view_key(app, name))
            await pilot.pause()
            assert shown_ids(app) == by_query[name]
            assert app.main.status.state.view == name


async def test_a_view_s_count_follows_a_feed_that_lands(cache: Paths) -> None:
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        before = (await counted(app, pilot))["Sungai Kapuas"]
        assert before is not None
        # A refresh's process writes through its own connection; the reader hears it landed.
        fresh = [
            article(50, "Debit Sungai Kapuas Naik, Warga Tepian Diminta Waspada", minutes_ago=1),
            article(51, "Speedboat Baru Layani Rute Kapuas Hulu", minutes_ago=2),
        ]
        add_articles(cache.database, fresh)
        app.main.on_refresher_landed()
        await until(
            pilot,
            lambda: app.main.sidebar.unread[view_key(app, "Sungai Kapuas")] == before + 2,
            "the view's new count",
        )


async def test_a_on_a_view_marks_what_it_shows_and_u_undoes_it(
    cache: Paths, capsys: pytest.CaptureFixture[str]
) -> None:
    unread = len(cli_json(capsys, "list", "--view", "Kubu Raya", "--unread"))
    others = len(cli_json(capsys, "list", "--unread", "--limit", "100")) - unread
    assert unread > 0
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await counted(app, pilot)
        app.main.choose_view(view_key(app, "Kubu Raya"))
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        question = str(app.screen.query_one("#confirm-question").render())
        assert str(unread) in question and "Kubu Raya" in question
        await pilot.press("y")
        await until(pilot, lambda: app.main.sidebar.unread[view_key(app, "Kubu Raya")] == 0, "zero")
        assert any(f"{unread} artikel ditandai sudah dibaca" in m for _, m in notifications(app))
        assert app.store.count(Query("unread")) == others  # only the view's were marked
        await pilot.press("u")
        await until(
            pilot,
            lambda: app.main.sidebar.unread[view_key(app, "Kubu Raya")] == unread,
            "the undone count",
        )
    assert len(cli_json(capsys, "list", "--view", "Kubu Raya", "--unread")) == unread


async def test_a_search_saved_from_the_palette_becomes_a_view_at_once(cache: Paths) -> None:
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash", *"perahu OR jagung")
        await until(pilot, lambda: app.main.list_pane.search_text == "perahu OR jagung", "search")
        found = shown_ids(app)
        app.main.ask_save_view()
        await pilot.pause()
        field = app.screen.query_one("#ask-input")
        assert field.value == "perahu jagung"  # type: ignore[attr-defined]
        field.value = "Lomba dan Panen"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until(pilot, lambda: app.main.list_pane.view.label == "Lomba dan Panen", "view")
        assert shown_ids(app) == found
        assert app.main.list_pane.search_text is None
        await until(
            pilot,
            lambda: app.main.sidebar.unread.get(view_key(app, "Lomba dan Panen")) == len(found),
            "its count",
        )
    text = cache.config.read_text(encoding="utf-8")
    assert text.startswith("# Pembaca berita Kalbar: komentar ini harus tetap ada.\n")
    assert '[[views]]\nname = "Lomba dan Panen"\nquery = "perahu OR jagung"\n' in text
    assert [v.name for v in load_config(cache.config).views][-1] == "Lomba dan Panen"


async def test_saving_a_view_without_a_search_says_what_to_do(cache: Paths) -> None:
    app = reader(cache)
    async with app.run_test(size=(140, 40)) as pilot:
        app.main.ask_save_view()
        await pilot.pause()
    assert any("Cari dulu" in m for _, m in notifications(app))


async def test_a_view_named_like_markup_is_shown_as_written(paths: Paths) -> None:
    paths.config.parent.mkdir(parents=True, exist_ok=True)
    hostile = CONFIG.replace('name = "Petani"', 'name = "[/bold][red]Petani"')
    paths.config.write_text(hostile.format(url=f"{SITE}/"), encoding="utf-8")
    fill_store(paths.database, story_articles()).close()
    app = reader(paths)
    async with app.run_test(size=(140, 40)) as pilot:
        await counted(app, pilot)
        key = view_key(app, "[/bold][red]Petani")
        index = app.main.sidebar.get_option_index(key)
        lines = [
            "".join(s.text for s in app.main.sidebar.render_line(y))
            for y in range(app.main.sidebar.size.height)
        ]
        assert any("[/bold][red]Petani" in line for line in lines), lines
        assert index > 0


async def test_a_view_s_dates_move_on_with_the_clock(paths: Paths) -> None:
    paths.config.parent.mkdir(parents=True, exist_ok=True)
    dated = CONFIG + '\n[[views]]\nname = "Hari ini"\nquery = "newer:1d"\n'
    paths.config.write_text(dated.format(url=f"{SITE}/"), encoding="utf-8")
    fill_store(paths.database, story_articles()).close()
    app = reader(paths)
    async with app.run_test(size=(140, 40)) as pilot:
        assert (await counted(app, pilot))["Hari ini"] == 3  # 4 min, 75 min and 5 h old
        key = view_key(app, "Hari ini")
        app.clock = lambda: NOW + timedelta(days=2)  # the reader left open two days
        app.main.counts.reload_views()
        await until(pilot, lambda: app.main.sidebar.unread[key] == 0, "the count moving on")
        app.main.choose_view(key)
        await pilot.pause()
        assert shown_ids(app) == []
