"""Screenshots compared with the accepted ones (pytest-textual-snapshot), with the clock fixed."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.ui.conftest import AppFactory


async def _settle(pilot: Pilot) -> None:
    # The snapshot plugin starts these steps as soon as the app is ready; the reader's screen
    # is pushed from the app's message loop right after (KalbarApp._show_main).
    await pilot.pause()
    pilot.app.main.search_box.cursor_blink = False
    await pilot.pause()


def test_main_screen(snap_compare, make_app: AppFactory) -> None:  # noqa: ANN001
    assert snap_compare(make_app(), terminal_size=(140, 36), run_before=_settle)


def test_reader_open(snap_compare, make_app: AppFactory) -> None:  # noqa: ANN001
    async def open_second(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("j", "enter")
        await pilot.app.workers.wait_for_complete()  # the sidebar counts are read in the background
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(140, 36), run_before=open_second)


def test_help_screen(snap_compare, make_app: AppFactory) -> None:  # noqa: ANN001
    async def show_help(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(140, 44), run_before=show_help)


def test_narrow_layout(snap_compare, make_app: AppFactory) -> None:  # noqa: ANN001
    assert snap_compare(make_app(), terminal_size=(96, 40), run_before=_settle)


def test_search_results(snap_compare, make_app: AppFactory) -> None:  # noqa: ANN001
    async def search(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("slash", *"kubu", "enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(140, 36), run_before=search)


def test_small_terminal_list(snap_compare, make_app: AppFactory) -> None:  # noqa: ANN001
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_settle)


def test_small_terminal_article_full_screen(snap_compare, make_app: AppFactory) -> None:  # noqa: ANN001
    async def open_first(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_first)


def test_small_terminal_help(snap_compare, make_app: AppFactory) -> None:  # noqa: ANN001
    async def show_help(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=show_help)


def test_article_with_its_picture(snap_compare, make_app: AppFactory, paths) -> None:  # noqa: ANN001
    """The lead picture in half-block cells above the text, read from the image cache."""
    from dataclasses import replace

    from kalbartui.feeds.images import ImageCache
    from tests.story.site import image_bytes
    from tests.ui.builders import story_articles
    from tests.ui.conftest import offline_config

    url = "https://kalbar.example/wp-content/uploads/2020/02/jembatan.png"
    ImageCache(paths.cache_dir / "images").put(url, image_bytes("PNG", (320, 180)))
    stories = story_articles()
    stories[0] = replace(stories[0], image_url=url)

    async def open_first(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("enter")
        for _ in range(100):  # the picture is loaded once the article has been shown a moment
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if pilot.app.main.reader.image_rows:
                break

    app = make_app(stories, config=offline_config(images="cells"))
    assert snap_compare(app, terminal_size=(140, 40), run_before=open_first)


def _feed_list_app(paths):  # noqa: ANN001, ANN202
    from kalbartui.ui.app import KalbarApp
    from tests.ui.builders import NOW, feed_list_specs, fill_feed_list
    from tests.ui.conftest import offline_config

    fill_feed_list(paths.database).close()
    config = offline_config(feeds=tuple(feed_list_specs()))
    return KalbarApp(config, paths, clock=lambda: NOW, refresh=False)


def test_feed_list_sidebar(snap_compare, paths) -> None:  # noqa: ANN001
    """A newsboat user's feeds: each under its category, the rest under "Umpan lain"; one open."""

    async def open_feed(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("escape", "j", "j", "j", "j")  # to the sidebar, down to Ars Technica
        await pilot.pause()

    assert snap_compare(_feed_list_app(paths), terminal_size=(140, 40), run_before=open_feed)


def test_feed_list_sidebar_small_terminal(snap_compare, paths) -> None:  # noqa: ANN001
    async def open_feed(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("escape", "j", "j", "j", "j")
        await pilot.pause()

    assert snap_compare(_feed_list_app(paths), terminal_size=(80, 24), run_before=open_feed)
