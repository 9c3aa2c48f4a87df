"""Two q typed in one breath from an open article: the first leaves it, the second quits (the
keys arrive together, before the first one's focus change was applied)."""

from __future__ import annotations

import pytest
from textual import events

from tests.ui.conftest import AppFactory

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((140, 40), id="140x40")]


@pytest.mark.parametrize("size", SIZES)
async def test_two_q_at_once_from_an_article_quit(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.reading or app.focused is app.main.reader
        # As a terminal delivers "qq": both keys queued before either is handled.
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key("q", "q"))
        for _ in range(50):
            await pilot.pause(0.02)
            if not app.is_running:
                break
        assert not app.is_running
