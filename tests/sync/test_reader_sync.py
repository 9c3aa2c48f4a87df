"""The reader with [sync]: `r` syncs with a real FreshRSS, the sidebar shows its labels, keys
that read and star reach the server on the next sync, and a stopped server reads "offline"."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime

import pytest

from kalbartui.config import load_config
from kalbartui.paths import Paths
from kalbartui.ui.app import KalbarApp
from tests.sync import freshrss
from tests.sync.conftest import Reader


def server_items(reader: Reader) -> list[tuple[int, int]]:
    """(server item, article) pairs, read from the cache file as a second program would."""
    conn = sqlite3.connect(f"file:{reader.database}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT item_id, article_id FROM sync_items").fetchall()
    finally:
        conn.close()


async def synced(app: KalbarApp, pilot) -> None:  # noqa: ANN001
    """`r`, then wait until the reader has the sync's report and its background work is done."""
    before = app.main.refresher.last_report
    await pilot.press("r")
    deadline = time.monotonic() + 60
    while app.main.refresher.last_report is before:  # each sync ends with a report of its own
        assert time.monotonic() < deadline, "the sync never reported"
        await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.slow  # three syncs through the reader, one of them waiting out a stopped server
async def test_the_reader_syncs_reads_and_stars_through_the_server(
    reader: Reader, server: freshrss.FreshRSS
) -> None:
    config = load_config(reader.config)
    paths = Paths(config=reader.config, data_dir=reader.data, cache_dir=reader.data / "cache")
    app = KalbarApp(config, paths, clock=lambda: datetime.now(UTC), refresh=False)
    async with app.run_test(size=(140, 40)) as pilot:
        await synced(app, pilot)
        assert app.main.articles.count == 13
        labels = [v.label for v in app.main.sidebar.views.values()]
        assert "Kalbar" in labels and "Daerah" in labels
        assert "Synced" in str(app.main.status.build())
        await pilot.press("enter")  # opening an article reads it
        opened = app.main.articles.current
        await pilot.press("escape", "j", "s")  # and s stars the next one
        starred = app.main.articles.current
        assert app.store.article(opened.id).read and app.store.article(starred.id).starred

        await synced(app, pilot)
        items = {article: int(item) for item, article in server_items(reader)}
        assert items[opened.id] not in server.unread_ids()
        assert server.starred_ids() == {items[starred.id]}

        await pilot.press("e")  # the feeds screen says who fetches the feeds
        await pilot.pause()
        note = str(app.screen.query_one("#feeds-note").render())
        assert "fetches these feeds" in note and "not fetched directly" in note
        await pilot.press("escape")

        server.stop()
        await synced(app, pilot)
        assert "offline" in str(app.main.status.build())
        assert app.main.articles.count == 13
