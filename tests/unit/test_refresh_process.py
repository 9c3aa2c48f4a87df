"""The refresh in a child process, as the reader runs it: same report as in-process, progress
per feed, failures as one line, cancel ends the child."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kalbartui.config import Config
from kalbartui.models import FeedSpec
from kalbartui.refresh.child import RefreshProcessError, run_in_child
from kalbartui.refresh.report import Progress, RefreshCancelled
from kalbartui.store import open_store
from tests.feedserver import FeedServer, feed_route

DATA = Path(__file__).resolve().parents[1] / "data"


def _config(*urls: str) -> Config:
    return Config(
        language="id",
        refresh_interval_minutes=0,
        sources=(),
        feeds=tuple(FeedSpec(url=u) for u in urls),
    )


def test_a_refresh_in_a_child_process_stores_and_reports_each_feed(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/pontianak/feed/"] = feed_route((DATA / "wp_pontianak.xml").read_bytes())
    feed_server.routes["/kubu-raya/feed/"] = feed_route((DATA / "wp_kubu_raya.xml").read_bytes())
    urls = [feed_server.url("/pontianak/feed/"), feed_server.url("/kubu-raya/feed/")]
    db = tmp_path / "kalbartui.sqlite3"
    seen: list[Progress] = []
    pids: list[int] = []
    report = run_in_child(_config(*urls), db, seen.append, on_start=pids.append)
    assert report.failed == []
    assert {o.url for o in report.outcomes} == set(urls)
    landed = [p.outcome for p in seen if p.outcome is not None]
    assert sorted(o.url for o in landed) == sorted(urls)
    assert seen[-1].done == seen[-1].total == 2
    store = open_store(db)
    try:
        assert store.totals()["all"] == report.new_total > 0
    finally:
        store.close()
    assert pids and not Path(f"/proc/{pids[0]}").exists()


def test_a_child_that_cannot_open_the_cache_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan direktori")
    with pytest.raises(RefreshProcessError) as caught:
        run_in_child(_config(), blocker / "kalbartui.sqlite3")
    assert "\n" not in str(caught.value)
    assert str(caught.value)


def test_cancel_stops_the_child(feed_server: FeedServer, tmp_path: Path) -> None:
    gate = threading.Event()

    def hang(handler) -> None:  # noqa: ANN001
        gate.wait(120)

    feed_server.routes["/lambat/feed/"] = hang
    pids: list[int] = []
    try:
        with pytest.raises(RefreshCancelled):
            run_in_child(
                _config(feed_server.url("/lambat/feed/")),
                tmp_path / "kalbartui.sqlite3",
                cancelled=lambda: feed_server.count("/lambat/feed/") > 0,
                on_start=pids.append,
            )
    finally:
        gate.set()
    assert pids and not Path(f"/proc/{pids[0]}").exists()
