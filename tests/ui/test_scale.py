"""The article list draws from a paging window: no widget per row, a page read per screenful."""

from __future__ import annotations

from textual.scroll_view import ScrollView

from tests.ui.builders import many_articles
from tests.ui.conftest import AppFactory, list_line


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
