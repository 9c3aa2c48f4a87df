"""A new user's first minutes, at 80×24 and at 140×40: what becomes read and when, one pane at
a time on a small terminal, quiet toasts, and the small things a newsboat user expects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from rich.console import Console
from textual.widgets import Footer

from kalbartui.models import FeedSpec
from kalbartui.store.queries import Query
from kalbartui.ui.app import KalbarApp
from tests.ui.builders import STORIES, article, many_articles, story_articles
from tests.ui.conftest import (
    AppFactory,
    list_line,
    notifications,
    offline_config,
    reader_text,
    refresh_over,
    until,
)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((140, 40), id="140x40")]


@dataclass
class FakeTimer:
    seconds: float
    callback: Callable[[], None]
    stopped: bool = False

    def stop(self) -> None:
        self.stopped = True


@dataclass
class FakeTimers:
    """Stands in for the reader's dwell timer: nothing fires until the test says so."""

    made: list[FakeTimer] = field(default_factory=list)

    def __call__(self, seconds: float, callback: Callable[[], None]) -> FakeTimer:
        timer = FakeTimer(seconds, callback)
        self.made.append(timer)
        return timer

    @property
    def armed(self) -> list[FakeTimer]:
        return [t for t in self.made if not t.stopped]

    def fire(self) -> None:
        """The time runs out on every timer still running."""
        for timer in self.armed:
            timer.stopped = True
            timer.callback()


def fake_timers(app: KalbarApp) -> FakeTimers:
    timers = FakeTimers()
    app.main.panes.dwell_timer = timers
    return timers


def unread_ids(app: KalbarApp) -> set[int]:
    return {r.id for r in app.store.page(Query("unread"), limit=500).rows}


# ---------------------------------------------------------------- 8: read only through the user


@pytest.mark.parametrize("size", SIZES)
async def test_starting_the_reader_marks_nothing_read(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        timers = fake_timers(app)
        await pilot.pause()
        before = unread_ids(app)
        assert len(before) == len(STORIES)
        assert timers.armed == []  # nothing is counting down
        timers.fire()
        await pilot.pause()
        assert unread_ids(app) == before
        assert "●" in list_line(app, 0)


@pytest.mark.parametrize("size", SIZES)
async def test_resting_on_a_category_in_the_sidebar_marks_nothing_read(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        timers = fake_timers(app)
        await pilot.press("h", "j", "j", "j", "j")  # to the sidebar, down to Kubu Raya
        await pilot.pause()
        assert app.main.list_pane.view.label == "Kubu Raya"
        assert app.main.reader.article is not None or app.main.one_pane
        assert timers.armed == []
        timers.fire()
        await pilot.pause()
        assert len(unread_ids(app)) == len(STORIES)


async def test_resting_on_an_article_the_user_moved_to_marks_it_read(
    make_app: AppFactory,
) -> None:
    app = make_app(config=offline_config(mark_read_after_seconds=5))
    async with app.run_test(size=(140, 40)) as pilot:
        timers = fake_timers(app)
        await pilot.press("j", "j")  # passed over the second, resting on the third
        await pilot.pause()
        rested = app.main.articles.current
        assert rested is not None
        assert [t.seconds for t in timers.armed] == [5]  # the config's time, only for this one
        timers.fire()
        await pilot.pause()
        assert app.store.article(rested.id).read
        assert "●" not in list_line(app, 2 * 2)
        passed = app.main.articles.window.row(1)
        assert not app.store.article(passed.id).read


async def test_a_small_terminal_reads_only_what_is_opened(make_app: AppFactory) -> None:
    # One pane at a time: resting on the list shows no article, so it reads none.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        timers = fake_timers(app)
        await pilot.press("j")
        await pilot.pause()
        assert timers.armed == []
        await pilot.press("enter")
        await pilot.pause()
        assert app.store.article(app.main.articles.current.id).read


@pytest.mark.parametrize("size", SIZES)
async def test_an_article_kept_unread_with_m_stays_unread(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        timers = fake_timers(app)
        await pilot.press("j", "enter", "escape")  # read it
        chosen = app.main.articles.current
        assert app.store.article(chosen.id).read
        await pilot.press("m")  # and the user wants it unread
        assert not app.store.article(chosen.id).read
        await pilot.press("slash", *"kapuas", "escape")  # a search, left again
        await pilot.pause()
        assert app.main.articles.current.id == chosen.id
        timers.fire()
        await pilot.press("k", "j")  # back onto it, and resting there
        await pilot.pause()
        timers.fire()
        await pilot.pause()
        assert not app.store.article(chosen.id).read
        await pilot.press("enter")  # opening it is the user's word again
        assert app.store.article(chosen.id).read


async def test_mark_read_after_seconds_zero_never_marks_by_resting(make_app: AppFactory) -> None:
    app = make_app(config=offline_config(mark_read_after_seconds=0))
    async with app.run_test(size=(140, 40)) as pilot:
        timers = fake_timers(app)
        await pilot.press("j", "j")
        await pilot.pause()
        assert timers.armed == []
        await pilot.press("space")  # paging is reading
        assert app.store.article(app.main.articles.current.id).read


async def test_the_real_dwell_timer_marks_read(make_app: AppFactory) -> None:
    # No fake: a short real timer, waited for as a condition (no timing asserted).
    app = make_app(config=offline_config(mark_read_after_seconds=0.05))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("j")
        rested = app.main.articles.current
        await until(pilot, lambda: app.store.article(rested.id).read, "the dwell timer")


# ---------------------------------------------------------------- 9: 80×24


async def test_80x24_shows_eight_headlines_and_opens_articles_full_screen(
    make_app: AppFactory,
) -> None:
    app = make_app(many_articles(30))
    async with app.run_test(size=(80, 24)) as pilot:

        def list_rows() -> int:
            return app.main.articles.size.height // 2

        def reader_full() -> bool:
            size = app.main.reader.size
            return size.width >= 76 and size.height >= 18 and list_rows() == 0

        await pilot.pause()
        assert app.main.one_pane
        await until(pilot, lambda: list_rows() >= 8, "eight headlines")
        assert not app.main.reader.display or app.main.reader.size.height == 0
        assert "Kabar singkat nomor 8" in list_line(app, 7 * 2)
        await pilot.press("enter")
        assert app.focused is app.main.reader
        await until(pilot, reader_full, "the article at full screen")
        assert "Kabar singkat nomor 1" in reader_text(app)
        await pilot.press("n")  # the next unread opens in its place
        assert app.focused is app.main.reader
        assert "Kabar singkat nomor 2" in reader_text(app)
        await pilot.press("escape")
        assert app.focused is app.main.articles
        await until(pilot, lambda: list_rows() >= 8, "the list back at full height")
        assert app.main.articles.cursor == 1
        await pilot.press("n")  # from the list, n opens the next unread full screen too
        assert app.focused is app.main.reader
        await until(pilot, reader_full, "the next article at full screen")
        assert "Kabar singkat nomor 3" in reader_text(app)
        await pilot.press("slash")  # search from the article: back to the list, box on top
        assert app.focused is app.main.search_box
        await until(pilot, lambda: list_rows() >= 8, "the list under the search box")


async def test_140x40_keeps_three_panes(make_app: AppFactory) -> None:
    app = make_app(many_articles(30))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert not app.main.one_pane
        assert app.main.reader.size.width > 40 and app.main.sidebar.size.width > 0
        await pilot.press("enter")
        assert app.main.articles.size.height > 0 and app.focused is app.main.reader


@pytest.mark.parametrize("size", SIZES)
async def test_the_search_box_leaves_room_for_results(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app(many_articles(30))
    async with app.run_test(size=size) as pilot:
        await pilot.press("slash", *"kabar")
        await pilot.pause()
        assert app.main.articles.count == 30
        await until(pilot, lambda: app.main.articles.size.height // 2 >= 8, "eight results")


@pytest.mark.parametrize("size", SIZES)
async def test_help_is_readable_and_scrolls_with_j_and_k(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        keys = help_screen.query_one("#help-keys")
        scroll = help_screen.query_one("#help-scroll")
        await until(pilot, lambda: keys.size.width > 0, "the help laid out")
        console = Console(width=keys.size.width, record=True, legacy_windows=False)
        console.print(keys.content)
        shown = console.export_text()
        for description in ("Keluar", "Bantuan", "Perbarui", "Galat umpan", "Palet perintah"):
            assert description in shown
        if scroll.max_scroll_y > 0:
            await pilot.press("j", "j", "j")
            assert scroll.scroll_y > 0
            await pilot.press("k", "k", "k")
            assert scroll.scroll_y == 0
        else:
            assert size == (140, 40)  # a big screen shows it all at once
        await pilot.press("G")
        assert scroll.scroll_y == scroll.max_scroll_y


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["id", "en"])
async def test_the_footer_is_not_cut(
    make_app: AppFactory, size: tuple[int, int], language: str
) -> None:
    app = make_app(config=offline_config(language=language))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        footer = app.main.query_one(Footer)
        keys = list(footer.query("FooterKey"))
        assert keys
        assert all(k.region.right <= footer.region.right for k in keys)
        assert all(k.region.width > 0 for k in keys)
        await pilot.press("enter")
        await pilot.pause()
        keys = list(footer.query("FooterKey"))
        assert all(k.region.right <= footer.region.right for k in keys)


# ---------------------------------------------------------------- 13: noise


@pytest.mark.parametrize("size", SIZES)
async def test_a_feed_that_keeps_failing_toasts_once(
    make_app: AppFactory, closed_port: int, size: tuple[int, int]
) -> None:
    url = f"http://127.0.0.1:{closed_port}/feed/"
    config = offline_config(refresh_on_start=True, feeds=(FeedSpec(url=url),))
    app = make_app(config=config, refresh=True, feed_url=url)
    async with app.run_test(size=size) as pilot:
        await _refreshed(app, pilot)
        await pilot.press("r")
        await _refreshed(app, pilot)
        warnings = [m for sev, m in notifications(app) if sev == "warning"]
        assert warnings == ["Tidak bisa terhubung. Menampilkan berita dari cache."]
        assert "luring" in app.main.status.build().plain  # the status line keeps saying it


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["id", "en"])
async def test_a_first_start_offline_does_not_speak_of_cached_news(
    make_app: AppFactory, closed_port: int, size: tuple[int, int], language: str
) -> None:
    from kalbartui.ui.parts.list_pane import demo_command

    url = f"http://127.0.0.1:{closed_port}/feed/"
    config = offline_config(language=language, refresh_on_start=True, feeds=(FeedSpec(url=url),))
    app = make_app([], config=config, refresh=True)
    async with app.run_test(size=size) as pilot:
        await _refreshed(app, pilot)
        said = " ".join(m for _sev, m in notifications(app))
        assert "Menampilkan berita dari cache" not in said and "cached news" not in said
        assert ("Tidak bisa terhubung" if language == "id" else "Cannot connect") in said
        shown = " ".join(list_line(app, y).strip() for y in range(1, 10))
        assert f"`{demo_command()}`" in shown


async def _refreshed(app: KalbarApp, pilot) -> None:  # noqa: ANN001
    await refresh_over(app, pilot)
    await pilot.pause()


# ---------------------------------------------------------------- 14: smaller things


@pytest.mark.parametrize("size", SIZES)
async def test_n_at_the_end_of_a_category_goes_on_to_the_next(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        kubu = next(k for k, v in app.main.sidebar.views.items() if v.label == "Kubu Raya")
        app.main.choose_view(kubu)
        await pilot.pause()
        await pilot.press("enter", "n")  # both Kubu Raya articles read
        assert app.main.list_pane.view.label == "Kubu Raya"
        await pilot.press("n")
        await pilot.pause()
        assert app.main.list_pane.view.label == "Ekonomi"  # the next category with unread articles
        assert app.main.sidebar.current.label == "Ekonomi"
        assert app.main.articles.current.title == STORIES[3][0]
        assert app.store.article(app.main.articles.current.id).read
        assert ("information", "Lanjut ke kategori berikutnya: Ekonomi") in notifications(app)
        await pilot.press("n")  # Ekonomi is done: on round to Pontianak
        assert app.main.list_pane.view.label == "Pontianak"


async def test_a_row_names_the_category_the_sidebar_shows(make_app: AppFactory) -> None:
    tagged = article(1, "Timnas Pelajar Berlatih di Pontianak", categories=("Kalbar", "Ekonomi"))
    app = make_app([tagged, *story_articles()[1:]])
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        meta = list_line(app, 1)
        assert "Ekonomi" in meta and "Kalbar" not in meta


@pytest.mark.parametrize("size", SIZES)
async def test_the_feeds_screen_gives_urls_room_and_no_error_for_an_ok_feed(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    url = "https://kalbar.example/category/pontianak-dan-sekitarnya/feed/?lang=id"
    app = make_app(feed_url=url)
    async with app.run_test(size=size) as pilot:
        await pilot.press("e")
        await pilot.pause()
        table = app.screen.query_one("#feeds-table")
        await until(pilot, lambda: table.size.width > 0, "the feeds laid out")
        console = Console(width=table.size.width, record=True, legacy_windows=False)
        console.print(table.content)
        shown = console.export_text()
        assert "baik" not in shown and "Galat terakhir" not in shown
        if size == (140, 40):
            assert url in shown  # on one line
        else:
            assert url.replace("\n", "") in shown.replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("size", SIZES)
async def test_the_palette_acts_on_the_highlighted_article(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    # No reading by resting: on a slow machine the article would be read before "Tandai".
    app = make_app(config=offline_config(mark_read_after_seconds=0))
    async with app.run_test(size=size) as pilot:
        await pilot.press("j", "ctrl+p", *"Artikel: Simpan")
        await _choose_in_palette(app, pilot, "Artikel: Simpan")
        assert app.store.article(app.main.articles.current.id).starred
        await pilot.press("ctrl+p", *"Artikel: Tandai sudah")
        await _choose_in_palette(app, pilot, "Artikel: Tandai sudah dibaca")
        assert app.store.article(app.main.articles.current.id).read


async def _choose_in_palette(app: KalbarApp, pilot, title: str) -> None:  # noqa: ANN001
    from textual.command import CommandList

    def first() -> str:
        options = app.screen.query_one(CommandList)
        if options.option_count == 0:
            return ""
        prompt = options.get_option_at_index(0).prompt
        return str(getattr(prompt, "plain", prompt))

    await until(pilot, lambda: first().startswith(title), f"{title} in the palette")
    await pilot.press("enter")
    await pilot.pause()


async def test_the_palette_speaks_the_users_language(make_app: AppFactory) -> None:
    from textual.command import CommandList, CommandPalette

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"qqqqzzzz")

        def said() -> str:
            options = app.screen.query_one(CommandList)
            prompts = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            return " ".join(prompts)

        await until(pilot, lambda: "Tidak ada yang cocok" in said(), "no matches, in Indonesian")
        await pilot.press("escape")
        app.search_themes()
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one("#--input Input").placeholder == "Cari tema…"


async def test_opml_export_and_import_from_the_palette(
    make_app: AppFactory,
    paths,
    tmp_path,  # noqa: ANN001
) -> None:
    from kalbartui.feeds.opml import read_opml

    opml = tmp_path / "teman.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        '<outline text="Sambas" type="rss" xmlUrl="http://127.0.0.1:9/sambas/feed/"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    # A file that says "no sources", so the refresh after the import asks loopback alone.
    paths.config.parent.mkdir(parents=True, exist_ok=True)
    paths.config.write_text("# punyaku\nsources = []\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.main.feed_list.export_opml()
        exported = paths.data_dir / "kalbartui-feeds.opml"
        assert [f.url for f in read_opml(exported).feeds] == ["https://kalbar.example/feed/"]
        await pilot.pause()
        assert any(str(exported) in m for _sev, m in notifications(app))
        app.main.feed_list.ask_import()
        await pilot.pause()
        assert type(app.screen).__name__ == "AskPathScreen"
        await pilot.press(*str(opml), "enter")
        await pilot.pause()
        assert app.screen is app.main
        assert paths.config.read_text(encoding="utf-8") == (
            '# punyaku\nsources = []\n\n[[feeds]]\nurl = "http://127.0.0.1:9/sambas/feed/"\n'
            'name = "Sambas"\n'
        )
        assert [f.url for f in app.config.feeds] == ["http://127.0.0.1:9/sambas/feed/"]
        assert any("1 umpan ditambahkan" in m for _sev, m in notifications(app))
        await app.workers.wait_for_complete()


@pytest.mark.parametrize("size", SIZES)
async def test_search_marks_the_words_it_found(make_app: AppFactory, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("slash", *"kubu", "enter")
        await pilot.pause()
        assert app.main.articles.count == 1
        segments = list(app.main.articles.render_line(0))
        marked = [s.text for s in segments if s.style is not None and s.style.underline]
        assert "".join(marked) == "Kubu"


@pytest.mark.parametrize("size", SIZES)
async def test_a_query_half_typed_says_what_it_lacks_and_keeps_the_list(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("slash", *"kapuas")
        await pilot.pause()
        assert app.main.articles.count == 2  # the two stories that speak of the Kapuas
        await pilot.press(*" OR (")
        await pilot.pause()
        # Half typed: the status line says what is missing, and where (the list shows what
        # the last whole query found: "kapuas O", on the way, found nothing).
        assert app.main.status.state.hint == "kurung di karakter 11 tidak pernah ditutup"
        await pilot.press(*"karet)")
        await pilot.pause()
        assert app.main.status.state.hint == ""
        assert app.main.articles.count == 3  # and the one about rubber
        await pilot.press("ctrl+u")  # Input: delete to the start
        await pilot.press(*"tidakadakata")
        await pilot.pause()
        assert app.main.articles.count == 0
        shown = " ".join(list_line(app, y).strip() for y in range(1, 10))
        assert "Tidak ada hasil" in shown


async def test_the_byline_says_the_date_once(make_app: AppFactory) -> None:
    old = STORIES[-1][0]  # ten days old
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("G")
        await pilot.pause()
        assert app.main.reader.article.title == old
        byline = reader_text(app).splitlines()[1]
        # The date once, then the reading time; no relative time past a week.
        assert byline == "Oleh Rina Marlina · Selasa, 18 Februari 2020 10.15 WIB · ± 1 menit baca"
        await pilot.press("g")
        await pilot.pause()
        assert "WIB · 4 menit lalu · ± 1 menit baca" in reader_text(app).splitlines()[1]


@pytest.mark.parametrize("size", SIZES)
async def test_toasts_stay_off_the_status_line(make_app: AppFactory, size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("s")  # "Disimpan": a toast
        await until(pilot, lambda: list(app.screen.query("Toast")), "the toast")
        await until(pilot, lambda: app.screen.query_one("Toast").region.height > 0, "its layout")
        toast = app.screen.query_one("Toast").region
        status = app.main.status.region
        assert toast.bottom <= status.y  # drawn above it, so nothing of the line peeks out
        assert status.width == size[0]
