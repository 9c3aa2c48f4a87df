"""The reader does not keep what it no longer shows: the footer's old keys after focus moves,
the list's old lines after each minute's redraw. Counted as live objects, not timed."""

from __future__ import annotations

import gc

from textual.strip import Strip
from textual.widgets._footer import FooterKey

from tests.ui.builders import STORIES
from tests.ui.conftest import AppFactory


def alive(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


async def test_moving_between_the_list_and_the_article_leaves_no_dead_footer_keys(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("enter", "escape")
        await pilot.pause()
        before = alive(FooterKey)
        for _ in range(30):  # the footer is rebuilt each time: the article's keys, the list's
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        after = alive(FooterKey)
        shown = len(app.main.query(FooterKey))
        assert shown > 0
        # Only the keys on screen (and at most one rebuild's worth on its way out) live on.
        assert after <= before + shown, (before, after, shown)


async def test_the_minutes_redraw_keeps_only_the_lines_on_screen(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        for _ in range(40):
            app.main.tick()
            await pilot.pause()
        cached = len(app.main.articles._strips)  # noqa: SLF001 - the list's own line cache
        # Two lines a row: everything older than the last redraw is gone.
        assert 0 < cached <= 2 * len(STORIES) + 2, cached
        assert alive(Strip) < 2000
