"""One refresh: fetch -> parse -> store for every configured feed. Used by the CLI and the reader alike.

The network work runs on an asyncio loop; parsing runs in a pool so the loop keeps
fetching; results are written in batches, a transaction per batch, never one per article.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import time
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from pathlib import Path

from kalbartui.config import Config
from kalbartui.feeds import wordpress
from kalbartui.feeds.fetch import BACKOFF_SECONDS, Fetcher, FetchResult
from kalbartui.models import FeedResult, FeedSpec, ParsedFeed
from kalbartui.refresh_report import (
    FeedOutcome,
    Progress,
    ProgressCallback,
    RefreshCancelled,
    RefreshReport,
    is_offline,
)
from kalbartui.store import Store, open_store
from kalbartui.text import clean_line

__all__ = [
    "FeedOutcome",
    "Progress",
    "ProgressCallback",
    "RefreshCancelled",
    "RefreshReport",
    "Refresher",
    "config_feeds",
    "is_offline",
    "run_refresh",
]


def config_feeds(config: Config) -> list[FeedSpec]:
    """The [[feeds]] entries as specs; [[sources]] are expanded by discovery."""
    return [
        FeedSpec(url=f.url, category=f.category, name=f.name, source=f.source) for f in config.feeds
    ]


def _parse_job(
    body: bytes, url: str, now: datetime, content_type: str
) -> tuple[ParsedFeed, tuple[str, ...]]:
    """Parse a feed, and make the plain text that search indexes while still on this core."""
    from kalbartui.feeds.parse import parse_feed
    from kalbartui.models import body_text

    parsed = parse_feed(body, url, now, content_type)
    return parsed, tuple(body_text(a) for a in parsed.articles)


def _start_forkserver() -> None:
    """Start multiprocessing's helpers with a real stderr.

    Inside the reader, Textual swaps sys.stderr for an object whose fileno() is -1; the
    resource tracker passes that number to its child and every parse then fails with
    "bad value(s) in fds_to_keep". Both helpers start once and serve every later refresh.
    """
    import multiprocessing.forkserver
    import sys

    err = sys.stderr
    try:
        usable = err is not None and err.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if not usable and sys.__stderr__ is not None:
        sys.stderr = sys.__stderr__
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        sys.stderr = err


def _leave_with_parent(parent: int) -> None:
    """Parse-worker initializer: exit once the refresh that owns the pool is gone.

    A worker waits on its call queue, whose write end it holds itself, so it never sees the
    queue close: a refresh killed with SIGKILL (cron's timeout, the OOM killer) would leave its
    workers, and the forkserver above them, running for ever.
    """
    import threading

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # the number now belongs to another user's process
                os._exit(0)

    threading.Thread(target=watch, name="kalbartui-parent-watch", daemon=True).start()


# Articles per write transaction: tens of milliseconds of writing on a 2-core machine, so
# a write from the reader (marking an article read) never waits long behind a refresh.
WRITE_BATCH_ARTICLES = 100


def _article_count(res: FeedResult) -> int:
    return len(res.parsed.articles) if res.parsed is not None else 0


class _ParsePool:
    """Parsing is CPU work: a process pool when there is a lot of it and more than one core."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        # Made on the first body: a refresh where every feed answers 304 starts no processes.
        self.executor: concurrent.futures.Executor | None = None

    def _make(self) -> concurrent.futures.Executor:
        cores = os.cpu_count() or 1
        if self.jobs >= 8 and cores > 1 and os.environ.get("KALBARTUI_PARSE_PROCESSES", "1") != "0":
            import multiprocessing

            # forkserver: forking a process that runs threads (the reader) is unsafe.
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["kalbartui.feeds.parse", "kalbartui.models"])
            _start_forkserver()
            return concurrent.futures.ProcessPoolExecutor(
                max_workers=cores,
                mp_context=ctx,
                initializer=_leave_with_parent,
                initargs=(os.getpid(),),
            )
        return concurrent.futures.ThreadPoolExecutor(max_workers=1)

    async def parse(
        self, body: bytes, url: str, now: datetime, content_type: str
    ) -> tuple[ParsedFeed, tuple[str, ...]]:
        if self.executor is None:
            self.executor = self._make()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, _parse_job, body, url, now, content_type)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)


class Refresher:
    """Refreshes every configured feed into the cache at db_path."""

    def __init__(
        self,
        config: Config,
        db_path: Path,
        *,
        on_progress: ProgressCallback | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        backoff: tuple[float, ...] | None = None,
        write_batch_articles: int = WRITE_BATCH_ARTICLES,
        write_gap: float = 0.0,
    ) -> None:
        self.config = config
        self.db_path = db_path
        self.on_progress = on_progress
        self.clock = clock
        self.backoff = backoff
        # The reader's refresh writes smaller transactions, with a gap after each, so the
        # reader's own writes (a star, a read mark) get in within a frame.
        self.write_batch_articles = write_batch_articles
        self.write_gap = write_gap

    async def run(self, feed_ids: Sequence[int] | None = None) -> RefreshReport:
        """Discover, fetch, parse and store; the report says what each feed came to."""
        report = RefreshReport(started=time.time())
        store = await asyncio.to_thread(open_store, self.db_path)
        try:
            async with Fetcher(
                timeout=self.config.timeout_seconds,
                max_concurrency=self.config.max_concurrency,
                max_bytes=self.config.max_feed_bytes,
                backoff=BACKOFF_SECONDS if self.backoff is None else self.backoff,
            ) as fetcher:
                specs, order, fallback = await self._plan(store, fetcher)
                await asyncio.to_thread(store.sync_feeds, specs, order)
                await self._refresh_feeds(store, fetcher, report, fallback, feed_ids)
            if self.config.keep_days:
                await asyncio.to_thread(store.prune, self.config.keep_days, self.clock())
        finally:
            store.close()
        report.finished = time.time()
        return report

    # -------------------------------------------------------------- discovery

    async def _plan(
        self, store: Store, fetcher: Fetcher
    ) -> tuple[list[FeedSpec], list[tuple[str, str]], dict[str, tuple[Sequence[str], int]]]:
        specs: list[FeedSpec] = []
        order: list[tuple[str, str]] = []
        fallback: dict[str, tuple[Sequence[str], int]] = {}  # front feed url -> (wanted, limit)
        now = self.clock().timestamp()
        for source in self.config.sources:
            key = f"wp-discovery:{source.url}"
            cached = wordpress.decode_discovery(store.get_meta(key))
            fresh = cached is not None and now - cached[0] < (
                wordpress.DISCOVERY_MAX_AGE if cached[1] else wordpress.DISCOVERY_RETRY
            )
            if fresh and cached is not None:
                ok, found = cached[1], cached[2]
            else:
                ok, found, error = await self._discover(fetcher, source.url)
                if not ok and cached is not None and cached[1]:
                    ok, found = True, cached[2]  # keep yesterday's categories through an outage
                await asyncio.to_thread(
                    store.set_meta, key, wordpress.encode_discovery(now, ok, found, error)
                )
            chosen = (
                wordpress.choose_categories(found, source.categories, source.max_categories)
                if ok
                else []
            )
            if ok and chosen:
                specs.extend(wordpress.feed_specs(source.name, source.url, chosen))
                order.extend((source.name, c.name) for c in chosen)
            else:
                front = wordpress.feed_specs(source.name, source.url, [])
                specs.extend(front)
                fallback[front[0].url] = (source.categories, source.max_categories)
        specs.extend(config_feeds(self.config))
        return specs, order, fallback

    async def _discover(
        self, fetcher: Fetcher, site_url: str
    ) -> tuple[bool, list[wordpress.WpCategory], str]:
        result = await fetcher.fetch(
            wordpress.categories_api_url(site_url), accept="application/json"
        )
        if result.status != "ok":
            return False, [], result.error or "no answer"
        try:
            cats = await asyncio.to_thread(wordpress.parse_categories, result.body)
        except ValueError as exc:
            return False, [], f"categories API: {exc}"
        return (bool(cats), cats, "" if cats else "no categories")

    # -------------------------------------------------------------- feeds

    async def _refresh_feeds(
        self,
        store: Store,
        fetcher: Fetcher,
        report: RefreshReport,
        fallback: dict[str, tuple[Sequence[str], int]],
        feed_ids: Sequence[int] | None,
    ) -> None:
        feeds = await asyncio.to_thread(store.feeds)
        if feed_ids is not None:
            wanted = set(feed_ids)
            feeds = [f for f in feeds if f.id in wanted]
        total = len(feeds)
        now = self.clock()
        done = 0
        queue: asyncio.Queue[tuple[FeedResult, str, str]] = asyncio.Queue()
        pool = _ParsePool(total)

        def emit(outcome: FeedOutcome) -> None:
            nonlocal done
            done += 1
            report.outcomes.append(outcome)
            if self.on_progress is not None:
                self.on_progress(Progress(done, total, outcome))

        if self.on_progress is not None:
            self.on_progress(Progress(0, total))

        async def one(feed_id: int, url: str, name: str, etag: str, last_modified: str) -> None:
            try:
                fetched = await fetcher.fetch(url, etag, last_modified)
                res = await self._to_result(pool, feed_id, fetched)
            except Exception as exc:  # noqa: BLE001 - one feed's surprise must not stop the others
                # One clean line: the exception's text may quote the feed itself.
                res = FeedResult(
                    feed_id, error=clean_line(f"unexpected error: {type(exc).__name__}: {exc}", 300)
                )
            await queue.put((res, url, name))

        pending: list[asyncio.Task[None]] = []
        for feed in feeds:
            if feed.retry_after is not None and feed.retry_after > now:
                local = feed.retry_after.astimezone().strftime("%H:%M")
                emit(
                    FeedOutcome(
                        feed.id,
                        feed.url,
                        feed.display_name,
                        "waiting",
                        error=f"server asked to wait until {local}",
                    )
                )
                continue
            pending.append(
                asyncio.create_task(
                    one(feed.id, feed.url, feed.display_name, feed.etag, feed.last_modified)
                )
            )
        writer_total = len(pending)
        written = 0
        try:
            while written < writer_total:
                # Take what has arrived, one transaction per batch, but keep each transaction
                # short: the reader's own writes (marking an article read) wait for it.
                batch = [await queue.get()]
                size = _article_count(batch[0][0])
                while not queue.empty() and size < self.write_batch_articles:
                    batch.append(queue.get_nowait())
                    size += _article_count(batch[-1][0])
                for res, url, _name in batch:
                    if url in fallback and res.parsed is not None:
                        slugs, limit = fallback[url]
                        names = wordpress.terms_as_categories(res.parsed, slugs, limit)
                        source = next((f.source for f in feeds if f.id == res.feed_id), "")
                        await asyncio.to_thread(store.ensure_categories, source, names)
                counts = await asyncio.to_thread(
                    store.save_results, [b[0] for b in batch], self.clock()
                )
                if self.write_gap:
                    await asyncio.sleep(self.write_gap)
                for res, url, name in batch:
                    written += 1
                    if res.error:
                        emit(FeedOutcome(res.feed_id, url, name, "error", error=res.error))
                    elif res.not_modified:
                        emit(FeedOutcome(res.feed_id, url, name, "unchanged"))
                    else:
                        emit(
                            FeedOutcome(
                                res.feed_id, url, name, "new", new=counts.get(res.feed_id, 0)
                            )
                        )
        finally:
            for task in pending:
                task.cancel()
            await asyncio.to_thread(pool.close)

    async def _to_result(self, pool: _ParsePool, feed_id: int, fetched: FetchResult) -> FeedResult:
        if fetched.status == "error":
            return FeedResult(
                feed_id,
                error=fetched.error,
                retry_after=fetched.retry_after,
                new_url=fetched.permanent_url,
            )
        if fetched.status == "not_modified":
            return FeedResult(feed_id, not_modified=True, new_url=fetched.permanent_url)
        from kalbartui.feeds.parse import FeedParseError

        try:
            parsed, texts = await pool.parse(
                fetched.body, fetched.final_url or fetched.url, self.clock(), fetched.content_type
            )
        except FeedParseError as exc:
            return FeedResult(feed_id, error=str(exc), new_url=fetched.permanent_url)
        return FeedResult(
            feed_id,
            parsed=parsed,
            body_texts=texts,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            new_url=fetched.permanent_url,
        )


def run_refresh(
    config: Config,
    db_path: Path,
    on_progress: ProgressCallback | None = None,
    feed_ids: Sequence[int] | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    backoff: tuple[float, ...] | None = None,
) -> RefreshReport:
    """Blocking refresh on a private event loop: `kalbartui refresh` and the reader's worker.

    `cancelled` is polled while the refresh runs; once it answers True the fetches stop
    and RefreshCancelled is raised, rather than waiting out a feed's timeout.
    """
    refresher = Refresher(config, db_path, on_progress=on_progress, clock=clock, backoff=backoff)
    if cancelled is None:
        return asyncio.run(refresher.run(feed_ids))
    return asyncio.run(_supervise(refresher.run(feed_ids), cancelled))


async def _supervise(
    run: Coroutine[object, object, RefreshReport], cancelled: Callable[[], bool]
) -> RefreshReport:
    task = asyncio.ensure_future(run)
    while not task.done():
        await asyncio.wait({task}, timeout=0.1)
        if cancelled() and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            raise RefreshCancelled
    return task.result()
