"""The reader open while every hostile feed comes in.

The user has the reader open over yesterday's cache and presses `r` while the fault server
misbehaves in every way at once. The reader stays up and responsive, the feed-errors screen
(`e`) shows each failure in words, and no feed string reaches the terminal as markup or as an
escape sequence: not in the list, the reading pane, a notification, a border or window title.

What reaches the terminal is checked as the terminal would get it: the composited screen is
rendered to the exact character sequence Textual writes.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from rich.table import Table
from textual.widgets import Static

from kalbartui.config import Config
from kalbartui.models import FeedSpec
from kalbartui.paths import Paths
from kalbartui.refresh.run import run_refresh
from kalbartui.store import Query
from kalbartui.text import clean_line
from kalbartui.ui.app import KalbarApp
from kalbartui.ui.screens.feed_errors import FeedErrorsScreen
from tests.hostile import faultserver as fs
from tests.hostile.checks import CONTROL_RE
from tests.hostile.conftest import Recorder
from tests.ui.conftest import notices, record_notifications  # noqa: F401 - an autouse fixture

TIMEOUT = 3.0
SIZE = (320, 120)  # wide and tall: the feed-errors table fits without wrapping an error

# Sequences Textual itself writes: SGR, cursor moves, OSC 8 hyperlinks ended by ST (an empty
# target closes a hyperlink).
CSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
OSC8_RE = re.compile(r"\x1b\]8;[^;\x1b\x07]*;([^\x1b\x07]*)\x1b\\")


def terminal_output(app: KalbarApp) -> str:
    """The character sequence the terminal would receive for the whole current screen."""
    update = app.screen._compositor.render_full_update()  # noqa: SLF001 - what _display writes
    return update.render_segments(app.console)


def screen_text(app: KalbarApp) -> list[str]:
    """The current screen as plain text lines."""
    strips = app.screen._compositor.render_strips()  # noqa: SLF001
    return ["".join(segment.text for segment in strip) for strip in strips]


def terminal_problems(output: str) -> list[str]:
    """Anything in the terminal stream that Textual itself would not have written."""
    problems = []
    for url in OSC8_RE.findall(output):
        if url and not url.startswith(("http://", "https://")) or "evil.example" in url:
            problems.append(f"a hyperlink to {url!r}")
    rest = OSC8_RE.sub("", CSI_RE.sub("", output))
    for match in re.finditer(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", rest):
        near = rest[max(match.start() - 30, 0) : match.end() + 30]
        problems.append(f"{match.group()!r} near {near!r}")
    return problems


def config_for(server: fs.FaultServer) -> Config:
    feeds = [FeedSpec(url=server.url("good"), category="Kota")]
    feeds += [FeedSpec(url=server.url(c.name), category="Uji") for c in fs.CASES]
    return Config(
        language="en",
        timezone="Asia/Pontianak",
        refresh_on_start=False,
        refresh_interval_minutes=0,
        timeout_seconds=TIMEOUT,
        keep_days=0,
        feeds=tuple(feeds),
    )


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(
        config=tmp_path / "config.toml", data_dir=tmp_path / "data", cache_dir=tmp_path / "c"
    )


def case_article_ids(app: KalbarApp) -> dict[str, int]:
    """One of today's articles from each case that lands (by guid), for the reading pane."""
    special = {"duplicate-guids": "dup-a", "bad-dates": "dates-none"}
    ids = {}
    for case in fs.CASES:
        if case.fails is True:
            continue
        row = app.store.conn.execute(
            "SELECT id FROM articles WHERE (guid LIKE ? AND guid NOT LIKE ?) OR guid = ?"
            " ORDER BY id LIMIT 1",
            (f"{case.name}-%", f"{case.name}-kemarin-%", special.get(case.name, "")),
        ).fetchone()
        assert row is not None or case.fails is None, case.name  # None: an error is honest too
        if row is not None:
            ids[case.name] = row[0]
    return ids


async def test_the_reader_survives_every_hostile_feed_and_shows_each_error(
    fault_server: fs.FaultServer, paths: Paths, record: Recorder
) -> None:
    config = config_for(fault_server)
    # Yesterday's refresh, on a thread: the test's own event loop is already running.
    first = await asyncio.to_thread(run_refresh, config, paths.database, clock=lambda: fs.GOOD_AT)
    assert first.ok
    fault_server.go_hostile()

    app = KalbarApp(config, paths, clock=lambda: fs.HOSTILE_AT, refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        # The reader answers keys while the slow servers hold the refresh.
        await pilot.press("j", "j", "k")
        assert app.is_running
        worker = app.main.refresher.worker  # the refresh the key started
        assert worker is not None
        await worker.wait()
        await pilot.pause()
        assert app.is_running
        report = worker.result
        failed = {o.feed_id: o.error for o in report.outcomes if o.status == "error"}
        assert len(failed) >= sum(1 for c in fs.CASES if c.fails is True)

        problems = terminal_problems(terminal_output(app))
        for notice in notices(app):
            assert not CONTROL_RE.search(notice.message)
        assert all(not n.markup for n in notices(app))
        assert problems == []

        # Every article that landed, opened in the reading pane, as the user would.
        shown = 0
        for name, article_id in case_article_ids(app).items():
            index = app.store.index_of(app.main.list_pane.view.query, article_id)
            assert index is not None, name
            app.main.articles.move_to(index)
            app.main.articles.focus()
            await pilot.press("enter")
            await pilot.pause()
            assert app.is_running
            assert (
                app.main.reader.article is not None and app.main.reader.article.id == article_id
            ), name
            assert terminal_problems(terminal_output(app)) == [], name
            for link in app.main.reader.links:
                assert link.startswith(("http://", "https://")), (name, link)
            shown += 1
        # The markup title is on screen as the words it is.
        markup_id = case_article_ids(app)["markup"]
        app.main.articles.move_to(app.store.index_of(Query(), markup_id) or 0)
        await pilot.press("enter")
        await pilot.pause()
        on_screen = " ".join(" ".join(screen_text(app)).split())
        assert fs.MARKUP_AUTHOR in on_screen
        assert "[link=https://evil.example]Klik di sini[/link]" in on_screen

        # The javascript:/file:/data: articles have no link to open or copy.
        opened: list[str] = []
        app.launch_browser = opened.append
        clipboard_before = app.clipboard
        for n in range(1, len(fs.UNSAFE_LINKS) + 1):
            article_id = app.store.conn.execute(
                "SELECT id FROM articles WHERE guid = ?", (f"unsafe-links-{n}",)
            ).fetchone()[0]
            app.main.articles.move_to(
                app.store.index_of(app.main.list_pane.view.query, article_id) or 0
            )
            app.main.articles.focus()
            await pilot.press("o", "c")
            await pilot.pause()
        assert opened == [] and app.clipboard == clipboard_before
        assert app.is_running

        for widget in app.screen.walk_children():
            for title in (widget.border_title, widget.border_subtitle):
                assert not title or not CONTROL_RE.search(str(title))
        assert not CONTROL_RE.search(app.title) and not CONTROL_RE.search(app.sub_title)

        # The feed-errors screen names every failing feed's trouble in words.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FeedErrorsScreen)
        table = app.screen.query_one("#feeds-table", Static).content
        assert isinstance(table, Table)  # cells are Text objects: nothing in them is markup
        cells = [cell.plain for cell in table.columns[3].cells]
        on_screen = " ".join(" ".join(screen_text(app)).split())
        for error in failed.values():
            assert f"⚠ {clean_line(error, 400)}" in cells, error
            assert clean_line(error, 400)[:24] in on_screen, error  # wrapped after that, maybe
        assert terminal_problems(terminal_output(app)) == []
        await pilot.press("escape")
        await pilot.pause()

        # Once more, now that some servers asked to be left alone: still up.
        await pilot.press("r")
        again = app.main.refresher.worker
        assert again is not None
        await again.wait()
        await pilot.pause()
        assert app.is_running
        assert terminal_problems(terminal_output(app)) == []
    record(
        case="reader-all-cases",
        what="The reader refreshing all cases at once: errors screen, every landed article opened",
        status="up; no markup or escape on screen",
        failed_feeds=len(failed),
        articles_opened=shown,
    )
