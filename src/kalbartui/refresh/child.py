"""The refresh in a child process, for the reader: fetching, parsing and writing never share
the reader's interpreter (its GIL, its event loop) while it runs.

The child is a fresh interpreter (`python -m kalbartui.refresh.child FD`; never a fork of the
reader, which runs threads). It reads its job, pickled, from stdin and answers over the pipe
FD with small pickled messages: each Progress (one per feed, once that feed's articles are
committed), the report of the feeds (before the pages pass), then the whole report. The parent's side, `run_in_child`, is a blocking call for a worker
thread, shaped like `refresh.run.run_refresh`. Stopping is SIGTERM: the child cancels its refresh
(the open write transaction rolls back, the parse workers stop) and leaves. A child whose
parent is gone sees its stdin close and stops the same way; one that has not left
`STOP_GRACE_SECONDS` later (work in a thread that did not stop) ends itself, as the parent
would have killed it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO

from kalbartui.config import Config
from kalbartui.problems import KalbarError, Problem, problem_of
from kalbartui.refresh.report import Progress, ProgressCallback, RefreshCancelled, RefreshReport

# How often the parent looks at `cancelled` while it waits for the child's next message.
POLL_SECONDS = 0.05
# A cancelled child gets this long to roll back and leave before it is killed.
STOP_GRACE_SECONDS = 5.0
# The reader's own writes wait behind at most one of the child's transactions: about one
# feed's articles (~10 ms of writing), then a short gap the reader's BEGIN can take.
READER_WRITE_BATCH_ARTICLES = 10
READER_WRITE_GAP_SECONDS = 0.003


class RefreshProcessError(KalbarError):
    """The child process failed (it crashed, or its refresh raised); its Problem says how."""


@dataclass(frozen=True, slots=True)
class RefreshJob:
    """What the child is asked to do. `fixed_now` pins its clock (tests, screenshots)."""

    config: Config
    db_path: Path
    feed_ids: tuple[int, ...] | None = None
    fixed_now: datetime | None = None
    backoff: tuple[float, ...] | None = None
    pages: bool = False  # the pages of summary-only articles, after the feeds
    write_batch_articles: int = READER_WRITE_BATCH_ARTICLES
    write_gap: float = READER_WRITE_GAP_SECONDS


class RefreshProcess:
    """One refresh in a child process; the parent reads its messages with `next_message`."""

    def __init__(self, job: RefreshJob) -> None:
        self.job = job
        self.proc: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._stderr: IO[bytes] | None = None

    @property
    def pid(self) -> int | None:
        """The child's process id, once started."""
        return None if self.proc is None else self.proc.pid

    def start(self) -> None:
        """Start the child and hand it the job (its stdin stays open: EOF means "parent gone")."""
        read_fd, write_fd = os.pipe()
        # The child's stderr goes to a file, never to the reader's terminal; read on failure.
        self._stderr = tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen(  # noqa: S603 - this interpreter, our module, an fd
                [sys.executable, "-m", "kalbartui.refresh.child", str(write_fd)],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr,
                pass_fds=(write_fd,),
                close_fds=True,
            )
        finally:
            os.close(write_fd)
        self._conn = Connection(read_fd, writable=False)
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(pickle.dumps(self.job))
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass  # the child died at once: next_message says how

    def next_message(self, timeout: float) -> tuple[str, object] | None:
        """The child's next message, or None if none came within `timeout`.

        Raises RefreshProcessError when the child is gone without its report."""
        assert self._conn is not None, "start() first"
        try:
            if not self._conn.poll(timeout):
                return None
            kind, payload = self._conn.recv()
        except (EOFError, OSError):
            raise RefreshProcessError(self._death()) from None
        return str(kind), payload

    def stop(self) -> None:
        """Ask the child to stop (SIGTERM), wait for it, kill it if it does not leave."""
        proc = self.proc
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.close()

    def close(self) -> None:
        """Reap the child (it has sent its report and is leaving) and close the pipes."""
        if self.proc is not None:
            if self.proc.stdin is not None:
                with contextlib.suppress(OSError):
                    self.proc.stdin.close()
            try:
                self.proc.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _death(self) -> Problem:
        assert self.proc is not None
        code = self.proc.wait()
        tail = ""
        if self._stderr is not None:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
            tail = lines[-1] if lines else ""
        from kalbartui.text import clean_line

        if tail:
            said = clean_line(tail, 300)
            return Problem.of("refresh.child_exited_saying", status=str(code), said=said)
        return Problem.of("refresh.child_exited", status=str(code))


def run_in_child(
    config: Config,
    db_path: Path,
    on_progress: ProgressCallback | None = None,
    feed_ids: Sequence[int] | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
    fixed_now: datetime | None = None,
    backoff: tuple[float, ...] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_feeds_done: Callable[[RefreshReport], None] | None = None,
    pages: bool = False,
) -> RefreshReport:
    """`refresh.run.run_refresh`, run in a child process; blocks the calling (worker) thread.

    Progress messages are handed to `on_progress` as they come, and the report of the feeds
    to `on_feeds_done` before the pages pass; `cancelled` is polled and, once True, the child
    is stopped and RefreshCancelled raised. `on_start` gets the child's pid.
    """
    job = RefreshJob(
        config,
        db_path,
        None if feed_ids is None else tuple(feed_ids),
        fixed_now,
        backoff,
        pages=pages,
    )
    child = RefreshProcess(job)
    child.start()
    if on_start is not None and child.pid is not None:
        on_start(child.pid)
    finished = False
    try:
        while True:
            if cancelled is not None and cancelled():
                child.stop()
                raise RefreshCancelled
            message = child.next_message(POLL_SECONDS)
            if message is None:
                continue
            kind, payload = message
            if kind == "progress" and on_progress is not None:
                assert isinstance(payload, Progress)
                on_progress(payload)
            elif kind == "feeds" and on_feeds_done is not None:
                assert isinstance(payload, RefreshReport)
                on_feeds_done(payload)
            elif kind == "done":
                assert isinstance(payload, RefreshReport)
                finished = True
                return payload
            elif kind == "failed":
                finished = True
                assert isinstance(payload, Problem)
                raise RefreshProcessError(payload)
            elif kind == "cancelled":
                raise RefreshCancelled
    finally:
        # A child that sent its last word is leaving on its own: reap it, never signal it.
        if finished:
            child.close()
        else:
            child.stop()


# ------------------------------------------------------------------ the child's side


# The child's CPU priority below the reader's: on a laptop's two cores the refresh (its loop,
# parse workers and writer) would otherwise take the core the reader's event loop needs
# to draw and answer keys. It only ever waits on the network longer for it.
CHILD_NICENESS = 5


def _child_main(fd: int) -> int:
    import asyncio

    with contextlib.suppress(OSError):
        os.nice(CHILD_NICENESS)
    # Its writes (and its workers', which inherit the environment and the niceness) are
    # background work: the reader's own writes take the lock's next gap before them.
    from kalbartui.store.db import BACKGROUND_WRITER_ENV

    os.environ[BACKGROUND_WRITER_ENV] = "1"

    from kalbartui.refresh.run import refresh_or_sync

    conn = Connection(fd, readable=False)
    job: RefreshJob = pickle.load(sys.stdin.buffer)
    fixed = job.fixed_now

    def clock() -> datetime:
        return fixed if fixed is not None else datetime.now(UTC)

    def progress(p: Progress) -> None:
        conn.send(("progress", p))

    def feeds_done(report: RefreshReport) -> None:
        conn.send(("feeds", report))

    async def run() -> RefreshReport:
        loop = asyncio.get_running_loop()
        task = asyncio.ensure_future(
            refresh_or_sync(
                job.config,
                job.db_path,
                on_progress=progress,
                feed_ids=job.feed_ids,
                clock=clock,
                backoff=job.backoff,
                pages=job.pages,
                on_feeds_done=feeds_done if job.pages else None,
                write_batch_articles=job.write_batch_articles,
                write_gap=job.write_gap,
            )
        )
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
        loop.add_signal_handler(signal.SIGINT, task.cancel)

        def watch_parent() -> None:
            # The parent holds our stdin open: EOF means it is gone (or done with us).
            with contextlib.suppress(OSError, ValueError):
                sys.stdin.buffer.read()
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(task.cancel)
            # Cancelling stops the work on the loop; work in a thread (a sync) stops at its
            # next check, and asyncio.run waits for it. Should it not stop, nobody else
            # will end this process: end it here (a write in progress rolls back, as on
            # kill -9). A child that finished normally has left long before.
            time.sleep(STOP_GRACE_SECONDS)
            os._exit(1)

        threading.Thread(target=watch_parent, name="kalbartui-parent-gone", daemon=True).start()
        return await task

    try:
        report = asyncio.run(run())
    except asyncio.CancelledError:
        with contextlib.suppress(OSError):
            conn.send(("cancelled", None))
        return 0
    except Exception as exc:  # noqa: BLE001 - told to the parent as one line, not a traceback
        # The core's own errors and the machine's (a full disk, a refused password, no
        # memory) say what happened; anything else is a fault of kalbartui's, whose text may
        # quote a feed.
        said = problem_of(exc)
        with contextlib.suppress(OSError):
            conn.send(("failed", said))
        return 1
    with contextlib.suppress(OSError):
        conn.send(("done", report))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main(int(sys.argv[1])))
