"""What runs in a parse worker process: the parse itself under a deadline, and the watch that ends
the worker with the refresh that started it. Kept apart from refresh.py so a worker imports only
the parser (refresh imports httpx, which would cost every new worker most of a second).
"""

from __future__ import annotations

import os
import time
from datetime import datetime

from kalbartui.models import ParsedFeed


def parse_job(
    body: bytes, url: str, now: datetime, content_type: str, deadline: float = 0.0
) -> tuple[ParsedFeed, tuple[str, ...]]:
    """Parse a feed, and make the plain text that search indexes while still on this core.

    With a `deadline` in a worker process, an alarm interrupts the work itself when it runs
    out (FeedParseError): the worker lives on for the next feed. The parent's own, later
    deadline (`_ParsePool.parse`) kills the worker if even that cannot stop it.
    """
    import signal
    import threading

    from kalbartui.feeds.parse import FeedParseError, parse_feed
    from kalbartui.models import body_text

    armed = deadline > 0 and threading.current_thread() is threading.main_thread()
    if armed:

        def expire(signum: int, frame: object) -> None:
            raise FeedParseError(f"parsing took longer than {deadline:g} s")

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
    """Parse-worker initializer: exit once the refresh that owns the pool is gone.

    A worker waits on its call queue, whose write end it holds itself, so it never sees the
    queue close: a refresh killed with SIGKILL (cron's timeout, the OOM killer) would leave its
    workers, and the forkserver above them, running for ever.
    """
    import threading

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # the number now belongs to another user's process
                os._exit(0)

    threading.Thread(target=watch, name="kalbartui-parent-watch", daemon=True).start()
