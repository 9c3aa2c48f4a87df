"""Jobs that input can make run away run in a worker process that can be stopped: by its wall
deadline, by the kernel's CPU limit, by its memory ceiling, or by the caller giving up."""

from __future__ import annotations

import asyncio
import math
import os
import threading
import time

import pytest

from kalbartui import jobs
from kalbartui.feeds.images import ImageError, decode
from kalbartui.jobs import lifeline

QUICK = jobs.Limits(seconds=10, cpu_seconds=5, memory_bytes=256 << 20)


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims width x height and carries nothing else."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def test_an_answer_comes_back_and_the_worker_serves_the_next_job() -> None:
    assert jobs.run(sum, [1, 2, 3], limits=QUICK) == 6
    started = time.monotonic()
    assert jobs.run(max, [4, 9], limits=QUICK) == 9
    assert time.monotonic() - started < 1.0  # no new interpreter for the second job


def test_the_jobs_own_error_comes_back_whole_with_its_parameters() -> None:
    # Job functions are found by name in the worker: kalbartui's own, not a test module's.
    with pytest.raises(ImageError) as caught:
        jobs.run(decode, _png_header(5000, 5000), limits=QUICK)
    assert caught.value.problem.code == "image.too_many_pixels"
    assert caught.value.problem.params == {"width": 5000, "height": 5000}


def test_a_job_past_its_cpu_time_is_ended_by_the_kernel() -> None:
    limits = jobs.Limits(seconds=60, cpu_seconds=1, memory_bytes=0)
    started = time.monotonic()
    with pytest.raises(jobs.JobTimedOut) as caught:
        jobs.run(math.factorial, 10**8, limits=limits)
    assert time.monotonic() - started < 30
    assert caught.value.seconds == 1


def test_a_job_past_its_wall_deadline_is_killed() -> None:
    limits = jobs.Limits(seconds=1, cpu_seconds=30, memory_bytes=0)
    started = time.monotonic()
    with pytest.raises(jobs.JobTimedOut):
        jobs.run(time.sleep, 60, limits=limits)
    assert time.monotonic() - started < 5


def test_a_job_past_its_memory_ceiling_fails_as_out_of_memory() -> None:
    with pytest.raises(jobs.JobOutOfMemory):
        jobs.run(bytearray, 1 << 30, limits=QUICK)
    assert jobs.run(sum, [1], limits=QUICK) == 1  # the next job has its memory again


def test_any_other_failure_is_named_by_its_kind_only() -> None:
    with pytest.raises(jobs.JobCrashed) as caught:
        jobs.run(int, "bukan angka", limits=QUICK)
    assert caught.value.kind == "ValueError"


def test_the_caller_giving_up_kills_the_worker_at_once() -> None:
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    started = time.monotonic()
    with pytest.raises(jobs.JobCancelled):
        jobs.run(time.sleep, 60, limits=QUICK, cancelled=stop.is_set)
    assert time.monotonic() - started < 2


def test_cancelling_the_awaiting_task_kills_the_worker() -> None:
    async def main() -> float:
        task = asyncio.ensure_future(jobs.run_async(time.sleep, 60, limits=QUICK))
        await asyncio.sleep(0.5)
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.monotonic() - started

    started = time.monotonic()
    assert asyncio.run(main()) < 1.0
    assert time.monotonic() - started < 3  # asyncio.run did not wait for a stuck thread


def test_callers_past_the_queue_are_told_busy_at_once() -> None:
    limits = jobs.Limits(seconds=5, cpu_seconds=5, memory_bytes=0, queue=0)
    outcomes: list[str] = []

    def sleeper() -> None:
        try:
            jobs.run(time.sleep, 1.5, limits=limits)
            outcomes.append("done")
        except jobs.JobBusy:
            outcomes.append("busy")

    threads = [threading.Thread(target=sleeper) for _ in range(jobs.pool.WORKERS + 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes.count("done") == jobs.pool.WORKERS
    assert outcomes.count("busy") == 2


def test_the_worker_is_not_given_the_sync_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KALBARTUI_SYNC_PASSWORD", "rahasia")
    limits = jobs.Limits(seconds=10, cpu_seconds=5, memory_bytes=0, preload=("os",))
    assert jobs.run(os.getenv, "KALBARTUI_SYNC_PASSWORD", "", limits=limits) == ""


def test_a_zombie_counts_as_gone() -> None:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    try:
        deadline = time.monotonic() + 10
        while not lifeline.gone(pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(pid, 0)  # the zombie still answers the old question...
        assert lifeline.gone(pid)  # ...and is gone all the same
    finally:
        os.waitpid(pid, 0)
    assert lifeline.gone(pid)
    assert not lifeline.gone(os.getpid())
