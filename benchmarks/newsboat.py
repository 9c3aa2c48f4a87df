"""newsboat's caches of the same articles, and `newsboat -x print-unread` timed on them.

newsboat's cache is its own format, so it is filled the only honest way: newsboat
reloads synthetic feeds (served on loopback, no latency) that hold exactly the
articles of the kalbartui cache of the same size.
"""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

from benchmarks import caches, runs
from benchmarks.caches import CacheRecipe
from benchmarks.server import FeedSet, RunningServer


def ensure_cache(name: str, recipe: CacheRecipe, root: Path, log=print) -> Path:  # noqa: ANN001
    home = root / f"newsboat-{name}"
    stamp = home / "recipe.json"
    if stamp.exists() and (home / "cache.db").exists() and stamp.read_text() == recipe.key():
        return home
    shutil.rmtree(home, ignore_errors=True)
    log(
        f"building newsboat's {name} cache (newsboat reloads {recipe.feeds} feeds of {recipe.items} items)…"
    )
    fs = FeedSet(
        recipe.feeds, recipe.items, recipe.hosts, recipe.words, recipe.seed, recipe.span_days
    )
    newest = caches.newest_time() - timedelta(hours=1)
    with RunningServer(fs, 0.0, newest) as server:
        runs.newsboat_home(home, server.urls())
        t = runs.run_timed(
            runs.newsboat_cmd(home, "-x", "reload"), runs.clean_env(home), timeout=1800
        )
        if t.returncode != 0:
            raise RuntimeError(f"newsboat reload failed: {t.stderr[-300:]}")
    got = unread(home)
    if got != recipe.articles:
        raise RuntimeError(f"newsboat's cache holds {got} unread articles, not {recipe.articles}")
    stamp.write_text(recipe.key())
    log(f"  built in {t.seconds:.0f} s")
    return home


def unread(home: Path) -> int:
    t = runs.run_timed(runs.newsboat_cmd(home, "-x", "print-unread"), runs.clean_env(home))
    m = re.search(r"(\d+) unread", t.stdout)
    return int(m.group(1)) if m else -1


def print_unread_times(home: Path, n: int, warm: bool = True) -> list[float]:
    env = runs.clean_env(home)
    if warm:  # the OS file cache warm, as for kalbartui's runs
        runs.run_timed(runs.newsboat_cmd(home, "-x", "print-unread"), env)
    return [
        runs.run_timed(runs.newsboat_cmd(home, "-x", "print-unread"), env).seconds for _ in range(n)
    ]
