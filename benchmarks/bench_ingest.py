"""Ingest: parse and store, articles per second, through `kalbartui refresh` on local feed files.

The feeds are files (file:// URLs), so no HTTP is timed: what is left is the refresh
pipeline itself, parsing in its process pool on both cores while the store writes.
Two more rows, parse alone and store alone on one core, show which half bounds it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import corpus, runs
from benchmarks.stats import Figure, Target

FEEDS = 400
ITEMS = 10
WORDS = 350  # a WordPress article's full content
SEED = 3


def _feed_dir(work: Path) -> Path:
    where = work / f"ingest-feeds-{FEEDS}x{ITEMS}x{WORDS}"
    if where.exists() and len(list(where.glob("*.xml"))) == FEEDS:
        return where
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    newest = corpus.day_floor(datetime.now(UTC))
    for plan in corpus.plan_feeds(FEEDS, ITEMS, 25):
        path = where / f"feed-{plan.number:04d}.xml"
        body = corpus.feed_body(
            plan, SEED, FEEDS * ITEMS, newest, timedelta(days=3), WORDS, path.as_uri()
        )
        path.write_bytes(body)
    return where


def _config(path: Path, feeds: Path) -> Path:
    lines = ['language = "id"', "keep_days = 0", "refresh_interval_minutes = 0", ""]
    for i, f in enumerate(sorted(feeds.glob("*.xml"))):
        lines += [
            "[[feeds]]",
            f'url = "{f.as_uri()}"',
            f'category = "{corpus.CATEGORIES[i % 12]}"',
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def pipeline(work: Path, n: int) -> tuple[list[float], list[float], list[str]]:
    """Articles per second as the refresh reports its own time, and cores busy per run."""
    feeds = _feed_dir(work)
    home = work / "ingest"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    config = _config(home / "config.toml", feeds)
    env = runs.clean_env(home)
    rates: list[float] = []
    cores: list[float] = []
    problems: list[str] = []
    for _ in range(n):
        data = home / "data"
        shutil.rmtree(data, ignore_errors=True)
        # run_refresh, as `kalbartui refresh` calls it, in a fresh process; the CLI's own
        # summary rounds to a tenth of a second, too coarse here.
        cmd = [sys.executable, "-m", "benchmarks.ingest_child", str(config), str(data)]
        before = runs.cpu_jiffies()
        t = runs.run_timed(cmd, env)
        busy = runs.cores_busy(before, t.seconds)
        try:
            r = json.loads(t.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            r = {}
        if t.returncode != 0 or r.get("new") != FEEDS * ITEMS:
            problems.append(f"exit {t.returncode}: {t.stdout[-200:]} {t.stderr[-200:]}")
            continue
        rates.append(r["new"] / r["seconds"])
        cores.append(busy)
    return rates, cores, problems


def _bodies(work: Path) -> list[tuple[str, bytes]]:
    feeds = _feed_dir(work)
    return [(f.as_uri(), f.read_bytes()) for f in sorted(feeds.glob("*.xml"))[:100]]


def parse_only(work: Path, n: int) -> list[float]:
    from kalbartui.feeds.parse import parse_feed

    bodies = _bodies(work)
    now = datetime.now(UTC)
    parse_feed(bodies[0][1], bodies[0][0], now, "application/rss+xml")  # imports
    rates = []
    for _ in range(n):
        started = time.perf_counter()
        count = sum(
            len(parse_feed(body, url, now, "application/rss+xml").articles) for url, body in bodies
        )
        rates.append(count / (time.perf_counter() - started))
    return rates


def store_only(work: Path, n: int) -> list[float]:
    from kalbartui.feeds.parse import parse_feed
    from kalbartui.models import FeedResult, FeedSpec, body_text
    from kalbartui.store import open_store

    bodies = _bodies(work)
    now = datetime.now(UTC)
    parsed = [(url, parse_feed(body, url, now, "application/rss+xml")) for url, body in bodies]
    rates = []
    for i in range(n):
        db = work / "ingest-store" / f"run{i}.sqlite3"
        shutil.rmtree(db.parent, ignore_errors=True)
        store = open_store(db)
        try:
            ids = store.sync_feeds([FeedSpec(url=u, category="Kalbar") for u, _ in parsed])
            # As in a refresh: the search text comes made by the parse workers.
            results = [
                FeedResult(ids[u], parsed=p, body_texts=tuple(body_text(a) for a in p.articles))
                for u, p in parsed
            ]
            started = time.perf_counter()
            for k in range(0, len(results), 25):
                store.save_results(results[k : k + 25], now)
            seconds = time.perf_counter() - started
        finally:
            store.close()
        rates.append(sum(len(p.articles) for _, p in parsed) / seconds)
    shutil.rmtree(work / "ingest-store", ignore_errors=True)
    return rates


def run(work: Path, *, n: int, log=print) -> list[Figure]:  # noqa: ANN001
    log("  ingest through the refresh pipeline…")
    rates, cores, problems = pipeline(work, n)
    busy = (
        f"the machine's CPU was {min(cores):.1f}–{max(cores):.1f} of {os.cpu_count()} cores busy "
        "during the runs (anything else running counts too)"
        if cores
        else ""
    )
    figures = [
        Figure(
            f"ingest: parse + store, {FEEDS} feeds × {ITEMS} items of ~{WORDS} words (refresh pipeline, both cores)",
            rates,
            "/s",
            Target(">=", 3000),
            note="; ".join(filter(None, [busy, *problems])),
        )
    ]
    log("  parse alone, store alone…")
    figures.append(Figure("ingest: parse alone, one core", parse_only(work, n), "/s"))
    figures.append(Figure("ingest: store alone, one core", store_only(work, n), "/s"))
    return figures
