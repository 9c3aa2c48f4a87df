"""The article list draws from a paging window: no widget per row, a page read per screenful."""

from __future__ import annotations

import pytest
from textual.scroll_view import ScrollView

from kalbartui.ui.parts import list_pane
from tests.ui.builders import many_articles
from tests.ui.conftest import AppFactory, list_line, until


async def test_a_long_list_opens_with_one_page_read_and_no_row_widgets(
    make_app: AppFactory,
) -> None:
    app = make_app(many_articles(5000))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        articles = app.main.articles
        assert isinstance(articles, ScrollView)
        assert len(articles.children) == 0  # rows are drawn lines, not widgets
        assert articles.count == 5000
        assert articles.window.reads == 1
        assert articles.virtual_size.height == 5000 * 2
        await pilot.press("G")
        await pilot.pause()
        assert articles.cursor == 4999
        assert "Kabar singkat nomor 5000" in list_line(
            app, app.main.articles.scrollable_content_region.height - 2
        )
        assert articles.window.reads == 2  # a jump to the end reads the last page only
        # A category of the same store opens the same way.
        app.main.choose_view(
            next(k for k, v in app.main.sidebar.views.items() if v.label == "Ekonomi")
        )
        await pilot.pause()
        assert articles.count == 2500
        assert articles.window.reads == 1


async def test_a_search_past_the_count_cap_says_more_then_the_exact_count(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Typing rests for longer than a loaded test machine takes to type five letters.
    monkeypatch.setattr(list_pane, "COUNT_ALL_AFTER", 2.0)
    app = make_app(many_articles(2500))  # every title has "kabar": past the 2,000 cap
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash", *"kabar")
        await pilot.pause()
        articles = app.main.articles
        # As the user types: the first rows, and a count that says it stopped early.
        assert articles.window.more
        assert "lebih dari 2.000 artikel" in app.main.status.build().plain
        assert "Kabar singkat nomor 1" in list_line(app, 0)
        # Typing rests: the whole list is counted, and the status says how many.
        await until(pilot, lambda: not articles.window.more, "the exact count")
        assert articles.count == 2500
        assert articles.virtual_size.height == 2500 * 2
        assert "2.500 artikel" in app.main.status.build().plain
        assert "lebih dari" not in app.main.status.build().plain


async def test_the_end_of_a_search_list_is_its_real_end(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(list_pane, "COUNT_ALL_AFTER", 60.0)  # the user never rests here
    app = make_app(many_articles(2500))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("slash", *"kabar")
        await pilot.pause()
        assert app.main.articles.window.more
        app.main.articles.focus()
        await pilot.press("G")  # before typing rested: G counts the rest first
        await pilot.pause()
        assert app.main.articles.cursor == 2499
        assert app.main.articles.current.title == "Kabar singkat nomor 2500"
