"""A refresh, whichever way it runs: the feeds fetched here, or, with `[sync]`, a sync with the
server that fetches them. The one place that decides; the CLI (through the core) and the
reader's refresh process both come here.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from kalbartui.config import Config
from kalbartui.refresh.report import (
    FeedOutcome,
    Progress,
    ProgressCallback,
    RefreshCancelled,
    RefreshReport,
)
from kalbartui.refresh.runner import WRITE_BATCH_ARTICLES, Refresher
from kalbartui.tasks import run_cancellable

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


async def refresh_or_sync(
    config: Config,
    db_path: Path,
    *,
    on_progress: ProgressCallback | None = None,
    feed_ids: Sequence[int] | None = None,
    clock: Clock = _now,
    backoff: tuple[float, ...] | None = None,
    pages: bool = False,
    on_feeds_done: Callable[[RefreshReport], None] | None = None,
    write_batch_articles: int = WRITE_BATCH_ARTICLES,
    write_gap: float = 0.0,
    due: bool = False,
) -> RefreshReport:
    """Refresh the cache at `db_path`: every configured feed (or `feed_ids`; with `due`, only
    those whose own interval has passed), then, with `pages`, the pages of summary-only
    articles (`on_feeds_done` hears of the feeds before them); with `[sync]`, a sync instead."""
    if config.sync is not None:
        return await _sync(config, db_path, on_progress, clock)
    refresher = Refresher(
        config,
        db_path,
        on_progress=on_progress,
        clock=clock,
        backoff=backoff,
        pages=pages,
        on_feeds_done=on_feeds_done,
        write_batch_articles=write_batch_articles,
        write_gap=write_gap,
    )
    return await refresher.run(feed_ids, due=due)


def run_refresh(
    config: Config,
    db_path: Path,
    on_progress: ProgressCallback | None = None,
    feed_ids: Sequence[int] | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
    clock: Clock = _now,
    backoff: tuple[float, ...] | None = None,
    pages: bool = False,
    due: bool = False,
) -> RefreshReport:
    """`refresh_or_sync`, blocking, on a private event loop.

    `cancelled` is polled while the refresh runs; once it answers True the fetches stop
    and RefreshCancelled is raised, rather than waiting out a feed's timeout.
    """
    work = refresh_or_sync(
        config,
        db_path,
        on_progress=on_progress,
        feed_ids=feed_ids,
        clock=clock,
        backoff=backoff,
        pages=pages,
        due=due,
    )
    try:
        return run_cancellable(work, cancelled)
    except asyncio.CancelledError:
        raise RefreshCancelled from None


async def _sync(
    config: Config, db_path: Path, on_progress: ProgressCallback | None, clock: Clock
) -> RefreshReport:
    """A sync in the shape of a refresh report, in a thread; cancelling (the reader quits,
    or its refresh process sees the reader gone) sets the thread's stop flag, which the sync
    looks at before every request, in every loop and while a request is in flight. (The
    thread cannot be cancelled; asyncio.run waits for it at exit, so a sync that never looked
    at the flag kept its process alive, sending, after the reader was killed.)

    Offline is a failed outcome (the reader says "offline"); any other failure, such as a
    refused password, is raised as SyncError.
    """
    from kalbartui.sync.engine import run_sync
    from kalbartui.sync.greader import SyncError
    from kalbartui.sync.report import SyncStep

    assert config.sync is not None
    url = config.sync.bare_url  # shown: never with a user name or password in it
    stop = threading.Event()

    def step(s: SyncStep) -> None:
        if on_progress is not None:
            on_progress(Progress(s.done, s.total, line=s.line))

    try:
        report = await asyncio.to_thread(run_sync, config, db_path, step, clock, stop)
    except asyncio.CancelledError:
        stop.set()
        raise
    if report.error and not report.offline:
        raise SyncError(report.error)
    if report.offline:
        outcome = FeedOutcome(0, url, "sync", "error", error=report.error)
    else:
        outcome = FeedOutcome(
            0,
            url,
            "sync",
            "new" if report.new else "unchanged",
            new=report.new,
            alerts=tuple(report.alerts),
        )
    return RefreshReport(
        outcomes=[outcome], started=report.started, finished=report.finished, sync=report
    )
