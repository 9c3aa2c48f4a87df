"""What background work tells the reader: progress that replaces itself, counts the palette reuses."""

from __future__ import annotations

import threading

import pytest
from textual.pilot import Pilot

from kalbartui.core import Core
from kalbartui.refresh.report import RefreshCancelled, RefreshReport
from kalbartui.ui.messages import CountsLoaded, RefreshProgress
from tests.ui.conftest import AppFactory, until


async def test_only_the_newest_refresh_progress_reaches_the_status_line(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()

    def held(*args: object, **kwargs: object) -> RefreshReport:
        # A refresh that goes on until the test is done: the progress is the test's to post.
        gate.wait(60)
        raise RefreshCancelled

    monkeypatch.setattr(Core, "refresh_in_child", held)
    app = make_app()
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            main = app.main
            await pilot.press("r")
            await until(pilot, lambda: main.refresher.running, "the refresh")
            await pilot.pause()
            assert main.refresher.refreshing
            shown: list[tuple[int, int] | None] = []
            set_status = main.status.set

            def recording_set(**changes: object) -> None:
                if "progress" in changes:
                    shown.append(changes["progress"])  # type: ignore[arg-type]
                set_status(**changes)  # type: ignore[arg-type]

            main.status.set = recording_set  # type: ignore[method-assign]
            # A refresh thread that got ahead of the screen: three posted, the third the newest.
            for done in (1, 2, 3):
                main.refresher.post_message(RefreshProgress(done, 7))
            await pilot.pause()
            assert shown == [(3, 7)]
            assert "Memperbarui 3/7 umpan" in main.status.build().plain
    finally:
        gate.set()


async def test_the_palette_searches_without_touching_the_cache(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        statements: list[str] = []
        app.store.conn.set_trace_callback(statements.append)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"ekonomi")
        assert await palette_shows(pilot, app, "Buka: Ekonomi 1 belum dibaca dari 1")
        app.store.conn.set_trace_callback(None)
        assert statements == []


async def palette_shows(pilot: Pilot, app: object, line: str) -> bool:
    """Wait (a bounded number of frames) for the palette's search to list `line`."""
    for _ in range(100):
        if line in palette_hits(app):
            return True
        await pilot.pause(0.02)
    return False


def palette_hits(app: object) -> list[str]:
    """Title and help of each command the open palette lists."""
    from textual.command import CommandList

    options = app.screen.query_one(CommandList).options  # type: ignore[attr-defined]
    return [f"{o.hit.text} {o.hit.help}" for o in options]


async def test_counts_loaded_in_the_background_feed_the_sidebar_and_the_palette(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        main = app.main
        totals = {**main.counts.totals, "starred": 41}
        main.counts.post_message(CountsLoaded(main.counts.categories, totals, main.counts.feeds))
        await pilot.pause()
        assert main.counts.totals["starred"] == 41
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"disimpan")
        await pilot.pause()
        assert await palette_shows(pilot, app, "Buka: Disimpan 41 artikel")
