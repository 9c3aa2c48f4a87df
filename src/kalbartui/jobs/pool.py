"""The caller's side of `kalbartui.jobs`: worker processes, borrowed one job at a time."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import functools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")

# Workers of one kind at once: the jobs are CPU work, and more workers than cores only share them.
WORKERS = max(1, min(2, os.cpu_count() or 1))
IDLE_SECONDS = 30.0
# A worker that grew past this (a big page, a big picture) leaves after its job.
RETIRE_BYTES = 200 * 1024 * 1024
# A new worker must have imported its modules within this (a loaded machine takes a while).
START_SECONDS = 60.0
POLL_SECONDS = 0.05
# The worker's environment lacks what it never needs and must never hold.
_SECRET_ENV = ("KALBARTUI_SYNC_PASSWORD",)


@dataclass(frozen=True, slots=True)
class Limits:
    """What one job may take: `seconds` of wall clock (then it is killed), `cpu_seconds` of
    CPU (the kernel's limit), `memory_bytes` of address space beyond the worker's own. The
    `preload` modules are imported when a worker starts, outside any job's time. `queue`:
    how many callers may wait for a busy worker of this kind (None: any number); one more is
    told JobBusy at once, so that waiting callers cannot hold every thread of their caller."""

    seconds: float
    cpu_seconds: float
    memory_bytes: int
    preload: tuple[str, ...] = ()
    queue: int | None = None


class JobFailed(Exception):
    """The job gave no answer: it ran out of time or memory, crashed, or was cancelled."""


class JobTimedOut(JobFailed):
    """The job ran past its deadline or its CPU time and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


class JobOutOfMemory(JobFailed):
    """The job needed more memory than its ceiling."""


class JobCrashed(JobFailed):
    """The job (or its worker) failed in a way of its own; `kind` names how, for a sentence."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class JobCancelled(JobFailed):
    """The caller stopped waiting (the reader quits); the worker was killed."""


class JobBusy(JobFailed):
    """Every worker of the kind is busy and enough callers wait already: try later."""


class _Worker:
    def __init__(self, preload: tuple[str, ...]) -> None:
        job_r, job_w = os.pipe()
        answer_r, answer_w = os.pipe()
        env = {k: v for k, v in os.environ.items() if k not in _SECRET_ENV}
        try:
            self.proc = subprocess.Popen(  # noqa: S603 - this interpreter, our module
                [
                    sys.executable,
                    "-m",
                    "kalbartui.jobs.worker",
                    str(answer_w),
                    str(os.getpid()),
                    str(IDLE_SECONDS),
                    *preload,
                ],
                stdin=job_r,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(answer_w,),
                close_fds=True,
                env=env,
            )
        except BaseException:
            for fd in (job_r, job_w, answer_r, answer_w):
                os.close(fd)
            raise
        os.close(job_r)
        os.close(answer_w)
        self.jobs = Connection(job_w, readable=False)
        self.answers = Connection(answer_r, writable=False)
        self.ready = False
        self.idle_since = time.monotonic()

    def fresh(self) -> bool:
        """Alive, and idle for less time than it waits before leaving on its own."""
        alive = self.proc.poll() is None
        return alive and time.monotonic() - self.idle_since < IDLE_SECONDS * 0.8

    def wait(
        self, seconds: float, cancelled: Callable[[], bool] | None, cpu_seconds: float = 0.0
    ) -> tuple[Any, ...]:
        """The worker's next message within `seconds`; JobTimedOut, JobCancelled or
        JobCrashed (the worker is killed or dead then)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                if self.answers.poll(POLL_SECONDS):
                    message: tuple[Any, ...] = self.answers.recv()
                    return message
            except (EOFError, OSError):
                raise self._death(cpu_seconds or seconds) from None
            if cancelled is not None and cancelled():
                self.kill()
                raise JobCancelled
            if time.monotonic() >= deadline:
                self.kill()
                raise JobTimedOut(seconds)

    def _death(self, cpu_seconds: float) -> JobFailed:
        try:
            code = self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.returncode
        self.close()
        if code == -signal.SIGXCPU:
            return JobTimedOut(cpu_seconds)
        if code == -signal.SIGKILL:
            # Nobody here sent it: the kernel's out-of-memory killer.
            return JobOutOfMemory()
        return JobCrashed(f"exit {code}")

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        self.close()

    def close(self) -> None:
        self.jobs.close()
        self.answers.close()


class _Pool:
    """The workers of one kind (one set of preloaded modules)."""

    def __init__(self, preload: tuple[str, ...]) -> None:
        self.preload = preload
        self.idle: list[_Worker] = []
        self.busy = 0
        self.waiting = 0
        self.cond = threading.Condition()

    def acquire(self, cancelled: Callable[[], bool] | None, queue: int | None) -> _Worker:
        stale: list[_Worker] = []
        try:
            with self.cond:
                if self.busy >= WORKERS and queue is not None and self.waiting >= queue:
                    raise JobBusy
                self.waiting += 1
                try:
                    while True:
                        while self.idle:
                            worker = self.idle.pop()
                            if worker.fresh():
                                self.busy += 1
                                return worker
                            stale.append(worker)
                        if self.busy < WORKERS:
                            self.busy += 1
                            break
                        if cancelled is not None and cancelled():
                            raise JobCancelled
                        self.cond.wait(POLL_SECONDS)
                finally:
                    self.waiting -= 1
        finally:
            for worker in stale:
                worker.kill()
        try:
            return _Worker(self.preload)
        except OSError:
            self.release(None)
            raise JobCrashed("start") from None

    def release(self, worker: _Worker | None, keep: bool = False) -> None:
        if worker is not None and not keep:
            worker.kill()
        with self.cond:
            self.busy -= 1
            if worker is not None and keep:
                worker.idle_since = time.monotonic()
                self.idle.append(worker)
            self.cond.notify()

    def close(self) -> None:
        with self.cond:
            idle, self.idle = self.idle, []
        for worker in idle:
            worker.kill()


_pools: dict[tuple[str, ...], _Pool] = {}
_pools_lock = threading.Lock()


def _pool(preload: tuple[str, ...]) -> _Pool:
    with _pools_lock:
        if not _pools:
            atexit.register(shutdown)
        pool = _pools.get(preload)
        if pool is None:
            pool = _pools[preload] = _Pool(preload)
        return pool


def shutdown() -> None:
    """Stop every idle worker (at exit; busy ones stop with their callers)."""
    with _pools_lock:
        pools = list(_pools.values())
    for pool in pools:
        pool.close()


def run(
    fn: Callable[..., T],
    *args: Any,
    limits: Limits,
    cancelled: Callable[[], bool] | None = None,
) -> T:
    """`fn(*args)` in a worker process under `limits`; blocks. `fn` and its arguments and
    answer must pickle (a module-level function). Raises what `fn` raised when it is a
    KalbarError, else JobTimedOut, JobOutOfMemory, JobCrashed, JobBusy or JobCancelled
    (`cancelled` is asked every 50 ms while the caller waits)."""
    pool = _pool(limits.preload)
    worker = pool.acquire(cancelled, limits.queue)
    keep = False
    try:
        if not worker.ready:
            hello = worker.wait(START_SECONDS, cancelled)
            if hello[0] != "ready":
                raise JobCrashed("start")
            worker.ready = True
        try:
            worker.jobs.send((fn, args, limits.cpu_seconds, limits.memory_bytes))
        except OSError:
            raise worker._death(limits.cpu_seconds) from None
        answer = worker.wait(limits.seconds, cancelled, limits.cpu_seconds)
        kind, rss = answer[0], answer[-1]
        keep = kind in ("ok", "raised") and isinstance(rss, int) and rss < RETIRE_BYTES
        if kind == "ok":
            value: T = answer[1]
            return value
        if kind == "raised":
            raise answer[1]
        if kind == "memory":
            raise JobOutOfMemory
        raise JobCrashed(str(answer[1]) if len(answer) > 2 else "unknown")
    except JobFailed:
        keep = False
        raise
    finally:
        pool.release(worker, keep)


async def run_async(fn: Callable[..., T], *args: Any, limits: Limits) -> T:
    """`run` for an event loop: cancelling the awaiting task kills the worker."""
    stop = threading.Event()
    call = functools.partial(run, fn, *args, limits=limits, cancelled=stop.is_set)
    waiting = asyncio.get_running_loop().run_in_executor(None, call)
    try:
        return await waiting
    except asyncio.CancelledError:
        stop.set()
        raise
