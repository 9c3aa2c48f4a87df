"""A newsboat reader's habits, at 80×24 and 140×40: q goes back one level before it quits, n
reads the article in front first, u undoes the last marks, a compact one-line list, the lead
picture under the headline, `i` on a picture in the text, the search status at 80 columns."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rich.console import Console

from kalbartui.store import Query
from kalbartui.ui.widgets.status import StatusLine
from tests.ui.builders import NOW, STORIES, article, many_articles, story_articles
from tests.ui.conftest import AppFactory, list_line, notifications, offline_config, until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((140, 40), id="140x40")]


# ---------------------------------------------------------------- 7: q, back one level


async def test_q_closes_the_full_screen_article_and_quits_only_from_the_list(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert app.main.reading and app.focused is app.main.reader
        await pilot.press("q")  # back to the list, as newsboat's q leaves the article
        assert app.is_running
        assert not app.main.reading and app.focused is app.main.articles
        await pilot.press("slash", *"kapuas", "enter")
        await pilot.pause()
        assert app.main.list_pane.search_text == "kapuas"
        await pilot.press("q")  # out of the search, back to the list it came from
        await pilot.pause()
        assert app.is_running and app.main.list_pane.search_text is None
        assert app.main.articles.count == len(STORIES)
        await pilot.press("q")  # the top: quit
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_q_in_the_reading_pane_goes_to_the_list_and_the_sidebar_quits(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter")
        assert app.focused is app.main.reader
        await pilot.press("q")
        assert app.is_running and app.focused is app.main.articles
        await pilot.press("h")  # to the sidebar
        assert app.focused is app.main.sidebar
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize("size", SIZES)
async def test_capital_q_quits_from_inside_an_article(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "Q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_quit_on_q_in_the_config_brings_the_old_key_back(make_app: AppFactory) -> None:
    app = make_app(config=offline_config(keys={"quit": "q"}))
    async with app.run_test(size=(80, 24)) as pilot:
        keys = {item.binding_id: item.keys for _s, items in app.main.key_help() for item in items}
        assert keys["quit"] == "q" and keys["back_or_quit"] == "Q"
        await pilot.press("enter", "q")
        await pilot.pause()
        assert not app.is_running


async def test_the_small_footer_says_what_q_does(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = [b.description for _n, b, _e, _t in app.screen.active_bindings.values() if b.show]
        assert "Kembali/keluar" in shown


# ---------------------------------------------------------------- 10: n reads what is in front


@pytest.mark.parametrize("size", SIZES)
async def test_n_opens_the_first_article_of_a_category_before_moving_on(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        kubu = next(k for k, v in app.main.sidebar.views.items() if v.label == "Kubu Raya")
        app.main.choose_view(kubu)
        await pilot.pause()
        first, second = (app.main.articles.window.row(i) for i in (0, 1))
        assert app.main.articles.cursor == 0 and not first.read
        await pilot.press("n")  # the highlighted article, never opened: read it first
        assert app.main.articles.cursor == 0
        assert app.store.article(first.id).read
        if size == (80, 24):
            assert app.main.reading  # opened full screen, as n does from the list
        await pilot.press("n")
        assert app.main.articles.current.id == second.id
        assert app.store.count(Query.category(app.main.list_pane.view.query.category_id)) == 2
        assert app.store.count(replace(app.main.list_pane.view.query, unread_only=True)) == 0


async def test_n_passes_over_an_article_kept_unread_with_m(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter", "m")  # read, then kept unread on purpose
        kept = app.main.articles.current
        assert kept is not None and not app.store.article(kept.id).read
        await pilot.press("n")
        assert app.main.articles.cursor == 1
        assert not app.store.article(kept.id).read


# ---------------------------------------------------------------- 12: undo


@pytest.mark.parametrize("size", SIZES)
async def test_u_undoes_mark_all_read(make_app: AppFactory, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("j", "enter")  # one article read the ordinary way
        if size == (80, 24):
            await pilot.press("q")
        await pilot.press("A", "y")
        await pilot.pause()
        assert app.store.totals()["unread"] == 0
        assert any("u: batalkan" in m for _s, m in notifications(app))
        await pilot.press("u")
        await pilot.pause()
        # The article read before the mark stays read: only what A changed comes back.
        assert app.store.totals()["unread"] == len(STORIES) - 1
        assert ("information", f"{len(STORIES) - 1} artikel kembali belum dibaca.") in (
            notifications(app)
        )
        assert not app.main.articles.window.row(0).read  # the list shows it at once
        await pilot.press("u")
        await pilot.pause()
        assert notifications(app)[-1] == ("information", "Tidak ada yang bisa dibatalkan.")


async def test_u_undoes_m_until_something_else_is_marked(make_app: AppFactory) -> None:
    app = make_app(config=offline_config(language="en"))
    async with app.run_test(size=(140, 40)) as pilot:
        first = app.main.articles.current
        assert first is not None
        await pilot.press("m")  # read
        await pilot.press("u")
        await pilot.pause()
        assert not app.store.article(first.id).read
        assert notifications(app)[-1] == ("information", "1 article unread again.")
        await pilot.press("m", "j", "enter")  # m, then another article read by opening it
        await pilot.press("u")
        await pilot.pause()
        assert app.store.article(first.id).read  # the m stands: something was marked since
        assert notifications(app)[-1] == ("information", "Nothing to undo.")


# ---------------------------------------------------------------- 11: the compact list


def compact_app(make_app: AppFactory, articles: list | None = None, **changes: object):  # noqa: ANN201
    return make_app(articles, config=offline_config(list_style="compact", **changes))


async def test_compact_rows_are_one_line_and_fill_80x24(make_app: AppFactory) -> None:
    app = compact_app(make_app, many_articles(40))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.main.articles.row_height == 1
        # Twenty headlines at 80×24, as newsboat shows: one a line, the list at full height.
        rows = app.main.articles.scrollable_content_region.height
        assert rows == 20
        lines = [list_line(app, y) for y in range(rows)]
        assert all(f"Kabar singkat nomor {n + 1}" in lines[n] for n in range(rows))
        # Unread mark, a short time, where it is from, the title.
        assert lines[0].startswith(" ●   10.15 Pontian… Kabar singkat nomor 1 ")
        await pilot.press("G")
        assert "Kabar singkat nomor 40" in list_line(app, rows - 1)
        await pilot.press("enter")
        assert app.main.reading and "Kabar singkat nomor 40" in app.main.reader.line_text(0)


async def test_compact_titles_run_to_the_edge_at_140_columns(make_app: AppFactory) -> None:
    # KalbarOnline headlines run to 70-90 characters.
    long = "Pemprov Kalbar Salurkan Bantuan Bibit Padi Unggul untuk Petani di Tujuh Kabupaten Rawan Banjir"
    long = long[:88]
    app = compact_app(make_app, [article(1, long, minutes_ago=1), *story_articles()[1:]])
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        line = list_line(app, 0)
        assert long in line, line
        assert " 10.14 " in line  # today: the time
        assert " 27 Feb " in list_line(app, 3)  # before today: day and month
        # The reading pane sits under the list and follows the highlight.
        assert app.main.reader.region.y > app.main.articles.region.y
        assert app.main.reader.article is not None and app.main.reader.article.title == long
        await pilot.press("j")
        await pilot.pause()
        assert app.main.reader.article.title == STORIES[1][0]


async def test_compact_list_in_english_and_a_category(make_app: AppFactory) -> None:
    app = compact_app(make_app, language="en")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert " 10:11 " in list_line(app, 0)  # today: the time, as English writes it
        kubu = next(k for k, v in app.main.sidebar.views.items() if v.label == "Kubu Raya")
        app.main.choose_view(kubu)
        await pilot.pause()
        # In a category's list the column names the feed the article came from.
        assert " Kalbar C… Petani Kubu Raya" in list_line(app, 0)


# ---------------------------------------------------------------- 11: the picture under the headline


async def test_the_lead_picture_comes_after_the_headline_and_takes_a_third(
    make_app: AppFactory, paths
) -> None:  # noqa: ANN001
    from kalbartui.feeds.images import ImageCache
    from tests.story.site import image_bytes

    url = "https://kalbar.example/wp-content/uploads/2020/02/jembatan.png"
    ImageCache(paths.cache_dir / "images").put(url, image_bytes("PNG", (320, 320)))
    stories = story_articles()
    stories[0] = replace(stories[0], image_url=url)
    app = make_app(stories, config=offline_config(images="cells"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        view = app.main.reader
        await until(pilot, lambda: bool(view.image_rows), "the picture")
        assert view.line_text(0) == STORIES[0][0]  # the headline first
        assert view.picture_at >= 2
        height = view.scrollable_content_region.height
        assert len(view.image_rows) - 1 <= height // 3  # a square picture, held to a third


async def test_i_opens_a_picture_in_the_text_or_says_there_is_none(make_app: AppFactory) -> None:
    body = '<p>Foto:</p><img src="https://kalbar.example/foto/tugu" alt="Tugu">'
    app = make_app(
        [
            article(1, "Bergambar", minutes_ago=1, paragraphs=(body,)),
            article(2, "Tanpa gambar", minutes_ago=2),
        ],
        config=offline_config(images="off"),  # pictures off: `i` opens it in the browser
    )
    launched: list[str] = []
    app.launch_browser = launched.append
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("enter", "i")
        await app.workers.wait_for_complete()
        assert launched == ["https://kalbar.example/foto/tugu"]
        await pilot.press("escape", "j", "enter", "i")
        await pilot.pause()
        assert ("warning", "Artikel ini tidak punya gambar.") in notifications(app)


# ---------------------------------------------------------------- smaller things


def test_the_search_status_keeps_the_words_at_80_columns() -> None:
    line = StatusLine("id", lambda: NOW)
    line.state.search = "banjir rob sungai kapuas"
    line.state.count = 12
    line.state.last_ok = NOW
    line.state.failed = 2
    line.state.progress = (3, 14)
    text = line.build().plain  # 80 columns when the line has no size yet
    assert len(text) <= 80
    assert "Cari: “banjir rob sungai kapuas” · 12 artikel" in text
    assert "⚠ 2 umpan gagal (e)" in text and "↻ 3/14" in text
    assert "Diperbarui" not in text  # what goes first when the line is full
    # Longer words: the count goes too, the words and the warning stay.
    line.state.search = "banjir rob sungai kapuas pontianak utara"
    text = line.build().plain
    assert len(text) <= 80
    assert "Cari: “banjir rob sungai kapuas pontianak utara”" in text
    assert "⚠ 2 umpan gagal (e)" in text
    # Without a refresh going on and nothing failing, everything fits again.
    line.state.progress, line.state.failed = None, 0
    line.state.search = "banjir rob sungai kapuas"
    assert "12 artikel" in line.build().plain and "Diperbarui" in line.build().plain


@pytest.mark.parametrize("size", SIZES)
async def test_the_feeds_screen_gives_a_failing_feeds_url_room(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    url = "https://www.kalbaronline.com/pontianak/feed/"
    app = make_app(feed_url=url, error="HTTP 503 Service Unavailable")
    async with app.run_test(size=size) as pilot:
        await pilot.press("e")
        table = app.screen.query_one("#feeds-table")
        await until(pilot, lambda: table.size.width > 0, "the feeds laid out")
        console = Console(width=table.size.width, record=True, legacy_windows=False)
        console.print(table.content)
        shown = console.export_text()
        assert "HTTP 503" in shown
        if size == (140, 40):
            assert url in shown  # on one line, beside the error


async def test_the_newsboat_preset_works_in_the_reader(make_app: AppFactory, tmp_path) -> None:  # noqa: ANN001
    from kalbartui.config import load_config
    from tests.unit.test_keys_config import newsboat_preset

    path = tmp_path / "newsboat.toml"
    path.write_text(newsboat_preset(), encoding="utf-8")
    app = make_app(config=offline_config(keys=load_config(path).keys))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("J")  # newsboat's next
        assert app.main.articles.cursor == 1
        await pilot.press("N")  # toggle-article-read
        assert app.store.article(app.main.articles.current.id).read
        await pilot.press("u")
        assert not app.store.article(app.main.articles.current.id).read
        await pilot.press("enter", "q")
        assert app.is_running and not app.main.reading
        await pilot.press("Q")
        await pilot.pause()
        assert not app.is_running
