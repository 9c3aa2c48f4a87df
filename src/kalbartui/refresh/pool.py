"""The refresh's worker processes: each new feed body is parsed and written to the cache by a
worker (`refresh.worker`), so the event loop keeps fetching, nothing parsed travels back, and
a stuck parse can be killed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
from pathlib import Path

from kalbartui.jobs import lifeline
from kalbartui.models import FeedResult
from kalbartui.problems import Problem
from kalbartui.refresh import worker
from kalbartui.refresh.worker import leave_with_parent


def _start_forkserver() -> None:
    """Start multiprocessing's helpers (the forkserver and the resource tracker) with
    /dev/null for their stdin, stdout and stderr, and a real stderr to pass on.

    The helpers, and the workers the forkserver forks, outlive a refresh killed with SIGKILL
    for as long as they take to notice: holding the caller's pipes meanwhile, they kept
    `subprocess.run(capture_output=True)` (cron, a script) waiting. Inside the reader, Textual
    swaps sys.stderr for an object whose fileno() is -1; the resource tracker passes that
    number to its child and every parse then fails with "bad value(s) in fds_to_keep". Both
    helpers start once and serve every later refresh. Call it on the thread that prints.
    """
    import multiprocessing.forkserver
    import multiprocessing.resource_tracker
    import sys

    if _helpers_running():
        return
    err = sys.stderr
    try:
        usable = err is not None and err.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if not usable and sys.__stderr__ is not None:
        sys.stderr = sys.__stderr__
    try:
        with lifeline.std_fds_quiet():
            multiprocessing.resource_tracker.ensure_running()
            multiprocessing.forkserver.ensure_running()
    finally:
        sys.stderr = err


def _helpers_running() -> bool:
    """Whether this process has started the forkserver already (it serves every refresh)."""
    import multiprocessing.forkserver

    server = multiprocessing.forkserver._forkserver  # noqa: SLF001 - no public question
    pid = getattr(server, "_forkserver_pid", None)
    # Dead (a zombie, not yet reaped): ensure_running reaps and restarts it, quietly here.
    return isinstance(pid, int) and not lifeline.gone(pid)


# The parent kills a worker at this many times the parse deadline (plus 5 s for the write and
# the one job queued ahead of it).
HARD_DEADLINE_FACTOR = 2


class WorkerPool:
    """Parsing and writing are CPU work, and a hostile feed can make parsing slow: each new
    body goes to a worker process that parses it and writes it to the cache itself
    (`kalbartui.refresh.worker`), so the event loop keeps fetching, nothing parsed travels back, and
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

    def start_helpers(self) -> None:
        """Start the forkserver and resource tracker now, on this (the printing) thread, so
        that they never hold the caller's stdout and stderr (see `_start_forkserver`)."""
        if self.in_processes:
            _start_forkserver()

    def _make(self) -> concurrent.futures.Executor:
        if self.in_processes:
            import multiprocessing

            # forkserver: forking a process that runs threads (the reader) is unsafe.
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(
                ["kalbartui.refresh.worker", "kalbartui.feeds.parse", "feedparser"]
            )
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
            executor.submit(worker.warm, self.db_path)

    async def land(self, job: worker.Landing) -> worker.Landed | FeedResult:
        """What the worker stored, or (a worker killed before it could write) the feed's error
        as a row for the refresh to write."""
        async with self._slots:
            return await self._land(job)

    async def _land(self, job: worker.Landing) -> worker.Landed | FeedResult:
        from concurrent.futures.process import BrokenProcessPool

        loop = asyncio.get_running_loop()
        for attempt in range(3):
            executor = self.executor
            if executor is None:
                self.start_helpers()
                executor = await asyncio.to_thread(self._ensure)
            future = loop.run_in_executor(executor, worker.land, job)
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
                error = Problem.of("feed.parse_timeout", seconds=self.deadline)
                return FeedResult(job.feed_id, error=error, new_url=job.new_url)
            except BrokenProcessPool:
                # Another feed's stuck parse took the pool down with it: try again in a new one
                # (a transaction cut off by the kill was rolled back by SQLite).
                with self._lock:
                    if self.executor is executor:
                        self.executor = None
                if attempt == 2:
                    error = Problem.of("feed.parse_interrupted")
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
