"""`kalbartui refresh` of 200 feeds × 10 items at 100 ms latency: all new, then all 304; newsboat beside it."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import corpus, runs
from benchmarks.server import FeedSet, RunningServer
from benchmarks.stats import Figure, Target

FEEDS = FeedSet(feeds=200, items=10, hosts=25, words=350, seed=1, span_days=3)
LATENCY = 0.1
NEWSBOAT_THREADS = 16


@dataclass
class RefreshRuns:
    new: list[float] = field(default_factory=list)
    unchanged: list[float] = field(default_factory=list)
    peak_new: int = 0
    peak_unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def _config(path: Path, urls: list[str], concurrency: int) -> Path:
    lines = [
        'language = "id"',
        f"max_concurrency = {concurrency}",
        "keep_days = 0",
        "refresh_interval_minutes = 0",
        "",
    ]
    for plan, url in zip(FEEDS.plans(), urls, strict=True):
        lines += ["[[feeds]]", f'url = "{url}"', f'category = "{plan.category}"', ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def kalbartui_runs(
    server: RunningServer, work: Path, concurrency: int, n_new: int, n_same: int
) -> RefreshRuns:
    out = RefreshRuns()
    home = work / f"kalbartui-c{concurrency}"
    shutil.rmtree(home, ignore_errors=True)
    config = _config(home / "config.toml", server.urls(), concurrency)
    env = runs.clean_env(home)
    data = home / "data"
    want = FEEDS.feeds * FEEDS.items
    for _ in range(n_new):
        shutil.rmtree(data, ignore_errors=True)
        server.reset()
        t = runs.run_timed(runs.kalbartui_cmd(config, data, "refresh", "-q"), env)
        stats = server.stats()
        got = _count(data / "kalbartui.sqlite3")
        if t.returncode != 0 or stats["ok"] != FEEDS.feeds or got != want:
            out.problems.append(
                f"all-new run: exit {t.returncode}, {stats['ok']} answers 200, {got}/{want} articles {t.stderr[-200:]}"
            )
        out.new.append(t.seconds)
        out.peak_new = max(out.peak_new, int(stats["peak_in_flight"]))
    for _ in range(n_same):
        server.reset()
        t = runs.run_timed(runs.kalbartui_cmd(config, data, "refresh", "-q"), env)
        stats = server.stats()
        if t.returncode != 0 or stats["not_modified"] != FEEDS.feeds:
            out.problems.append(
                f"304 run: exit {t.returncode}, {stats['not_modified']} answers 304 {t.stderr[-200:]}"
            )
        out.unchanged.append(t.seconds)
        out.peak_unchanged = max(out.peak_unchanged, int(stats["peak_in_flight"]))
    return out


def newsboat_runs(server: RunningServer, work: Path, n_new: int, n_same: int) -> RefreshRuns:
    out = RefreshRuns()
    home = runs.newsboat_home(work / "newsboat-refresh", server.urls(), NEWSBOAT_THREADS)
    env = runs.clean_env(home)
    for _ in range(n_new):
        runs.forget_newsboat_cache(home)
        server.reset()
        t = runs.run_timed(runs.newsboat_cmd(home, "-x", "reload"), env)
        stats = server.stats()
        if t.returncode != 0 or stats["ok"] != FEEDS.feeds:
            out.problems.append(f"newsboat all-new: exit {t.returncode}, {stats['ok']} answers 200")
        out.new.append(t.seconds)
        out.peak_new = max(out.peak_new, int(stats["peak_in_flight"]))
    # newsboat sends its validators only from the second reload of a feed on; warm up to there.
    for _ in range(3):
        server.reset()
        runs.run_timed(runs.newsboat_cmd(home, "-x", "reload"), env)
        if server.stats()["not_modified"] == FEEDS.feeds:
            break
    for _ in range(n_same):
        server.reset()
        t = runs.run_timed(runs.newsboat_cmd(home, "-x", "reload"), env)
        stats = server.stats()
        if stats["not_modified"] != FEEDS.feeds:
            out.problems.append(f"newsboat 304 run: only {stats['not_modified']} answers 304")
        out.unchanged.append(t.seconds)
        out.peak_unchanged = max(out.peak_unchanged, int(stats["peak_in_flight"]))
    return out


def run(
    work: Path,
    *,
    n_new: int,
    n_same: int,
    concurrencies: list[int],
    newsboat: bool,
    log=print,  # noqa: ANN001
) -> list[Figure]:
    figures: list[Figure] = []
    newest = corpus.day_floor(datetime.now(UTC))
    with RunningServer(FEEDS, LATENCY, newest) as server:
        nb = newsboat_runs(server, work, n_new, n_same) if newsboat else None
        for c in concurrencies:
            log(f"  refresh with max_concurrency = {c}…")
            k = kalbartui_runs(server, work, c, n_new, n_same)
            label = {
                16: "the default, same as newsboat's reload-threads",
                8: "the old default",
                64: "the config's maximum",
            }.get(c, "")
            problems = "; ".join(k.problems)
            judged = c != 8  # 8 in flight cannot beat 2.5 s: 200 feeds / 8 in flight × 100 ms
            # The targets are shares of newsboat in the same run (at 16 connections,
            # as newsboat runs); without newsboat, within 0.5 s of the network floor.
            floor = -(-FEEDS.feeds // c) * LATENCY
            figures.append(
                Figure(
                    f"refresh 200 feeds, all new, max_concurrency {c}"
                    + (f" ({label})" if label else ""),
                    k.new,
                    "s",
                    Target("<=", floor + 0.5, of_newsboat=0.5) if judged else None,
                    note=f"peak {k.peak_new} requests in flight; latency floor {(-(-200 // c)) * LATENCY:.1f} s"
                    + (f"; {problems}" if problems else ""),
                    newsboat=nb.new if nb and c == NEWSBOAT_THREADS else None,
                )
            )
            figures.append(
                Figure(
                    f"refresh 200 feeds, all 304, max_concurrency {c}"
                    + (f" ({label})" if label else ""),
                    k.unchanged,
                    "s",
                    Target("<=", floor + 0.5, of_newsboat=0.4) if judged else None,
                    note=f"peak {k.peak_unchanged} requests in flight; latency floor {(-(-200 // c)) * LATENCY:.1f} s",
                    newsboat=nb.unchanged if nb and c == NEWSBOAT_THREADS else None,
                )
            )
        if nb and nb.problems:
            figures[0].note += "; " + "; ".join(nb.problems)
        if nb:
            figures[0].extra["newsboat_peak_new"] = nb.peak_new
            figures[0].extra["newsboat_peak_unchanged"] = nb.peak_unchanged
    return figures
