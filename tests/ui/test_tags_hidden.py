"""`t` tags the highlighted article (a small dialog offering the tags in use), the reading pane
says the tags, and the sidebar's "Tersembunyi" lists what rules hid, where U puts one back."""

from __future__ import annotations

import pytest

from kalbartui.store import Query, open_store
from kalbartui.ui.screens.ask_tag import AskTagScreen
from tests.ui.builders import STORIES
from tests.ui.conftest import AppFactory, until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((140, 40), id="140x40")]


@pytest.mark.parametrize("size", SIZES)
async def test_t_adds_a_tag_offering_those_in_use_and_takes_it_off_again(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("j")  # the second story: the harvest in Kubu Raya
        row = app.main.articles.current
        assert row is not None
        app.core.tag(app.main.articles.window.row(0).id, "Liputan Khusus")  # type: ignore[union-attr]
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, AskTagScreen), "the tag dialog")
        in_use = app.screen.query_one("#tag-in-use")
        assert "Liputan Khusus" in str(in_use.render())
        await pilot.press(*"liput")
        await pilot.pause()
        # The tag in use is offered as one types; right-arrow takes the offer.
        await pilot.press("right", "enter")
        await until(pilot, lambda: not isinstance(app.screen, AskTagScreen), "the dialog closed")
        assert app.core.tags_of(row.id) == ["Liputan Khusus"]
        assert {r.id for r in app.core.search('tag:"liputan khusus"')} >= {row.id}
        await pilot.press("enter")  # open it: the header says the user's tags
        await until(pilot, lambda: app.main.reader.article is not None, "the article")
        await until(
            pilot,
            lambda: "Tag Anda: Liputan Khusus" in app.main.reader.content.plain,
            "the tags in the header",
        )
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, AskTagScreen), "the tag dialog")
        assert "Liputan Khusus" in str(app.screen.query_one("#tag-has").render())
        await pilot.press(*"LIPUTAN KHUSUS", "enter")
        await until(pilot, lambda: app.core.tags_of(row.id) == [], "the tag taken off")
        await until(
            pilot, lambda: "Tag Anda" not in app.main.reader.content.plain, "the header redrawn"
        )


async def test_the_hidden_list_shows_what_rules_hid_and_u_puts_it_back(
    make_app: AppFactory, paths: object
) -> None:
    app = make_app()
    store = open_store(app.paths.database)
    hidden_id = next(r.id for r in store.page(Query(), limit=10).rows if "Jagung" in r.title)
    store.set_hidden([hidden_id], True)
    store.close()
    async with app.run_test(size=(140, 40)) as pilot:
        main = app.main
        await until(pilot, lambda: "hidden" in main.sidebar.views, "the Tersembunyi entry")
        assert main.articles.count == len(STORIES) - 1
        assert main.sidebar.views["hidden"].label == "Tersembunyi"
        main.sidebar.select_key("hidden")
        await until(pilot, lambda: main.articles.count == 1, "the hidden list")
        row = main.articles.current
        assert row is not None and row.id == hidden_id
        await pilot.press("l", "U")  # to the list, then put it back
        await until(pilot, lambda: not app.core.store.is_hidden(hidden_id), "unhidden")
        await until(pilot, lambda: "hidden" not in main.sidebar.views, "the entry gone")
        assert app.core.store.totals()["all"] == len(STORIES)
