"""The reader as a user meets it: first paint, moving around, reading, starring, searching."""

from __future__ import annotations

from kalbartui.i18n import translator
from kalbartui.models import FeedSpec
from kalbartui.store import open_store
from kalbartui.store.queries import Query
from kalbartui.ui.messages import RefreshFinished
from kalbartui.ui.parts.list_pane import demo_command
from tests.ui.builders import STORIES, add_articles, article
from tests.ui.conftest import (
    AppFactory,
    list_line,
    notifications,
    offline_config,
    reader_text,
    refresh_over,
    until,
)

NEWEST = STORIES[0][0]
SECOND = STORIES[1][0]


async def test_first_paint_shows_the_cache_while_the_network_hangs(
    make_app: AppFactory, silent_port: int
) -> None:
    config = offline_config(
        refresh_on_start=True, feeds=(FeedSpec(url=f"http://127.0.0.1:{silent_port}/feed/"),)
    )
    app = make_app(config=config, refresh=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        # The cached news is there at once, and the status line already says a refresh is on
        # its way (it starts once the first screen has settled).
        assert app.main.articles.count == len(STORIES)
        assert "Memperbarui" in app.main.status.build().plain
        assert NEWEST[:30] in list_line(app, 0)
        await until(
            pilot,
            lambda: app.main.refresher.running,
            "the refresh on start",
        )
        # The refresh is still waiting for an answer, and the cached news is still there.
        assert app.main.articles.count == len(STORIES)
        assert app.main.sidebar.current is not None and app.main.sidebar.current.key == "all"
        assert app.focused is app.main.articles
        assert app.main.articles.cursor == 0
        assert app.main.reader.article is not None and app.main.reader.article.title == NEWEST
        assert NEWEST[:30] in list_line(app, 0)
        assert "Memperbarui" in app.main.status.build().plain


async def test_a_refused_connection_reads_offline_and_keeps_the_list(
    make_app: AppFactory, closed_port: int
) -> None:
    url = f"http://127.0.0.1:{closed_port}/feed/"
    config = offline_config(refresh_on_start=True, feeds=(FeedSpec(url=url),))
    app = make_app(config=config, refresh=True, feed_url=url)  # the cache came from this feed
    async with app.run_test(size=(140, 40)) as pilot:
        await refreshed(app, pilot)
        status = app.main.status.build().plain
        assert "luring" in status
        assert "Diperbarui" in status  # when the last good refresh was, kept from the cache
        assert app.main.articles.count == len(STORIES)
        assert app.main.reader.article is not None and app.main.reader.article.title == NEWEST
        assert ("warning", "Tidak bisa terhubung. Menampilkan berita dari cache.") in notifications(
            app
        )
        assert app.is_running


async def test_keys_move_the_highlight_and_the_reading_pane_follows(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("j")
        assert app.main.articles.cursor == 1
        assert app.main.reader.article is not None and app.main.reader.article.title == SECOND
        await pilot.press("down", "down", "k")
        assert app.main.articles.cursor == 2
        await pilot.press("G")
        assert app.main.articles.cursor == len(STORIES) - 1
        assert app.main.reader.article.title == STORIES[-1][0]
        await pilot.press("g")
        assert app.main.articles.cursor == 0
        await pilot.press("enter")
        assert app.focused is app.main.reader
        await pilot.press("escape")
        assert app.focused is app.main.articles
        await pilot.press("l")
        assert app.focused is app.main.reader
        await pilot.press("h")
        assert app.focused is app.main.articles
        await pilot.press("tab")
        assert app.focused is app.main.reader
        await pilot.press("tab")
        assert app.focused is app.main.sidebar
        await pilot.press("shift+tab")
        assert app.focused is app.main.reader


async def test_the_sidebar_opens_a_category(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("h")  # from the list to the sidebar
        assert app.focused is app.main.sidebar
        labels = [v.label for v in app.main.sidebar.views.values()]
        assert labels == ["Semua", "Belum dibaca", "Disimpan", "Pontianak", "Kubu Raya", "Ekonomi"]
        await pilot.press("j", "j", "j", "j")  # Semua → … → Kubu Raya
        await pilot.pause()
        assert app.main.list_pane.view.label == "Kubu Raya"
        assert app.main.articles.count == 2
        assert app.main.articles.current.categories == ("Kubu Raya",)
        await pilot.press("enter")
        assert app.focused is app.main.articles
        assert "Kubu Raya · 2 artikel" in app.main.status.build().plain


async def test_opening_an_article_marks_it_read(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        row = app.main.articles.current
        assert row is not None and not row.read
        assert "●" in list_line(app, 0)
        unread_before = app.main.sidebar.unread["all"]
        pontianak = next(k for k, v in app.main.sidebar.views.items() if v.label == "Pontianak")
        in_category = app.main.sidebar.unread[pontianak]
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # the sidebar counts are read in the background
        await pilot.pause()
        assert app.store.article(row.id).read
        assert app.main.articles.current.read
        assert "●" not in list_line(app, 0)
        assert app.main.sidebar.unread["all"] == unread_before - 1
        assert app.main.sidebar.unread[pontianak] == in_category - 1
        # And on screen: the sidebar's lines were changed in place, not rebuilt.
        sidebar = app.main.sidebar
        lines = [sidebar.render_line(y).text.split() for y in range(sidebar.size.height)]
        left = in_category - 1
        assert (["Pontianak", str(left)] if left else ["Pontianak"]) in lines
        # The preview of the next one does not count as reading it.
        await pilot.press("escape", "j")
        assert not app.store.article(app.main.articles.current.id).read
        await pilot.press("m")
        assert app.store.article(app.main.articles.current.id).read
        await pilot.press("m")
        assert not app.store.article(app.main.articles.current.id).read


async def test_read_state_survives_a_restart(make_app: AppFactory, paths) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter", "escape", "j", "s")
    store = open_store(paths.database)
    try:
        rows = store.page(Query(), limit=2).rows
        assert rows[0].read and not rows[0].starred
        assert rows[1].starred and not rows[1].read
    finally:
        store.close()


async def test_star_puts_the_article_under_starred(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("j", "s")
        starred = app.main.articles.current
        assert starred.starred and app.store.article(starred.id).starred
        assert "★" in list_line(app, 2)
        app.main.choose_view("starred")
        await pilot.pause()
        assert app.main.articles.count == 1
        assert app.main.articles.current.id == starred.id
        await pilot.press("s")
        assert not app.store.article(starred.id).starred


async def test_next_and_previous_unread(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        ids = [app.main.articles.window.row(i).id for i in range(len(STORIES))]
        app.store.set_read(ids[1:4])
        app.main.reload_articles()
        await pilot.press("n")  # the first article, highlighted and unread, is the next to read
        assert app.main.articles.cursor == 0
        assert app.store.article(ids[0]).read
        await pilot.press("n")
        assert app.main.articles.cursor == 4
        assert app.store.article(ids[4]).read  # n reads the article it lands on
        app.store.set_read([ids[0]], False)
        app.main.reload_articles()
        await pilot.press("p")
        assert app.main.articles.cursor == 0
        await pilot.press("G", "n")  # the last article, unread: opened
        assert app.main.articles.cursor == len(STORIES) - 1
        assert app.store.article(ids[-1]).read
        await pilot.press("n")
        assert app.main.articles.cursor == len(STORIES) - 1
        assert ("information", "Tidak ada artikel belum dibaca lagi.") in notifications(app)


async def test_space_pages_the_reader_then_moves_to_the_next_unread(make_app: AppFactory) -> None:
    long_story = article(
        500, "Laporan Panjang Musim Hujan di Kapuas Hulu", minutes_ago=1,
        paragraphs=tuple(f"Paragraf ke-{i} tentang curah hujan dan debit sungai." for i in range(60)),
    )  # fmt: skip
    app = make_app([long_story, *_short(3)])
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        assert not app.main.articles.current.read
        await pilot.press("space")  # reading on: the article counts as read, and the pane pages
        await pilot.pause()
        assert app.main.articles.current.read
        assert app.main.reader.scroll_offset.y > 0
        await pilot.press("b")
        await pilot.pause()
        assert app.main.reader.scroll_offset.y == 0
        while app.main.articles.cursor == 0:
            await pilot.press("space")
            await pilot.pause()
        assert app.main.articles.cursor == 1
        assert app.main.articles.current.read


async def test_mark_all_read_asks_first(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("A")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        await pilot.pause()
        assert app.store.totals()["unread"] == len(STORIES)
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.store.totals()["unread"] == 0
        assert all(app.main.articles.window.row(i).read for i in range(app.main.articles.count))


async def test_search_shows_hits_and_escape_leaves_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("j", "j")
        before = app.main.articles.current.id
        await pilot.press("slash")
        assert app.focused is app.main.search_box
        await pilot.press(*"kapuas")
        await pilot.pause()
        titles = {app.main.articles.window.row(i).title for i in range(app.main.articles.count)}
        assert titles == {STORIES[0][0], STORIES[2][0]}
        assert "Cari: “kapuas”" in app.main.status.build().plain
        await pilot.press("enter")
        assert app.focused is app.main.articles
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.list_pane.search_text is None
        assert not app.main.search_box.display
        assert app.main.articles.count == len(STORIES)
        assert app.main.articles.current.id == before


async def test_a_search_with_no_hits_says_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash", *"zzzz")
        await pilot.pause()
        assert app.main.articles.count == 0
        assert "Tidak ada hasil untuk “zzzz”." in list_line(app, 1)
        assert app.main.reader.article is None


async def test_new_articles_arrive_without_moving_the_highlight(
    make_app: AppFactory, paths
) -> None:  # noqa: ANN001
    app = make_app([*_short(40)])
    async with app.run_test(size=(140, 30)) as pilot:
        for _ in range(20):
            await pilot.press("j")
        await pilot.pause()
        followed = app.main.articles.current.id
        screen_line = app.main.articles.cursor * 2 - round(app.main.articles.scroll_offset.y)
        assert app.main.articles.scroll_offset.y > 0  # scrolled: the test means something
        add_articles(
            paths.database,
            [article(900 + i, f"Berita susulan {i}", minutes_ago=-5 - i) for i in range(3)],
        )
        app.main.refresher.post_message(RefreshFinished(_report(new=3)))
        await pilot.pause()
        assert app.main.articles.count == 43
        assert app.main.articles.current.id == followed
        assert app.main.articles.cursor == 23
        assert (
            app.main.articles.cursor * 2 - round(app.main.articles.scroll_offset.y) == screen_line
        )
        assert ("information", "3 artikel baru") in notifications(app)


async def test_a_real_refresh_from_a_loopback_server_keeps_the_highlight(
    make_app: AppFactory,
    feed_server,
    data_dir,  # noqa: ANN001
) -> None:
    from tests.feedserver import feed_route

    feed_server.routes["/pontianak/feed/"] = feed_route(
        (data_dir / "wp_pontianak.xml").read_bytes()
    )
    url = feed_server.url("/pontianak/feed/")
    config = offline_config(feeds=(FeedSpec(url=url),))
    app = make_app(config=config, refresh=True, feed_url=url)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("j", "j")
        followed = app.main.articles.current.id
        await pilot.press("r")
        await refreshed(app, pilot)
        added = app.main.articles.count - len(STORIES)
        assert added > 0
        assert app.main.articles.current.id == followed
        assert (
            app.main.articles.cursor == 2 + added
        )  # the fixture's dates are newer than the cache's
        assert any(m.endswith("artikel baru") for _s, m in notifications(app))
        assert "⚠" not in app.main.status.build().plain


async def test_relative_times_move_on_without_a_query(make_app: AppFactory) -> None:
    from datetime import timedelta

    from tests.ui.builders import NOW

    app = make_app()
    now = [NOW]
    app.clock = lambda: now[0]
    async with app.run_test(size=(140, 40)) as pilot:
        assert "4 menit lalu" in list_line(app, 1)
        reads = app.main.articles.window.reads
        now[0] = NOW + timedelta(minutes=2)
        app.main.tick()
        await pilot.pause()
        assert "6 menit lalu" in list_line(app, 1)
        assert "6 menit lalu" in reader_text(app)
        assert app.main.articles.window.reads == reads


async def test_narrow_terminal_puts_the_reader_under_the_list(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#body").has_class("-narrow")
        list_region = app.screen.query_one("#list-pane").region
        reader_region = app.main.reader.region
        assert reader_region.y >= list_region.bottom
        assert reader_region.x == list_region.x
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        assert not app.screen.query_one("#body").has_class("-narrow")
        assert app.main.reader.region.x >= app.screen.query_one("#list-pane").region.right


async def test_the_sidebar_toggles_and_is_remembered(make_app: AppFactory, paths) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("backslash")
        assert not app.main.sidebar.display
    from kalbartui.ui.app import KalbarApp
    from tests.ui.builders import NOW

    again = KalbarApp(offline_config(), paths, clock=lambda: NOW, refresh=False)
    async with again.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert not again.main.sidebar.display


async def test_a_chosen_theme_is_remembered(make_app: AppFactory, paths) -> None:  # noqa: ANN001
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        app.set_theme("nord")
        await pilot.pause()
    from kalbartui.ui.app import KalbarApp
    from tests.ui.builders import NOW

    again = KalbarApp(offline_config(), paths, clock=lambda: NOW, refresh=False)
    async with again.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_keys_remapped_in_the_config(make_app: AppFactory) -> None:
    app = make_app(config=offline_config(keys={"next_unread": "x", "down": "ctrl+n"}))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+n")
        assert app.main.articles.cursor == 1
        await pilot.press("x")  # the article in front, unread and not opened, opens first
        assert app.main.articles.cursor == 1 and app.main.articles.current.read
        await pilot.press("x")
        assert app.main.articles.cursor == 2
        help_items = {
            item.binding_id: item.keys for _s, items in app.main.key_help() for item in items
        }
        assert help_items["next_unread"] == "x"


async def test_help_lists_every_key(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        ids = {item.binding_id for _s, items in app.main.key_help() for item in items}
        for needed in ("quit", "refresh", "search", "next_unread", "prev_unread", "toggle_read", "toggle_star",
                       "mark_all_read", "open_browser", "copy_link", "read_page", "read_page_back",
                       "feed_errors", "help", "toggle_sidebar", "down", "up", "top", "bottom", "open", "back"):  # fmt: skip
            assert needed in ids
        await pilot.press("escape")
        assert type(app.screen).__name__ != "HelpScreen"


async def test_feed_errors_screen_lists_the_last_error(make_app: AppFactory) -> None:
    app = make_app(error="HTTP 503 Service Unavailable")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        # The cache's only feed failed last time: that reads as offline, not as "1 feed failed".
        status = app.main.status.build().plain
        assert "⚠ luring" in status and "umpan gagal" not in status
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "FeedErrorsScreen"
        table = app.screen.query_one("#feeds-table").content
        cells = [c.plain for column in table.columns for c in column.cells]
        assert any("HTTP 503 Service Unavailable" in c for c in cells)


async def test_copy_link_uses_the_clipboard(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("c")
        assert app.clipboard == app.main.articles.current.url


async def test_english_interface(make_app: AppFactory) -> None:
    app = make_app(config=offline_config(language="en"))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert [v.label for v in app.main.sidebar.views.values()][:3] == [
            "All",
            "Unread",
            "Starred",
        ]
        assert "4 minutes ago" in list_line(app, 1)
        assert "By Rina Marlina · Friday, 28 February 2020 10:11 WIB" in reader_text(app)


async def refreshed(app, pilot) -> None:  # noqa: ANN001
    """Wait for the refresh the app started on its own, and for its result to be shown."""
    await refresh_over(app, pilot)
    # The report travels by message, and the reading pane follows the list a frame later.
    await until(pilot, lambda: _pane_follows(app), "the reading pane to follow the list")
    await pilot.pause()


def _pane_follows(app) -> bool:  # noqa: ANN001
    # The list's Highlighted message may still be on its way when the refresh flag drops.
    row, shown = app.main.articles.current, app.main.reader.article
    return (row is None and shown is None) or (
        row is not None and shown is not None and row.id == shown.id
    )


def _short(count: int):  # noqa: ANN202
    return [article(100 + i, f"Kabar pendek {i}", minutes_ago=10 + i) for i in range(count)]


def _report(new: int):  # noqa: ANN202
    from kalbartui.refresh.report import FeedOutcome, RefreshReport

    return RefreshReport(
        outcomes=[FeedOutcome(1, "https://kalbar.example/feed/", "Kalbar Contoh", "new", new=new)]
    )


async def test_the_first_run_fills_an_empty_cache(paths, feed_server, data_dir) -> None:  # noqa: ANN001
    import threading

    from kalbartui.ui.app import KalbarApp
    from tests.feedserver import send
    from tests.ui.builders import NOW

    body = (data_dir / "wp_kubu_raya.xml").read_bytes()
    gate = threading.Event()  # the server answers only when the test has looked at the empty list

    def held_back(handler) -> None:  # noqa: ANN001
        gate.wait(30)
        send(handler, 200, body)

    feed_server.routes["/feed/"] = held_back
    config = offline_config(refresh_on_start=True, feeds=(FeedSpec(url=feed_server.url("/feed/")),))
    app = KalbarApp(config, paths, clock=lambda: NOW, refresh=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await until(pilot, lambda: app.main.refresher.running, "the refresh to start")
        await pilot.pause()
        assert app.main.articles.count == 0
        assert "Sedang mengambil berita" in list_line(app, 1)
        gate.set()
        await refreshed(app, pilot)
        assert app.main.articles.count > 0
        assert app.main.articles.cursor == 0
        assert app.main.reader.article is not None
        assert app.main.reader.article.id == app.main.articles.current.id


async def test_a_refresh_that_raises_is_a_notification_not_a_crash(
    make_app: AppFactory, monkeypatch
) -> None:  # noqa: ANN001
    from kalbartui.core import Core

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("disk penuh")

    # The refresh's child process, failing as a full disk would make it fail.
    monkeypatch.setattr(Core, "refresh_in_child", broken)
    app = make_app(refresh=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("r")
        await refresh_over(app, pilot)
        await pilot.pause()
        assert app.is_running
        # One sentence in the reader's language, never the exception's own text.
        tr = translator("id")
        expected = tr.gettext(
            "Refresh failed: {error}",
            error=tr.gettext("an unexpected problem in kalbartui (please report it)"),
        )
        assert ("error", expected) in notifications(app)
        assert not any("disk penuh" in text for _, text in notifications(app))
        assert "galat penyegaran" in app.main.status.build().plain
        assert app.main.articles.count == len(STORIES)


async def test_the_command_palette_opens_a_category(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"buka ekonomi")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.list_pane.view.label == "Ekonomi"
        assert app.main.sidebar.current.label == "Ekonomi"
        assert app.main.articles.count == 1
        assert app.focused is app.main.articles


async def test_a_fast_burst_after_slash_lands_in_the_search_box(make_app: AppFactory) -> None:
    """A pasted or quickly typed "/kubu": the letters are typed, none runs as a list key."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        starred = app.store.totals()["starred"]
        for ch in "/kubus":  # "s" would star the article if it ran as a list key
            app.post_message(events.Key("slash" if ch == "/" else ch, ch))
        await until(pilot, lambda: app.main.search_box.value == "kubus", "the typed search")
        await pilot.pause()  # let the box's Changed messages reach the list
        assert app.main.search_box.value == "kubus"
        assert app.main.list_pane.search_text == "kubus"
        assert app.store.totals()["starred"] == starred


async def test_a_first_start_with_no_network_says_what_to_do(
    make_app: AppFactory, closed_port: int
) -> None:
    url = f"http://127.0.0.1:{closed_port}/feed/"
    app = make_app(
        [], config=offline_config(refresh_on_start=True, feeds=(FeedSpec(url=url),)), refresh=True
    )
    async with app.run_test(size=(140, 40)) as pilot:
        await refreshed(app, pilot)
        shown = " ".join(list_line(app, y).strip() for y in range(1, 6))
        assert demo_command() in shown  # a command that works from where the reader started
        assert "Tekan r" in shown


async def test_a_refresh_of_many_feeds_in_the_reader_parses_in_worker_processes(
    paths,
    tmp_path,  # noqa: ANN001
) -> None:
    """Eight feeds or more go to the process pool; inside the reader that path must work too."""
    from datetime import UTC, datetime

    from kalbartui.demo import build_demo_feeds
    from kalbartui.ui.app import KalbarApp

    setup = build_demo_feeds(tmp_path / "feeds", datetime.now(UTC))
    assert len(setup.feeds) >= 8
    feeds = tuple(setup.feeds)
    app = KalbarApp(offline_config(refresh_on_start=True, feeds=feeds), paths, refresh=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await refreshed(app, pilot)
        report = app.main.refresher.last_report
        assert report is not None and report.failed == []
        assert report.new_total > 50
        assert app.main.articles.count == report.new_total
