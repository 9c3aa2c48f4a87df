"""The whole story: article pages and pictures, fetched after the feeds and kept in the cache.

This joins the fetch layer (feeds.pages, feeds.images) to the store (store.pages), as
refresh.py does for feeds. Pages are fetched after the feeds, newest first, a few at a time
(a refresh of 200 feeds opens a handful of connections for pages, not thousands), and each
article's page once. The reader fetches the article being read on its own, at once, so it
never waits behind the queue; the queue skips whatever got done meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from kalbartui.config import Config
from kalbartui.feeds.fetch import Fetcher
from kalbartui.feeds.images import MAX_IMAGE_BYTES, ImageCache, Picture, decode, fetch_image
from kalbartui.feeds.pages import PageError, fetch_article, wants_full_text
from kalbartui.store import Store, open_store
from kalbartui.store.pages import (
    PageTask,
    mark_whole_in_feed,
    page_candidates,
    page_state,
    page_task,
    save_page,
    save_page_error,
)
from kalbartui.text import clean, html_text

T = TypeVar("T")

MAX_PAGES_PER_REFRESH = 60
PAGE_CONCURRENCY = 4
RECENT_DAYS = 14
# Pages may take this many fetch deadlines in all, after the feeds; what is left waits for the
# next refresh (nothing is marked), so slow sites cannot stretch a refresh without end.
PAGES_BUDGET_DEADLINES = 2


@dataclass(frozen=True, slots=True)
class PageOutcome:
    article_id: int
    ok: bool
    error: str = ""
    words: int = 0


def _feed_words(task: PageTask) -> str:
    """The feed's body as text: what an extraction has to beat."""
    from_html = html_text(task.content_html) if task.content_html.strip() else ""
    summary = clean(task.summary)
    return from_html if len(from_html) > len(summary) else summary


class PageRunner:
    """Fetches pages into one store; store calls go one at a time (one connection)."""

    def __init__(self, store: Store, fetcher: Fetcher, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.fetcher = fetcher
        self.clock = clock
        self._lock = asyncio.Lock()

    async def _db(self, fn: Callable[..., object], *args: object) -> object:
        async with self._lock:
            work = asyncio.ensure_future(asyncio.to_thread(fn, self.store, *args))
            try:
                return await asyncio.shield(work)
            except asyncio.CancelledError:
                # A thread cannot be stopped: it still holds the connection, and the store
                # must not be closed under it (closing a connection in use can crash the
                # process). The cancellation goes on once the write has ended.
                await asyncio.wait({work})
                raise

    async def one(self, task: PageTask, *, again: bool = False) -> PageOutcome | None:
        """Fetch and store one article's page; None when it was done meanwhile."""
        if not again and await self._db(page_state, task.article_id) is not None:
            return None
        try:
            found = await fetch_article(self.fetcher, task.url, _feed_words(task))
        except PageError as exc:
            await self._db(save_page_error, task.article_id, str(exc), self.clock())
            return PageOutcome(task.article_id, False, str(exc))
        await self._db(
            save_page, task.article_id, found.html, found.text, found.lead_image, self.clock()
        )
        return PageOutcome(task.article_id, True, words=found.words)

    async def after_refresh(
        self, config: Config, limit: int = MAX_PAGES_PER_REFRESH
    ) -> list[PageOutcome]:
        """The pages the recent articles need, by their feeds' full_text settings."""
        since = self.clock() - timedelta(days=RECENT_DAYS)
        tasks: list[PageTask] = await self._db(page_candidates, since, limit * 4)  # type: ignore[assignment]
        wanted: list[PageTask] = []
        settled: list[int] = []
        for task in tasks:
            mode = config.full_text_for(task.feed_url, task.source)
            if len(wanted) < limit and wants_full_text(mode, task.summary, task.content_html):
                wanted.append(task)
            elif mode != "always":
                # The feed had it whole (or the feed says never): not looked at again; `f`
                # in the reader still fetches it.
                settled.append(task.article_id)
        await self._db(mark_whole_in_feed, settled, self.clock())
        gate = asyncio.Semaphore(PAGE_CONCURRENCY)

        async def bounded(task: PageTask) -> PageOutcome | None:
            async with gate:
                return await self.one(task)

        jobs = [asyncio.ensure_future(bounded(t)) for t in wanted]
        if jobs:
            await asyncio.wait(jobs, timeout=PAGES_BUDGET_DEADLINES * config.timeout_seconds)
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        done = [job.result() for job in jobs if not job.cancelled() and job.exception() is None]
        return [outcome for outcome in done if outcome is not None]


def _run(work: Coroutine[Any, Any, T], cancelled: Callable[[], bool] | None) -> T:
    """asyncio.run(work), stopped early when `cancelled()` turns true (the reader quits): a
    thread cannot be killed, but its fetches can be cancelled."""
    if cancelled is None:
        return asyncio.run(work)

    async def supervise() -> T:
        task = asyncio.ensure_future(work)
        while not task.done():
            await asyncio.wait({task}, timeout=0.1)
            if cancelled() and not task.done():
                task.cancel()
        return task.result()

    return asyncio.run(supervise())


def _fetcher(config: Config, max_bytes: int | None = None) -> Fetcher:
    return Fetcher(
        timeout=config.timeout_seconds,
        max_concurrency=config.max_concurrency,
        max_bytes=max_bytes or config.max_feed_bytes,
    )


def fetch_full_text(
    config: Config,
    db_path: Path,
    article_id: int,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    cancelled: Callable[[], bool] | None = None,
) -> PageOutcome:
    """Fetch one article's page now, again if it was fetched before (the reader's `f`, `show
    --full`). Blocking: call it from a thread or the CLI."""

    async def run() -> PageOutcome:
        store = await asyncio.to_thread(open_store, db_path)
        try:
            task = await asyncio.to_thread(page_task, store, article_id)
            if task is None:
                return PageOutcome(article_id, False, "no such article")
            async with _fetcher(config) as fetcher:
                outcome = await PageRunner(store, fetcher, clock).one(task, again=True)
            assert outcome is not None
            return outcome
        finally:
            store.close()

    return _run(run(), cancelled)


def fetch_pages(
    config: Config,
    db_path: Path,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    cancelled: Callable[[], bool] | None = None,
) -> list[PageOutcome]:
    """The pages recent articles need (the reader runs this after a refresh). Blocking."""

    async def run() -> list[PageOutcome]:
        store = await asyncio.to_thread(open_store, db_path)
        try:
            async with _fetcher(config) as fetcher:
                return await PageRunner(store, fetcher, clock).after_refresh(config)
        finally:
            store.close()

    return _run(run(), cancelled)


def wants_page(config: Config, store: Store, article_id: int) -> bool:
    """Should the reader fetch this article's page on opening it (never tried, and its feed's
    setting asks for the whole article)?"""
    if page_state(store, article_id) is not None:
        return False
    task = page_task(store, article_id)
    if task is None:
        return False
    mode = config.full_text_for(task.feed_url, task.source)
    return wants_full_text(mode, task.summary, task.content_html)


def image_cache(config: Config, cache_dir: Path) -> ImageCache:
    return ImageCache(cache_dir / "images", config.image_cache_mb * 1024 * 1024)


def load_picture(
    config: Config,
    cache_dir: Path,
    url: str,
    max_side: int = 1600,
    cancelled: Callable[[], bool] | None = None,
) -> Picture:
    """A picture from the cache, or fetched into it, decoded. Blocking and CPU-bound: call it
    from a thread. Raises feeds.images.ImageError."""
    cache = image_cache(config, cache_dir)
    data = cache.get(url)
    if data is None:

        async def run() -> bytes:
            async with _fetcher(config, MAX_IMAGE_BYTES) as fetcher:
                return await fetch_image(fetcher, cache, url)

        data = _run(run(), cancelled)
    return decode(data, max_side)
