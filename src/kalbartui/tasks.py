"""A coroutine run to its end on a private event loop, from a thread that may be told to stop.

The CLI and the reader's worker threads run the core's async work this way: a thread cannot be
killed, but its coroutine can be cancelled, so `cancelled` is asked ten times a second and,
once it answers True, the work is cancelled (its fetches stop at once rather than waiting out
a timeout) and `asyncio.CancelledError` is raised.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

POLL_SECONDS = 0.1


def run_cancellable(work: Coroutine[Any, Any, T], cancelled: Callable[[], bool] | None = None) -> T:
    """`asyncio.run(work)`, cancelled once `cancelled()` turns True (CancelledError is raised)."""
    if cancelled is None:
        return asyncio.run(work)
    return asyncio.run(_supervise(work, cancelled))


async def _supervise(work: Coroutine[Any, Any, T], cancelled: Callable[[], bool]) -> T:
    task = asyncio.ensure_future(work)
    while not task.done():
        await asyncio.wait({task}, timeout=POLL_SECONDS)
        if cancelled() and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            raise asyncio.CancelledError
    return task.result()
