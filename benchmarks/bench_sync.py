"""Sync with a real FreshRSS on loopback: 10,000 entries from nothing, then a sync with
nothing changed; requests counted by the server's own log, seconds by the wall clock.

Needs PHP and the FreshRSS tarball (see tests/sync/freshrss.py); skipped without them.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.stats import Figure, Target

ENTRIES = 10_000


def run(work: Path, n: int, log: Callable[..., None]) -> list[Figure]:
    from tests.sync import freshrss

    why = freshrss.missing()
    if why:
        log(f"sync: skipped ({why})")
        return []
    from kalbartui.config import load_config
    from kalbartui.sync import engine
    from tests.feedserver import FeedServer
    from tests.sync import feeds

    root = work / "sync"
    shutil.rmtree(root, ignore_errors=True)
    server = FeedServer().start()
    try:
        log(f"sync: installing FreshRSS with {ENTRIES:,} entries…")
        site = feeds.big_site(server, 10, ENTRIES // 10)
        inst = freshrss.install(root / "freshrss", site.subscriptions(), keep_max=ENTRIES)
    finally:
        server.stop()

    first_s: list[float] = []
    first_req: list[float] = []
    same_s: list[float] = []
    same_req: list[float] = []
    for i in range(max(n // 2, 1)):
        data = root / f"data-{i}"
        shutil.copytree(inst.template, data)
        frss = freshrss.FreshRSS(inst, data).start()
        try:
            home = root / f"home-{i}"
            home.mkdir()
            (home / "config.toml").write_text(
                f'keep_days = 0\n[sync]\nurl = "{frss.api_url}"\nusername = "{freshrss.USER}"\n'
                f'password = "{freshrss.API_PASSWORD}"\n',
                encoding="utf-8",
            )
            config = load_config(home / "config.toml")
            db = home / "data" / "kalbartui.sqlite3"
            frss.requests()
            started = time.perf_counter()
            report = engine.run_sync(config, db)
            first_s.append(time.perf_counter() - started)
            assert report.ok and report.new == ENTRIES, report.error
            first_req.append(len(frss.requests()))
            for _ in range(n):
                started = time.perf_counter()
                again = engine.run_sync(config, db)
                same_s.append(time.perf_counter() - started)
                assert again.ok and again.new == 0, again.error
                same_req.append(len(frss.requests()))
        finally:
            frss.stop()
    note = f"FreshRSS 1.25.0-dev on php -S, SQLite, {ENTRIES:,} entries in 10 feeds"
    return [
        Figure("sync 10k entries from nothing", first_s, "s", note=note),
        Figure("sync 10k from nothing: requests", first_req, "requests"),
        Figure("sync, nothing changed", same_s, "s", Target("<=", 1.0)),
        Figure("sync, nothing changed: requests", same_req, "requests", Target("<=", 5)),
    ]
