"""Work that can run away on hostile input, run where it can be stopped.

Extracting an article from a page (trafilatura is quadratic in inline elements) and decoding
a picture (a progressive JPEG can repeat its last scan a thousand times) take time and memory
that the input decides. A thread cannot be stopped, so such work runs in a worker process
(`kalbartui.jobs.worker`) under three limits: a CPU-time limit and an address-space ceiling
the kernel enforces, and a wall deadline at which the caller kills the worker. A job that
hits one raises JobTimedOut or JobOutOfMemory; the caller records it as failed.

`run` blocks (for a thread, polling `cancelled`); `run_async` is the same for an event loop,
and cancelling it kills the worker at once. Workers are kept for the next job of their kind
(the modules they preload), at most `WORKERS` of a kind, and leave after IDLE_SECONDS without
work or once they have grown past RETIRE_BYTES, so the memory a big job took goes back.
"""

from kalbartui.jobs.pool import (
    JobBusy,
    JobCancelled,
    JobCrashed,
    JobFailed,
    JobOutOfMemory,
    JobTimedOut,
    Limits,
    run,
    run_async,
    shutdown,
)

__all__ = [
    "JobBusy",
    "JobCancelled",
    "JobCrashed",
    "JobFailed",
    "JobOutOfMemory",
    "JobTimedOut",
    "Limits",
    "run",
    "run_async",
    "shutdown",
]
