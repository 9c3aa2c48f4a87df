"""The reader's refresh runs in a child process: feeds appear as they land, a dead network reads
offline at once, and the child is gone after quit or cancel."""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from kalbartui.models import FeedSpec
from kalbartui.paths import Paths
from kalbartui.ui.app import KalbarApp
from kalbartui.ui.widgets.article_list import ROW_HEIGHT
from tests.feedserver import FeedServer, feed_route, send
from tests.ui.builders import NOW, article, fill_store, story_articles
from tests.ui.conftest import AppFactory, offline_config, until

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def slow_gate() -> Iterator[threading.Event]:
    """Held shut while a test wants its slow feed to hang; opened at the end in any case."""
    gate = threading.Event()
    yield gate
    gate.set()


def _slow_route(gate: threading.Event, body: bytes):  # noqa: ANN202
    def handle(h: BaseHTTPRequestHandler) -> None:
        gate.wait(120)
        send(h, 200, body)

    return handle


def _alive(pid: int) -> bool:
    # Popen reaps its child, so a stopped child leaves no /proc entry behind.
    return Path(f"/proc/{pid}").exists()


async def _gone(pid: int) -> bool:
    for _ in range(600):
        if not _alive(pid):
            return True
        await asyncio.sleep(0.05)
    return False


async def test_articles_appear_as_each_feed_lands_and_the_highlight_stays(
    make_app: AppFactory, feed_server: FeedServer, slow_gate: threading.Event
) -> None:
    quick = [(DATA / name).read_bytes() for name in ("wp_pontianak.xml", "wp_kubu_raya.xml")]
    feed_server.routes["/pontianak/feed/"] = feed_route(quick[0])
    feed_server.routes["/kubu-raya/feed/"] = feed_route(quick[1])
    # The two categories share some posts (a post in both): each is stored once.
    landing = len({guid for body in quick for guid in re.findall(rb"<guid[^>]*>([^<]+)", body)})
    feed_server.routes["/lambat/feed/"] = _slow_route(
        slow_gate, (DATA / "wp_front.xml").read_bytes()
    )
    # One site's category feeds (a shared source), so a post in two categories is one article.
    feeds = tuple(
        FeedSpec(url=feed_server.url(f"/{slug}/feed/"), source="Kalbar Contoh")
        for slug in ("lambat", "pontianak", "kubu-raya")
    )
    # A cache long enough to scroll: the user is a few screens down when the news lands.
    cached = [article(100 + i, f"Kabar lama {i}", minutes_ago=10 + i) for i in range(80)]
    app = make_app(cached, config=offline_config(refresh_on_start=True, feeds=feeds), refresh=True)
    async with app.run_test(size=(140, 40)) as pilot:
        main = app.main
        before = main.articles.count
        await pilot.press(*["j"] * 30)
        assert main.articles.scroll_offset.y > 0
        highlighted = main.articles.current
        assert highlighted is not None
        line = main.articles.cursor * ROW_HEIGHT - round(main.articles.scroll_offset.y)

        await until(
            pilot, lambda: main.articles.count == before + landing, "the quick feeds' articles"
        )
        # The slow feed still hangs, and the refresh is still running: nothing waited for it.
        assert not slow_gate.is_set()
        assert main.refresher.refreshing
        assert feed_server.count("/lambat/feed/") == 1
        current = main.articles.current
        assert current is not None and current.id == highlighted.id
        assert main.articles.cursor * ROW_HEIGHT - round(main.articles.scroll_offset.y) == line

        slow_gate.set()
        await until(pilot, lambda: not main.refresher.refreshing, "the slow feed to land")
        report = main.refresher.last_report
        assert report is not None and report.failed == []
        # The list reloads after the report (its window is read off the event loop).
        total = before + report.new_total
        await until(pilot, lambda: main.articles.count == total, "the list to hold every article")
        assert main.articles.current is not None
        assert main.articles.current.id == highlighted.id


async def test_every_feed_refused_reads_offline_and_keeps_the_last_good_time(
    paths: Paths, closed_port: int
) -> None:
    urls = [f"http://127.0.0.1:{closed_port}/kategori-{i}/feed/" for i in range(6)]
    earlier = NOW - timedelta(hours=3)
    fill_store(paths.database, story_articles(), feed_url=urls[0], now=earlier).close()
    config = offline_config(
        refresh_on_start=True, feeds=tuple(FeedSpec(url=u) for u in urls), language="en"
    )
    app = KalbarApp(config, paths, clock=lambda: NOW, refresh=True)
    async with app.run_test(size=(140, 40)) as pilot:
        main = app.main
        await until(pilot, lambda: main.status.state.offline, "the offline mark")
        report = main.refresher.last_report
        assert report is not None
        assert len(report.failed) == len(urls)
        assert {str(o.error) for o in report.failed} == {"connection refused"}
        # The status line keeps the time of the last refresh that worked, three hours ago.
        assert main.status.state.last_ok == earlier
        line = main.status.build().plain
        assert "3 hours ago" in line
        assert "just now" not in line


async def test_the_refresh_is_a_separate_process_gone_after_quit(
    make_app: AppFactory, silent_port: int
) -> None:
    url = f"http://127.0.0.1:{silent_port}/feed/"
    app = make_app(
        config=offline_config(refresh_on_start=True, feeds=(FeedSpec(url=url),)), refresh=True
    )
    async with app.run_test(size=(140, 40)) as pilot:
        main = app.main
        await until(pilot, lambda: main.refresher.child_pid is not None, "the refresh's process")
        pid = main.refresher.child_pid
        assert pid is not None and pid != os.getpid()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        assert b"kalbartui.refresh.child" in cmdline
        assert _alive(pid)
        await pilot.press("q")
    assert await _gone(pid), "the refresh's process outlived the reader"


async def test_cancelling_the_refresh_ends_its_process(
    make_app: AppFactory, silent_port: int
) -> None:
    url = f"http://127.0.0.1:{silent_port}/feed/"
    app = make_app(
        config=offline_config(refresh_on_start=True, feeds=(FeedSpec(url=url),)), refresh=True
    )
    async with app.run_test(size=(140, 40)) as pilot:
        main = app.main
        await until(pilot, lambda: main.refresher.child_pid is not None, "the refresh's process")
        pid = main.refresher.child_pid
        assert pid is not None
        main.refresher.cancel()
        await until(pilot, lambda: not _alive(pid), "the refresh's process to end")
        await until(pilot, lambda: not main.refresher.refreshing, "the reader to leave the refresh")
        assert main.articles.count == 6  # the cache is as it was
