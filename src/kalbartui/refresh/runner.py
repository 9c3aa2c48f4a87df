"""One refresh: fetch -> parse -> store for every configured feed. Used by the CLI and the reader alike.

The network work runs on an asyncio loop; parsing runs in a pool so the loop keeps
fetching; results are written in batches, a transaction per batch, never one per article.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from kalbartui.config import Config
from kalbartui.feeds.fetch import BACKOFF_SECONDS, Fetcher, FetchResult
from kalbartui.models import FeedResult
from kalbartui.problems import Problem
from kalbartui.refresh import worker
from kalbartui.refresh.due import due_feeds
from kalbartui.refresh.plan import make_plan
from kalbartui.refresh.pool import WorkerPool
from kalbartui.refresh.report import (
    FeedOutcome,
    Progress,
    ProgressCallback,
    RefreshCancelled,
    RefreshReport,
)
from kalbartui.store import DatabaseError, Store, open_store
from kalbartui.tasks import run_cancellable


def parse_deadline(config: Config) -> float:
    """Seconds one feed's parse may take: the fetch deadline, but never under 5 s."""
    return max(5.0, float(config.timeout_seconds))


# Feeds without new articles (304s, errors) whose rows the refresh itself writes in one
# transaction (at most a second later); new articles are written by the workers, one feed
# per transaction.
WRITE_BATCH_ARTICLES = 100


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
        on_feeds_done: Callable[[RefreshReport], None] | None = None,
        write_batch_articles: int = WRITE_BATCH_ARTICLES,
        write_gap: float = 0.0,
    ) -> None:
        # Fetch article pages for summary-only feeds, after the feeds; `on_feeds_done` hears
        # of the feeds first (the reader shows them while the pages come).
        self.pages = pages
        self.on_feeds_done = on_feeds_done
        self.config = config
        self.db_path = db_path
        self.on_progress = on_progress
        self.clock = clock
        self.backoff = backoff
        # The reader's refresh writes smaller transactions, with a gap after each (in the
        # workers too), so the reader's own writes (a star, a read mark) get in within a frame.
        self.write_batch_articles = write_batch_articles
        self.write_gap = write_gap

    async def run(
        self, feed_ids: Sequence[int] | None = None, *, due: bool = False
    ) -> RefreshReport:
        """Discover, fetch, parse and store; the report says what each feed came to.
        `feed_ids`: only these feeds; `due`: only those whose own interval has passed."""
        report = RefreshReport(started=time.time())
        store = await asyncio.to_thread(open_store, self.db_path)
        try:
            async with Fetcher(
                timeout=self.config.timeout_seconds,
                max_concurrency=self.config.max_concurrency,
                max_bytes=self.config.max_feed_bytes,
                backoff=BACKOFF_SECONDS if self.backoff is None else self.backoff,
            ) as fetcher:
                plan = await make_plan(self.config, store, fetcher, self.clock())
                report.discovery.extend(plan.statuses)
                ids = await asyncio.to_thread(store.sync_feeds, plan.specs, plan.order)
                discovered = [
                    FeedOutcome(ids[front], api, name, "error", error=error)
                    for front, (api, name, error) in plan.discovery_failed.items()
                    if front in ids
                ]
                await self._refresh_feeds(
                    store, fetcher, report, plan.fallback, feed_ids, discovered, due=due
                )
                if self.on_feeds_done is not None:
                    report.finished = time.time()
                    self.on_feeds_done(report)
                if self.pages and not report.offline:
                    from kalbartui.story.pages import PageRunner

                    runner = PageRunner(store, fetcher, self.clock, self.config)
                    report.pages = await runner.after_refresh(self.config)
                if not report.offline and self.config.sources:
                    from kalbartui.refresh.authors import authors_pass

                    # Each WordPress source's authors, once each: the author's box.
                    report.authors_found = await authors_pass(
                        self.config, store, fetcher, self.clock().timestamp()
                    )
            # Each feed's own keep_days (stored by sync_feeds), else the global one.
            await asyncio.to_thread(store.prune, self.config.keep_days, self.clock())
        finally:
            store.close()
        report.finished = time.time()
        return report

    # -------------------------------------------------------------- feeds

    async def _refresh_feeds(
        self,
        store: Store,
        fetcher: Fetcher,
        report: RefreshReport,
        fallback: dict[str, tuple[Sequence[str], int]],
        feed_ids: Sequence[int] | None,
        discovery: Sequence[FeedOutcome] = (),
        *,
        due: bool = False,
    ) -> None:
        feeds = await asyncio.to_thread(store.feeds)
        now = self.clock()
        if feed_ids is not None or due:
            wanted = {f.id for f in feeds} if feed_ids is None else set(feed_ids)
            if due:
                wanted &= {f.id for f in due_feeds(self.config, feeds, now)}
            feeds = [f for f in feeds if f.id in wanted]
            discovery = [d for d in discovery if d.feed_id in wanted]
        # Progress counts feeds: a site's failed category discovery is said (an outcome of its
        # front feed), but is no step of its own.
        total = len(feeds)
        done = 0
        # What each fetch came to: stored by a worker (Landed), to be stored here (a 304, an
        # error: small rows, batched), or the cache failing (raised once it is taken).
        queue: asyncio.Queue[tuple[worker.Landed | FeedResult | BaseException, str, str]] = (
            asyncio.Queue()
        )
        pool = WorkerPool(total, self.db_path, parse_deadline(self.config))
        hashes = await asyncio.to_thread(store.body_hashes)
        sources = {f.id: f.source for f in feeds}
        agents = {f.id: self.config.settings_for(f.url, f.source).user_agent for f in feeds}

        def emit(outcome: FeedOutcome, step: bool = True) -> None:
            nonlocal done
            done += step
            report.outcomes.append(outcome)
            if self.on_progress is not None:
                self.on_progress(Progress(done, total, outcome))

        if self.on_progress is not None:
            self.on_progress(Progress(0, total))
        for failed in discovery:
            emit(failed, step=False)

        async def one(feed_id: int, url: str, name: str, etag: str, last_modified: str) -> None:
            item: worker.Landed | FeedResult | BaseException
            try:
                fetched = await fetcher.fetch(
                    url, etag, last_modified, user_agent=agents.get(feed_id, "")
                )
                plan = fallback.get(url)
                extra = (sources.get(feed_id, ""), tuple(plan[0]), plan[1]) if plan else None
                item = await self._land(pool, feed_id, fetched, hashes.get(feed_id, ""), extra)
            except DatabaseError as exc:
                item = exc
            except Exception:  # noqa: BLE001 - one feed's surprise must not stop the others
                # One sentence: the exception's text may quote the feed itself, and means
                # nothing to a reader.
                item = FeedResult(feed_id, error=Problem.of("feed.unhandled"))
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
                        error=Problem.of("feed.wait", time=local),
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
            pool.start_helpers()
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
                if failed.feed_id not in own_errors and failed.error is not None:
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
        pool: WorkerPool,
        feed_id: int,
        fetched: FetchResult,
        last_hash: str = "",
        fallback: tuple[str, tuple[str, ...], int] | None = None,
    ) -> worker.Landed | FeedResult:
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
            worker.Landing(
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
                alerts=self.config.alerts,
                rules=self.config.rules,
                timezone=self.config.timezone,
            )
        )


def _outcome(item: worker.Landed | FeedResult, url: str, name: str) -> FeedOutcome:
    """One feed's line in the report."""
    if item.error:
        return FeedOutcome(item.feed_id, url, name, "error", error=item.error)
    if isinstance(item, FeedResult):
        return FeedOutcome(item.feed_id, url, name, "unchanged")
    return FeedOutcome(item.feed_id, url, name, "new", new=item.new, alerts=item.alerts)


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
    due: bool = False,
) -> RefreshReport:
    """Blocking refresh on a private event loop: `kalbartui refresh` and the reader's child.

    `cancelled` is polled while the refresh runs; once it answers True the fetches stop
    and RefreshCancelled is raised, rather than waiting out a feed's timeout.
    """
    refresher = Refresher(
        config, db_path, on_progress=on_progress, clock=clock, backoff=backoff, pages=pages
    )
    try:
        return run_cancellable(refresher.run(feed_ids, due=due), cancelled)
    except asyncio.CancelledError:
        raise RefreshCancelled from None
