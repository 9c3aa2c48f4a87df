"""Whole articles from their pages, fetched after the feeds (or on `f`) and kept in the cache.

This joins the fetch layer (feeds.pages) to the store (its pages domain), as the refresh
does for feeds. Pages are fetched after the feeds, newest first, a few at a time
(a refresh of 200 feeds opens a handful of connections for pages, not thousands), and each
article's page once. The reader fetches the article being read on its own, at once, so it
never waits behind the queue; the queue skips whatever got done meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from kalbartui.config import Config
from kalbartui.feeds.fetch import Fetcher
from kalbartui.feeds.pages import NOT_LONGER, PageError, fetch_article, wants_full_text
from kalbartui.problems import Problem
from kalbartui.store import Store, open_store
from kalbartui.store.pages import PageTask
from kalbartui.story.fetcher import fetcher_for, reach_for
from kalbartui.tasks import run_cancellable
from kalbartui.text import clean, html_text

T = TypeVar("T")

MAX_PAGES_PER_REFRESH = 60
PAGE_CONCURRENCY = 4
RECENT_DAYS = 14
# Pages may start for this many fetch deadlines in all, after the feeds; what has not started
# by then waits for the next refresh (nothing is marked), so slow sites cannot stretch a
# refresh without end. A page that started runs to its own deadlines (the fetch's, then the
# extraction's, feeds.pages.EXTRACT_LIMITS), which stop it, and what became of it is kept.
PAGES_BUDGET_DEADLINES = 2


@dataclass(frozen=True, slots=True)
class PageOutcome:
    article_id: int
    ok: bool
    error: Problem | None = None
    words: int = 0
    # The page was no longer than the feed's own text: the feed had the whole article. Not a
    # failure, and not counted as one; the article is not asked for again (only `f` does).
    whole_in_feed: bool = False

    @property
    def failed(self) -> bool:
        return not self.ok and not self.whole_in_feed


def _feed_words(task: PageTask) -> str:
    """The feed's body as text: what an extraction has to beat."""
    from_html = html_text(task.content_html) if task.content_html.strip() else ""
    summary = clean(task.summary)
    return from_html if len(from_html) > len(summary) else summary


class PageRunner:
    """Fetches pages into one store; store calls go one at a time (one connection)."""

    def __init__(
        self, store: Store, fetcher: Fetcher, clock: Callable[[], datetime], config: Config
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.clock = clock
        self.config = config
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
        if not again and await self._db(Store.page_state, task.article_id) is not None:
            return None
        reach = reach_for(self.config, task.feed_url, task.source)
        try:
            found = await fetch_article(self.fetcher, task.url, _feed_words(task), reach=reach)
        except PageError as exc:
            if exc.problem.code == NOT_LONGER:
                await self._db(Store.save_whole_in_feed, task.article_id, self.clock())
                return PageOutcome(task.article_id, False, exc.problem, whole_in_feed=True)
            await self._db(Store.save_page_error, task.article_id, exc.problem, self.clock())
            return PageOutcome(task.article_id, False, exc.problem)
        await self._db(
            Store.save_page, task.article_id, found.html, found.text, found.lead_image, self.clock()
        )
        return PageOutcome(task.article_id, True, words=found.words)

    async def after_refresh(
        self, config: Config, limit: int = MAX_PAGES_PER_REFRESH
    ) -> list[PageOutcome]:
        """The pages the recent articles need, by their feeds' full_text settings."""
        since = self.clock() - timedelta(days=RECENT_DAYS)
        tasks: list[PageTask] = await self._db(Store.page_candidates, since, limit * 4)  # type: ignore[assignment]
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
        await self._db(Store.mark_whole_in_feed, settled, self.clock())
        gate = asyncio.Semaphore(PAGE_CONCURRENCY)
        loop = asyncio.get_running_loop()
        closing = loop.time() + PAGES_BUDGET_DEADLINES * config.timeout_seconds

        async def bounded(task: PageTask) -> PageOutcome | None:
            async with gate:
                if loop.time() >= closing:
                    return None  # the budget is spent: the next refresh starts it
                return await self.one(task)

        outcomes = await asyncio.gather(*(bounded(t) for t in wanted), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome  # a cache that cannot be written: the refresh says so
        return [outcome for outcome in outcomes if isinstance(outcome, PageOutcome)]


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
            task = await asyncio.to_thread(store.page_task, article_id)
            if task is None:
                return PageOutcome(article_id, False, Problem.of("page.no_such_article"))
            async with fetcher_for(config) as fetcher:
                outcome = await PageRunner(store, fetcher, clock, config).one(task, again=True)
            assert outcome is not None
            return outcome
        finally:
            store.close()

    return run_cancellable(run(), cancelled)


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
            async with fetcher_for(config) as fetcher:
                return await PageRunner(store, fetcher, clock, config).after_refresh(config)
        finally:
            store.close()

    return run_cancellable(run(), cancelled)


def wants_page(config: Config, store: Store, article_id: int) -> bool:
    """Should the reader fetch this article's page on opening it (never tried, and its feed's
    setting asks for the whole article)?"""
    if store.page_state(article_id) is not None:
        return False
    task = store.page_task(article_id)
    if task is None:
        return False
    mode = config.full_text_for(task.feed_url, task.source)
    return wants_full_text(mode, task.summary, task.content_html)
