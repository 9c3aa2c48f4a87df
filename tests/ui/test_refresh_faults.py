"""Ordinary faults of a refresh reach the reader in words: a refresh process killed from
outside says how it ended, a refresh on a full disk says the disk is full. Only a fault of
kalbartui's own says "please report it"."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kalbartui.models import FeedSpec
from kalbartui.paths import Paths
from kalbartui.ui.app import KalbarApp
from tests.disks import fill
from tests.feedserver import FeedServer, send
from tests.ui.builders import NOW, fill_store, story_articles
from tests.ui.conftest import notifications, offline_config, until

REPORT_IT = "please report it"


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Held shut while the slow feed should hang; opened at the end in any case."""
    held = threading.Event()
    yield held
    held.set()


def rss(*titles: str) -> bytes:
    items = "".join(
        f"<item><title>{t}</title><link>https://kalbar.example/berita/baru-{n}/</link>"
        f"<guid>https://kalbar.example/?p=9{n}</guid>"
        f"<pubDate>Fri, 28 Feb 2020 04:0{n}:00 +0000</pubDate>"
        f"<description>{t}. Warga menyambutnya dengan gembira.</description></item>"
        for n, t in enumerate(titles)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Kalbar Contoh</title><link>https://kalbar.example/</link>{items}</channel></rss>"
    ).encode()


def refresh_errors(app: KalbarApp) -> list[str]:
    return [m for severity, m in notifications(app) if severity == "error"]


async def test_a_refresh_process_killed_from_outside_says_how_it_ended(
    paths: Paths, gate: threading.Event
) -> None:
    server = FeedServer().start()
    try:

        def slow(h: object) -> None:
            gate.wait(60)
            send(h, 200, rss("Banjir Rob Surut di Pesisir Mempawah"))  # type: ignore[arg-type]

        server.routes["/lambat.xml"] = slow
        url = server.url("/lambat.xml")
        fill_store(paths.database, story_articles(), feed_url=url).close()
        config = offline_config(language="en", feeds=(FeedSpec(url=url),))
        app = KalbarApp(config, paths, clock=lambda: NOW, refresh=True)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.press("r")
            main = app.main
            await until(pilot, lambda: main.refresher.child_pid is not None, "the child")
            pid = main.refresher.child_pid
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            await until(pilot, lambda: refresh_errors(app), "the refresh's failure")
            said = refresh_errors(app)
            assert said == ["Refresh failed: refresh process exited with status -9"], said
            assert REPORT_IT not in main.status.build().plain
            assert "refresh error" in main.status.build().plain
            assert main.articles.count == 6 and app.is_running
            # The feeds screen says it too, above the feeds (no feed's own row does).
            await pilot.press("e")
            notes = [str(w.render()) for w in app.screen.query(".discovery-note")]
            assert notes == ["⚠ The last refresh failed: refresh process exited with status -9"]
            await pilot.press("escape")
            # The next refresh that works takes the note away.
            gate.set()
            await pilot.press("r")
            await until(pilot, lambda: main.articles.count == 7, "the next refresh's article")
            assert main.refresher.failure is None
            assert "refresh error" not in main.status.build().plain
    finally:
        server.stop()


async def test_a_refresh_on_a_full_disk_says_the_disk_is_full(
    paths: Paths, mount_tmpfs: Callable[..., Path]
) -> None:
    disk = mount_tmpfs(paths.data_dir)
    server = FeedServer().start()
    try:
        titles = [f"Kabar Kapuas nomor {n}: {'panjang ' * 200}" for n in range(9)]
        server.routes["/baru.xml"] = lambda h: send(h, 200, rss(*titles))
        url = server.url("/baru.xml")
        fill_store(paths.database, story_articles(), feed_url=url).close()
        config = offline_config(feeds=(FeedSpec(url=url),))  # in Indonesian
        app = KalbarApp(config, paths, clock=lambda: NOW, refresh=True)
        async with app.run_test(size=(140, 40)) as pilot:
            await pilot.pause()
            fill(disk, leave=0)
            await pilot.press("r")
            await until(pilot, lambda: refresh_errors(app), "the refresh's failure")
            said = refresh_errors(app)
            assert len(said) == 1, said
            assert said[0].startswith("Penyegaran gagal: "), said
            assert said[0].endswith("disk penuh"), said
            assert REPORT_IT not in said[0] and "laporkan" not in said[0]
            assert app.main.articles.count == 6 and app.is_running
    finally:
        server.stop()
