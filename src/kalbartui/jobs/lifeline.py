"""A helper process ends with the process it works for, and never holds that process's caller.

`os.kill(pid, 0)` succeeds on a zombie: a `kalbartui refresh` killed with SIGKILL stays a
zombie until whoever started it reads its output to the end, so a helper that only asked
that question lived for ever, holding the caller's pipes open, and the caller waited for
their end for ever too. Here a process is gone once it has exited, reaped or not: a pidfd
becomes readable then (Linux 5.3+), else /proc says its state is Z.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
import time
from collections.abc import Callable, Iterator

POLL_SECONDS = 0.5  # where no pidfd is to be had


def _state(pid: int) -> str:
    """The process's state letter from /proc ("R", "S", "Z"...), "" where there is none."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            raw = fh.read()
    except OSError:
        return ""
    # The name in parentheses may hold anything, spaces and parentheses included.
    rest = raw[raw.rfind(b")") + 1 :].split()
    return rest[0].decode("ascii", "replace") if rest else ""


def gone(pid: int) -> bool:
    """True once `pid` has exited (a zombie counts as gone) or is no longer ours to ask."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or the number is someone else's
        return True
    return _state(pid) in ("Z", "X")


def _leave() -> None:
    os._exit(0)


def watch(pid: int, on_gone: Callable[[], None] = _leave) -> None:
    """Call `on_gone` (by default: leave at once) from a daemon thread once `pid` has exited."""
    pidfd = -1
    with contextlib.suppress(AttributeError, OSError):
        pidfd = os.pidfd_open(pid)

    def wait_pidfd() -> None:
        poller = select.poll()
        poller.register(pidfd, select.POLLIN)
        while not poller.poll(1000 * 60):
            pass
        on_gone()

    def wait_polling() -> None:
        while not gone(pid):
            time.sleep(POLL_SECONDS)
        on_gone()

    if pidfd < 0 and gone(pid):
        on_gone()
        return
    target = wait_pidfd if pidfd >= 0 else wait_polling
    threading.Thread(target=target, name="kalbartui-lifeline", daemon=True).start()


def let_go_of_std_fds(stderr_to: str = os.devnull) -> None:
    """Point this process's stdin, stdout and stderr at /dev/null (stderr at `stderr_to`),
    so that a caller reading our parent's output sees its end when our parent ends."""
    with contextlib.suppress(OSError):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.flush()
        null = os.open(os.devnull, os.O_RDWR)
        err = os.open(stderr_to, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.dup2(err, 2)
        finally:
            os.close(null)
            os.close(err)


@contextlib.contextmanager
def std_fds_quiet() -> Iterator[None]:
    """While this lasts, fds 0, 1 and 2 are /dev/null: a helper started meanwhile (the
    forkserver and resource tracker of multiprocessing, which inherit them and outlive their
    parent's own end) holds none of the caller's pipes. Nothing may print meanwhile: call it
    on the one thread that prints, for the few milliseconds a start takes."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    saved: list[int] = []
    try:
        null = os.open(os.devnull, os.O_RDWR)
    except OSError:
        yield
        return
    try:
        for fd in (0, 1, 2):
            try:
                saved.append(os.dup(fd))
            except OSError:
                saved.append(-1)
                continue
            os.dup2(null, fd)
        yield
    finally:
        for fd, copy in zip((0, 1, 2), saved, strict=False):
            if copy >= 0:
                os.dup2(copy, fd)
                os.close(copy)
        os.close(null)
