"""One refresh: fetch -> parse -> store for every configured feed. Used by the CLI and the reader alike.

The network work runs on an asyncio loop; parsing runs in a pool so the loop keeps
fetching; results are written in batches, a transaction per batch, never one per article.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hashlib
import os
import threading
import time
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from pathlib import Path

from kalbartui import discovery, landing
from kalbartui.config import Config
from kalbartui.discovery import DiscoveryStatus
from kalbartui.feeds import wordpress
from kalbartui.feeds.fetch import BACKOFF_SECONDS, Fetcher, FetchResult
from kalbartui.feeds.worker import leave_with_parent
from kalbartui.models import FeedResult, FeedSpec
from kalbartui.refresh_report import (
    FeedOutcome,
    Progress,
    ProgressCallback,
    RefreshCancelled,
    RefreshReport,
    is_offline,
)
from kalbartui.store import DatabaseError, Store, open_store

__all__ = [
    "FeedOutcome",
    "Progress",
    "ProgressCallback",
    "RefreshCancelled",
    "RefreshReport",
    "Refresher",
    "is_offline",
    "run_refresh",
]


def parse_deadline(config: Config) -> float:
    """Seconds one feed's parse may take: the fetch deadline, but never under 5 s."""
    return max(5.0, float(config.timeout_seconds))


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


# Feeds without new articles (304s, errors) whose rows the refresh itself writes in one
# transaction (at most a second later); new articles are written by the workers, one feed
# per transaction.
WRITE_BATCH_ARTICLES = 100
# Answers of a categories API that a site closed on purpose (security plugins do): not an
# error, the front feed's own terms become the categories.
NO_REST_API = (401, 403, 404, 410)
# The parent kills a worker at this many times the parse deadline (plus 5 s for the write and
# the one job queued ahead of it).
HARD_DEADLINE_FACTOR = 2


class _WorkerPool:
    """Parsing and writing are CPU work, and a hostile feed can make parsing slow: each new
    body goes to a worker process that parses it and writes it to the cache itself
    (`kalbartui.landing`), so the event loop keeps fetching, nothing parsed travels back, and
    a stuck parse can be killed.

    KALBARTUI_PARSE_PROCESSES=0 does the same in one thread instead (one process does
    everything, for measuring memory); the alarm in `parse_job` cannot fire there.
    """

    def __init__(self, jobs: int, db_path: Path, deadline: float = 0.0) -> None:
        self.jobs = jobs
        self.db_path = db_path
        self.deadline = deadline
        # Made on the first body (or by `warm`): a refresh where every feed answers 304
        # starts no processes. Made on a thread: starting the processes takes a few hundred
        # milliseconds that the event loop spends fetching instead.
        self.executor: concurrent.futures.Executor | None = None
        self._lock = threading.Lock()
        self.in_processes = os.environ.get("KALBARTUI_PARSE_PROCESSES", "1") != "0"
        self.workers = max(1, min(os.cpu_count() or 1, jobs)) if self.in_processes else 1
        # Jobs wait here, not in the executor's queue, so the hard deadline below counts a
        # job's own time in a worker and its wait behind about one job per worker (one queued
        # behind each running job keeps the workers busy while the loop is slow to answer).
        self._slots = asyncio.Semaphore(2 * self.workers)

    def _make(self) -> concurrent.futures.Executor:
        if self.in_processes:
            import multiprocessing

            # forkserver: forking a process that runs threads (the reader) is unsafe.
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["kalbartui.landing", "kalbartui.feeds.parse", "feedparser"])
            _start_forkserver()
            return concurrent.futures.ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=ctx,
                initializer=leave_with_parent,
                initargs=(os.getpid(),),
            )
        return concurrent.futures.ThreadPoolExecutor(max_workers=1)

    def _ensure(self) -> concurrent.futures.Executor:
        with self._lock:
            if self.executor is None:
                self.executor = self._make()
            return self.executor

    def warm(self) -> None:
        """Start the workers now (they import the parser and open the cache) instead of on the
        first body: for a refresh where most feeds are expected to bring new articles. Blocks:
        call it on a thread."""
        executor = self._ensure()
        for _ in range(self.workers):
            executor.submit(landing.warm, self.db_path)

    async def land(self, job: landing.Landing) -> landing.Landed | FeedResult:
        """What the worker stored, or (a worker killed before it could write) the feed's error
        as a row for the refresh to write."""
        async with self._slots:
            return await self._land(job)

    async def _land(self, job: landing.Landing) -> landing.Landed | FeedResult:
        from concurrent.futures.process import BrokenProcessPool

        loop = asyncio.get_running_loop()
        for attempt in range(3):
            executor = self.executor
            if executor is None:
                executor = await asyncio.to_thread(self._ensure)
            future = loop.run_in_executor(executor, landing.land, job)
            if not self.deadline or not isinstance(
                executor, concurrent.futures.ProcessPoolExecutor
            ):
                return await future
            try:
                # The worker's alarm fires at the parse deadline; this one is for a parse stuck
                # where no signal reaches it, with room for the write after it.
                return await asyncio.wait_for(future, HARD_DEADLINE_FACTOR * self.deadline + 5)
            except TimeoutError:
                self._kill(executor)
                error = f"parsing took longer than {self.deadline:g} s"
                return FeedResult(job.feed_id, error=error, new_url=job.new_url)
            except BrokenProcessPool:
                # Another feed's stuck parse took the pool down with it: try again in a new one
                # (a transaction cut off by the kill was rolled back by SQLite).
                with self._lock:
                    if self.executor is executor:
                        self.executor = None
                if attempt == 2:
                    error = "parsing was interrupted"
                    return FeedResult(job.feed_id, error=error, new_url=job.new_url)
        raise AssertionError("unreachable")

    def _kill(self, executor: concurrent.futures.ProcessPoolExecutor) -> None:
        """Terminate the pool's workers (the stuck one among them); the next job makes a new pool."""
        # ProcessPoolExecutor has no public way to stop a running call; its processes are known.
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.kill()
        executor.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            if self.executor is executor:
                self.executor = None

    def abandon(self) -> None:
        """Stop every job now: the refresh is over and nobody waits for their results."""
        with self._lock:
            executor, self.executor = self.executor, None
        if isinstance(executor, concurrent.futures.ProcessPoolExecutor):
            self._kill(executor)
        elif executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            executor, self.executor = self.executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


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
        pages: bool = False,
        write_batch_articles: int = WRITE_BATCH_ARTICLES,
        write_gap: float = 0.0,
    ) -> None:
        # Fetch article pages for summary-only feeds, after the feeds (`kalbartui refresh` does;
        # the reader runs them in a worker of their own, so its list never waits for them).
        self.pages = pages
        self.config = config
        self.db_path = db_path
        self.on_progress = on_progress
        self.clock = clock
        self.backoff = backoff
        # front feed URL -> (categories API URL, source name, sentence), filled by _plan
        self._discovery_failed: dict[str, tuple[str, str, str]] = {}
        self._no_rest_api: set[str] = set()  # sites whose REST API is absent or closed
        # The reader's refresh writes smaller transactions, with a gap after each (in the
        # workers too), so the reader's own writes (a star, a read mark) get in within a frame.
        self.write_batch_articles = write_batch_articles
        self.write_gap = write_gap

    async def run(self, feed_ids: Sequence[int] | None = None) -> RefreshReport:
        """Discover, fetch, parse and store; the report says what each feed came to."""
        if self.config.sync is not None:
            # With [sync] the server fetches the feeds; a refresh is a sync with it.
            from kalbartui.sync.engine import sync_as_refresh

            return await sync_as_refresh(self.config, self.db_path, self.on_progress, self.clock)
        report = RefreshReport(started=time.time())
        store = await asyncio.to_thread(open_store, self.db_path)
        try:
            async with Fetcher(
                timeout=self.config.timeout_seconds,
                max_concurrency=self.config.max_concurrency,
                max_bytes=self.config.max_feed_bytes,
                backoff=BACKOFF_SECONDS if self.backoff is None else self.backoff,
            ) as fetcher:
                self._discovery_failed = {}
                self._no_rest_api = set()
                specs, order, fallback = await self._plan(store, fetcher, report.discovery)
                ids = await asyncio.to_thread(store.sync_feeds, specs, order)
                discovered = [
                    FeedOutcome(ids[front], api, name, "error", error=error)
                    for front, (api, name, error) in self._discovery_failed.items()
                    if front in ids
                ]
                await self._refresh_feeds(store, fetcher, report, fallback, feed_ids, discovered)
                if self.pages:
                    from kalbartui.story import PageRunner

                    runner = PageRunner(store, fetcher, self.clock)
                    report.pages = await runner.after_refresh(self.config)
            if self.config.keep_days:
                await asyncio.to_thread(store.prune, self.config.keep_days, self.clock())
        finally:
            store.close()
        report.finished = time.time()
        return report

    # -------------------------------------------------------------- discovery

    async def _plan(
        self, store: Store, fetcher: Fetcher, statuses: list[DiscoveryStatus]
    ) -> tuple[list[FeedSpec], list[tuple[str, str]], dict[str, tuple[Sequence[str], int]]]:
        specs: list[FeedSpec] = []
        order: list[tuple[str, str]] = []
        fallback: dict[str, tuple[Sequence[str], int]] = {}  # front feed url -> (wanted, limit)
        now = self.clock().timestamp()
        for source in self.config.sources:
            key = discovery.meta_key(source.url)
            stored = store.get_meta(key)
            cached = wordpress.decode_discovery(stored)
            fresh = cached is not None and now - cached[0] < (
                wordpress.DISCOVERY_MAX_AGE if cached[1] else wordpress.DISCOVERY_RETRY
            )
            failed_now = False  # discovery was tried this refresh and broke (not merely absent)
            if fresh and cached is not None:
                ok, found = cached[1], cached[2]
                error = "" if ok else wordpress.discovery_error(store.get_meta(key))
            else:
                ok, found, error = await self._discover(fetcher, source.url)
                failed_now = bool(error) and source.url not in self._no_rest_api
                if not ok and cached is not None and cached[1]:
                    ok, found = True, cached[2]  # keep yesterday's categories through an outage
                stored = wordpress.encode_discovery(now, ok, found, error)
                await asyncio.to_thread(store.set_meta, key, stored)
            if failed_now:
                # Discovery fails like a feed: one sentence in the refresh's outcomes (and so
                # in `kalbartui refresh` and the reader), kept on the site's front feed. A site
                # that simply has no public REST API only gets the fallback note.
                self._discovery_failed[wordpress.front_feed_url(source.url)] = (
                    wordpress.categories_api_url(source.url),
                    source.name,
                    f"category discovery failed: {error}",
                )
            status = discovery.status_for(source, stored)
            if status is not None:
                statuses.append(status)
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
        specs.extend(self.config.feeds)  # [[sources]] are expanded by discovery
        return specs, order, fallback

    async def _discover(
        self, fetcher: Fetcher, site_url: str
    ) -> tuple[bool, list[wordpress.WpCategory], str]:
        """(worked, categories, the error in one sentence); never raises, whatever the site says."""
        try:
            return await self._discover_or_raise(fetcher, site_url)
        except Exception:  # noqa: BLE001 - one site's surprise must not stop the refresh
            return False, [], "the categories API's answer could not be read"

    async def _discover_or_raise(
        self, fetcher: Fetcher, site_url: str
    ) -> tuple[bool, list[wordpress.WpCategory], str]:
        result = await fetcher.fetch(
            wordpress.categories_api_url(site_url), accept="application/json"
        )
        if result.status != "ok":
            if result.http_status in NO_REST_API:
                # A site without a public REST API: its terms will do, and the note says why.
                self._no_rest_api.add(site_url)
            return False, [], result.error or "no answer"
        try:
            cats = await asyncio.to_thread(wordpress.parse_categories, result.body)
        except ValueError as exc:
            if result.body[:512].lstrip().startswith(b"<"):
                # An HTML page (a login form, a plugin's notice) where the API would be: the
                # site keeps its API closed, as with a 403; its terms will do.
                self._no_rest_api.add(site_url)
            return False, [], str(exc)
        return (bool(cats), cats, "" if cats else "no categories")

    # -------------------------------------------------------------- feeds

    async def _refresh_feeds(
        self,
        store: Store,
        fetcher: Fetcher,
        report: RefreshReport,
        fallback: dict[str, tuple[Sequence[str], int]],
        feed_ids: Sequence[int] | None,
        discovery: Sequence[FeedOutcome] = (),
    ) -> None:
        feeds = await asyncio.to_thread(store.feeds)
        if feed_ids is not None:
            wanted = set(feed_ids)
            feeds = [f for f in feeds if f.id in wanted]
            discovery = [d for d in discovery if d.feed_id in wanted]
        total = len(feeds) + len(discovery)
        now = self.clock()
        done = 0
        # What each fetch came to: stored by a worker (Landed), to be stored here (a 304, an
        # error: small rows, batched), or the cache failing (raised once it is taken).
        queue: asyncio.Queue[tuple[landing.Landed | FeedResult | BaseException, str, str]] = (
            asyncio.Queue()
        )
        pool = _WorkerPool(total, self.db_path, parse_deadline(self.config))
        hashes = await asyncio.to_thread(store.body_hashes)
        sources = {f.id: f.source for f in feeds}

        def emit(outcome: FeedOutcome) -> None:
            nonlocal done
            done += 1
            report.outcomes.append(outcome)
            if self.on_progress is not None:
                self.on_progress(Progress(done, total, outcome))

        if self.on_progress is not None:
            self.on_progress(Progress(0, total))
        for failed in discovery:
            emit(failed)

        async def one(feed_id: int, url: str, name: str, etag: str, last_modified: str) -> None:
            item: landing.Landed | FeedResult | BaseException
            try:
                fetched = await fetcher.fetch(url, etag, last_modified)
                plan = fallback.get(url)
                extra = (sources.get(feed_id, ""), tuple(plan[0]), plan[1]) if plan else None
                item = await self._land(pool, feed_id, fetched, hashes.get(feed_id, ""), extra)
            except DatabaseError as exc:
                item = exc
            except Exception:  # noqa: BLE001 - one feed's surprise must not stop the others
                # One sentence: the exception's text may quote the feed itself, and means
                # nothing to a reader.
                item = FeedResult(feed_id, error="kalbartui could not handle this feed's answer")
            await queue.put((item, url, name))

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
        warming: asyncio.Future[None] | None = None
        if any(not (f.etag or f.last_modified or f.id in hashes) for f in feeds):
            # Feeds never fetched before bring whole feeds of new articles: start the workers
            # (their imports, the cache opened) while the first requests are on their way.
            warming = asyncio.get_running_loop().run_in_executor(None, pool.warm)
        expected = len(pending)
        taken = 0
        # Rows of feeds without new articles (304s, errors): nothing on screen waits for them,
        # so they are written together, when enough have gathered, a second after the last
        # write, and at the end, instead of a transaction (and a thread hop) for each few.
        rows: list[FeedResult] = []
        flushed = time.monotonic()

        async def flush() -> None:
            nonlocal rows, flushed
            if rows:
                batch, rows = rows, []
                await asyncio.to_thread(store.save_results, batch, self.clock())
                if self.write_gap:
                    await asyncio.sleep(self.write_gap)
            flushed = time.monotonic()

        try:
            while taken < expected:
                # What has arrived; a worker already stored what it landed.
                batch = [await queue.get()]
                while not queue.empty():
                    batch.append(queue.get_nowait())
                taken += len(batch)
                for item, _url, _name in batch:
                    if isinstance(item, BaseException):
                        raise item
                for item, url, name in batch:
                    assert not isinstance(item, BaseException)
                    if isinstance(item, FeedResult):
                        rows.append(item)
                    emit(_outcome(item, url, name))
                if len(rows) >= self.write_batch_articles or time.monotonic() - flushed > 1.0:
                    await flush()
            await flush()
            # The site's front feed carries its discovery error on the feeds screen, unless its
            # own fetch failed (that error is the one to fix first).
            own_errors = {o.feed_id for o in report.outcomes[len(discovery) :] if o.error}
            for failed in discovery:
                if failed.feed_id not in own_errors:
                    await asyncio.to_thread(store.note_feed_error, failed.feed_id, failed.error)
        except BaseException:
            # Cancelled (the reader is quitting) or failed: jobs still running are of no use
            # now, so their workers are stopped rather than waited for.
            pool.abandon()
            raise
        finally:
            for task in pending:
                task.cancel()
            if warming is not None:
                with contextlib.suppress(Exception):
                    await warming  # a pool being started is closed, not left behind
            await asyncio.to_thread(pool.close)

    async def _land(
        self,
        pool: _WorkerPool,
        feed_id: int,
        fetched: FetchResult,
        last_hash: str = "",
        fallback: tuple[str, tuple[str, ...], int] | None = None,
    ) -> landing.Landed | FeedResult:
        if fetched.status == "error":
            return FeedResult(
                feed_id,
                error=fetched.error,
                retry_after=fetched.retry_after,
                new_url=fetched.permanent_url,
            )
        if fetched.status == "not_modified":
            return FeedResult(feed_id, not_modified=True, new_url=fetched.permanent_url)
        # The same bytes as last time are the same feed, whatever the validators said (a
        # server that ignores them, a proxy that rewrites them): no parse and no write.
        digest = hashlib.sha256(fetched.body).hexdigest()
        if digest == last_hash:
            return FeedResult(feed_id, not_modified=True, new_url=fetched.permanent_url)
        return await pool.land(
            landing.Landing(
                self.db_path,
                feed_id,
                fetched.body,
                fetched.final_url or fetched.url,
                fetched.content_type,
                self.clock(),
                etag=fetched.etag,
                last_modified=fetched.last_modified,
                new_url=fetched.permanent_url,
                body_hash=digest,
                deadline=pool.deadline,
                fallback=fallback,
                write_gap=self.write_gap,
            )
        )


def _outcome(item: landing.Landed | FeedResult, url: str, name: str) -> FeedOutcome:
    """One feed's line in the report."""
    if item.error:
        return FeedOutcome(item.feed_id, url, name, "error", error=item.error)
    if isinstance(item, FeedResult):
        return FeedOutcome(item.feed_id, url, name, "unchanged")
    return FeedOutcome(item.feed_id, url, name, "new", new=item.new)


def run_refresh(
    config: Config,
    db_path: Path,
    on_progress: ProgressCallback | None = None,
    feed_ids: Sequence[int] | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    backoff: tuple[float, ...] | None = None,
    pages: bool = False,
) -> RefreshReport:
    """Blocking refresh on a private event loop: `kalbartui refresh` and the reader's worker.

    `cancelled` is polled while the refresh runs; once it answers True the fetches stop
    and RefreshCancelled is raised, rather than waiting out a feed's timeout.
    """
    refresher = Refresher(
        config, db_path, on_progress=on_progress, clock=clock, backoff=backoff, pages=pages
    )
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
