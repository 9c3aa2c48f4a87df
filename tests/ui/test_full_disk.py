"""The reader on a full or read-only disk: it opens, shows the cache, says why nothing can be
kept, and every mark (s, m, resting on an article, opening it, A, u) says in one sentence
that it could not be kept. Never a traceback, never an exit.

Each story puts the data directory on a real tmpfs (tests/disks.py) and fills it or mounts it
read-only: real SQLite on a really full filesystem.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from kalbartui.paths import Paths
from kalbartui.ui.app import KalbarApp
from tests.disks import fill
from tests.ui.builders import NOW, STORIES, fill_store, story_articles
from tests.ui.conftest import notifications, offline_config, until

NOT_KEPT_EN = "The mark could not be kept: cannot write the cache "
NOT_KEPT_ID = "Tanda tidak bisa disimpan: cache "


def marks_on_disk(db: Path) -> list[tuple[int, int]]:
    """(read, starred) of every article, by a connection of its own once the disk has room."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT read, starred FROM articles ORDER BY id").fetchall()
    finally:
        conn.close()


def refused(app: KalbarApp, start: str) -> list[str]:
    return [m for severity, m in notifications(app) if severity == "error" and m.startswith(start)]


def reader_on(paths: Paths, **config: object) -> KalbarApp:
    return KalbarApp(offline_config(**config), paths, clock=lambda: NOW, refresh=False)


async def test_a_reader_started_on_a_full_disk_shows_the_cache_and_says_no_mark_is_kept(
    paths: Paths, mount_tmpfs: Callable[..., Path]
) -> None:
    disk = mount_tmpfs(paths.data_dir)
    fill_store(paths.database, story_articles()).close()
    filler = fill(disk, leave=0)
    app = reader_on(paths, language="en", mark_read_after_seconds=0.2)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert app.main.articles.count == len(STORIES)
        assert app.main.reader.article is not None
        assert "disk full: marks not kept" in app.main.status.build().plain
        warned = [m for severity, m in notifications(app) if severity == "warning"]
        assert len(warned) == 1
        assert warned[0].startswith("Showing the cached news; marks cannot be kept:")
        assert warned[0].endswith("the disk is full")

        await pilot.press("s")  # star
        await pilot.press("m")  # unread/read
        await pilot.press("j")  # resting on it: the dwell's mark
        await until(pilot, lambda: len(refused(app, NOT_KEPT_EN)) == 3, "the dwell's mark")
        await pilot.press("enter")  # opened: read
        await until(pilot, lambda: len(refused(app, NOT_KEPT_EN)) == 4, "the opened mark")
        await pilot.press("escape", "A")
        await until(pilot, lambda: len(app.screen_stack) == 3, "the question")
        await pilot.press("y")
        await until(pilot, lambda: len(refused(app, NOT_KEPT_EN)) == 5, "mark all read")
        said = refused(app, NOT_KEPT_EN)
        assert all(s.endswith(": the disk is full") for s in said), said
        assert all("\n" not in s for s in said)
        # Nothing pretends to be kept: the list still shows every article unread, unstarred.
        window = app.main.articles.window
        assert window is not None
        rows = [window.row(i) for i in range(len(STORIES))]
        assert all(r is not None and not r.read and not r.starred for r in rows), rows
        assert app.is_running
    assert app.return_code in (None, 0)
    filler.unlink()
    assert marks_on_disk(paths.database) == [(0, 0)] * len(STORIES)


async def test_a_disk_that_fills_while_reading_refuses_marks_and_undo_waits(
    paths: Paths, mount_tmpfs: Callable[..., Path]
) -> None:
    disk = mount_tmpfs(paths.data_dir)
    fill_store(paths.database, story_articles()).close()
    app = reader_on(paths)  # in Indonesian, the default
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("m")  # kept: the disk has room
        current = app.main.articles.current
        assert current is not None and app.main.articles.current.read
        assert app.main.status.state.disk == ""

        filler = fill(disk, leave=0)
        await pilot.press("u")  # undo the m: refused, and still there to undo
        await pilot.press("s")
        await until(pilot, lambda: len(refused(app, NOT_KEPT_ID)) == 2, "u and s refused")
        assert "disk penuh: tanda tidak disimpan" in app.main.status.build().plain
        assert app.main.articles.current.read and not app.main.articles.current.starred

        filler.unlink()
        await pilot.press("u")  # the disk has room again: the undo goes through
        await until(pilot, lambda: not app.main.articles.current.read, "the undo")  # type: ignore[union-attr]
        await pilot.press("s")
        await until(pilot, lambda: app.main.status.state.disk == "", "the status line cleared")
        assert app.is_running
    conn = sqlite3.connect(paths.database)
    try:
        kept = conn.execute("SELECT read, starred FROM articles WHERE id = ?", (current.id,))
        assert kept.fetchone() == (0, 1)
    finally:
        conn.close()
