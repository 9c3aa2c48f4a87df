"""What a refresh's worker process does with one feed's new body: parse it under the deadline
and write it into the cache itself; and the watch that ends the worker with its refresh.

The refresh's event loop only fetches. A body goes to a worker as bytes (cheap to send), and
what comes back is a count: the parsed articles never travel between processes, and the
writing (most of it the search index) happens on the worker's core, not beside the event
loop. Each feed is one write transaction, so SQLite's single writer lock is held for a few
milliseconds at a time and the reader's own writes (a star, a read mark) get in between.

Kept apart from the runner so a worker imports the parser and the store, never httpx (which
would cost every new worker most of a second).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from kalbartui.feeds import wordpress
from kalbartui.jobs import lifeline
from kalbartui.models import Alert, AlertSpec, FeedResult, ParsedFeed, Rule
from kalbartui.problems import Problem
from kalbartui.store import Store, open_store
from kalbartui.store.tags import rules_for


@dataclass(frozen=True, slots=True)
class Landing:
    """One feed's new body and everything needed to store what it says."""

    db_path: Path
    feed_id: int
    body: bytes
    url: str  # where the body came from (after redirects): relative links resolve against it
    content_type: str
    now: datetime
    etag: str = ""
    last_modified: str = ""
    new_url: str = ""  # after a permanent redirect
    body_hash: str = ""
    deadline: float = 0.0  # seconds the parse may take (0: no alarm)
    # A WordPress site whose categories API is closed: its front feed's own terms become the
    # sidebar's categories (source name, the categories asked for, at most how many).
    fallback: tuple[str, tuple[str, ...], int] | None = None
    write_gap: float = 0.0  # a pause after the write, so another writer gets the lock
    alerts: tuple[AlertSpec, ...] = ()  # the config's alerts: matched against new articles
    rules: tuple[Rule, ...] = ()  # the config's [[rules]], run on the feed's new articles
    timezone: str = ""  # the config's, for the rules' calendar dates


@dataclass(frozen=True, slots=True)
class Landed:
    """What became of a Landing: new articles stored, or the sentence why the feed failed."""

    feed_id: int
    new: int = 0
    error: Problem | None = None
    alerts: tuple[Alert, ...] = ()  # new articles an alert matched, recorded once


_local = threading.local()


def _zone(name: str) -> tzinfo | None:
    if not name:
        return None
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _store(path: Path) -> Store:
    """The worker's own connection to the cache, opened once and kept for the next feeds."""
    stores: dict[tuple[int, Path], Store] | None = getattr(_local, "stores", None)
    if stores is None:
        stores = _local.stores = {}
    key = (os.getpid(), path)
    store = stores.get(key)
    if store is None:
        store = stores[key] = open_store(path)
    return store


def warm(db_path: Path) -> None:
    """Import the parser and open the cache before the first body arrives."""
    import kalbartui.feeds.parse  # noqa: F401 - the import is the point

    _store(db_path)


def land(job: Landing) -> Landed:
    """Parse the body (FeedParseError at the deadline becomes the feed's error) and store it.

    A cache that cannot be written (DatabaseError) is raised: the whole refresh stops on it.
    """
    from kalbartui.feeds.parse import FeedParseError

    try:
        parsed, texts = parse_job(job.body, job.url, job.now, job.content_type, job.deadline)
    except FeedParseError as exc:
        result = FeedResult(job.feed_id, error=exc.problem, new_url=job.new_url)
    else:
        result = FeedResult(
            job.feed_id,
            parsed=parsed,
            body_texts=texts,
            etag=job.etag,
            last_modified=job.last_modified,
            new_url=job.new_url,
            body_hash=job.body_hash,
        )
    store = _store(job.db_path)
    if job.fallback is not None and result.parsed is not None:
        source, wanted, limit = job.fallback
        names = wordpress.terms_as_categories(result.parsed, wanted, limit)
        store.ensure_categories(source, names)
    saved = store.save_results_alerting(
        [result], job.now, job.alerts, rules_for(job.rules, job.now, _zone(job.timezone))
    )
    if job.write_gap:
        time.sleep(job.write_gap)
    return Landed(job.feed_id, saved.new.get(job.feed_id, 0), result.error, tuple(saved.alerts))


def parse_job(
    body: bytes, url: str, now: datetime, content_type: str, deadline: float = 0.0
) -> tuple[ParsedFeed, tuple[str, ...]]:
    """Parse a feed, and make the plain text that search indexes while still on this core.

    With a `deadline` in a worker process, an alarm interrupts the work itself when it runs
    out (FeedParseError): the worker lives on for the next feed. The parent's own, later
    deadline (`pool.WorkerPool.land`) kills the worker if even that cannot stop it.
    """
    import signal
    import threading

    from kalbartui.feeds.parse import FeedParseError, parse_feed
    from kalbartui.models import body_text

    armed = deadline > 0 and threading.current_thread() is threading.main_thread()
    if armed:

        def expire(signum: int, frame: object) -> None:
            raise FeedParseError("feed.parse_timeout", seconds=deadline)

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, deadline)
    try:
        parsed = parse_feed(body, url, now, content_type)
        return parsed, tuple(body_text(a) for a in parsed.articles)
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def leave_with_parent(parent: int) -> None:
    """Parse-worker initializer: let go of the caller's stdin, stdout and stderr, and exit
    once the refresh that owns the pool has exited (a zombie included).

    A worker waits on its call queue, whose write end it holds itself, so it never sees the
    queue close: a refresh killed with SIGKILL (cron's timeout, the OOM killer) would leave its
    workers, and the forkserver and resource tracker above them, running for ever; and the
    killed refresh stays a zombie until its caller has read its output to the end, so a worker
    asking `os.kill(parent, 0)` was told it lived (see kalbartui.jobs.lifeline).
    """
    lifeline.let_go_of_std_fds()
    lifeline.watch(parent)
