"""`python -m benchmarks [--quick] [--only NAMES] [--runs N]`: the whole suite, no network, one table.

Everything is generated locally: a loopback HTTP server with synthetic WordPress feeds and
100 ms of added latency, and caches of 1k, 10k and 100k articles in .bench/ (built once).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

from benchmarks import runs
from benchmarks.stats import Figure, table

SECTIONS = (
    "refresh",
    "http2",
    "ingest",
    "rules",
    "search",
    "query",
    "views",
    "alerts",
    "reader",
    "sync",
    "story",
    "authors",
)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--quick", action="store_true", help="fewer runs, fewer configurations")
    p.add_argument("--runs", type=int, help="runs per figure (default 5, quick 2)")
    p.add_argument("--only", help=f"comma-separated sections: {', '.join(SECTIONS)}")
    p.add_argument("--no-newsboat", action="store_true", help="skip newsboat even if installed")
    p.add_argument("--work", default=".bench", help="where data and caches live (default .bench)")
    a = p.parse_args(argv)

    root = Path(__file__).resolve().parent.parent
    work = (root / a.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    runs.compile_once()
    n = a.runs or (2 if a.quick else 5)
    only = set(a.only.split(",")) if a.only else set(SECTIONS)
    unknown = only - set(SECTIONS)
    if unknown:
        p.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    nb = None if a.no_newsboat else runs.newsboat_path()
    log = lambda *args, **kw: print(*args, **kw, file=sys.stderr, flush=True)  # noqa: E731

    log(f"kalbartui benchmarks on {machine()}")
    log(
        "newsboat: "
        + (
            runs.newsboat_version()
            if nb
            else "newsboat not installed"
            if not a.no_newsboat
            else "skipped"
        )
    )
    started = time.perf_counter()
    figures: list[Figure] = []

    if "refresh" in only:
        from benchmarks import bench_refresh

        log("refresh: 200 feeds × 10 items on 25 loopback sites, 100 ms latency…")
        figures += bench_refresh.run(
            work,
            n_new=n,
            n_same=n,
            concurrencies=[16, 64] if a.quick else [16, 8, 64],
            newsboat=nb is not None,
            log=log,
        )
    if "http2" in only:
        from benchmarks import bench_http2

        log("http2: KalbarOnline's shape, 13 feeds on one TLS host at 300 ms…")
        figures += bench_http2.run(n, log=log)
    if "ingest" in only:
        from benchmarks import bench_ingest

        log("ingest…")
        figures += bench_ingest.run(work, n=max(n - 2, 2) if not a.quick else 2, log=log)

    if "rules" in only:
        from benchmarks import bench_rules

        log("rules…")
        figures += bench_rules.run(work, n=max(n, 3), log=log)

    sizes = ["1k", "100k"] if a.quick else ["1k", "10k", "100k"]
    cache_dirs: dict[str, Path] = {}
    if only & {"search", "query", "views", "alerts", "reader", "authors"}:
        from benchmarks import caches

        for name in sizes:
            cache_dirs[name] = caches.ensure(name, caches.SIZES[name], work, log=log)
        cache_dirs["long"] = caches.ensure("long", caches.LONG, work, log=log)

    if "search" in only:
        from benchmarks import bench_search

        log("search…")
        figures += bench_search.run(cache_dirs["100k"], repeats=10 if a.quick else 20, log=log)

    if "query" in only:
        from benchmarks import bench_query

        log("query language…")
        figures += bench_query.run(cache_dirs["100k"], repeats=10 if a.quick else 30, log=log)

    if "views" in only:
        from benchmarks import bench_views

        log("saved views…")
        figures += bench_views.run(work, cache_dirs["100k"], rounds=8 if a.quick else 20, log=log)

    if "alerts" in only:
        from benchmarks import bench_alerts

        log("alerts…")
        figures += bench_alerts.run(
            cache_dirs["100k"], work, repeats=20 if a.quick else 50, log=log
        )

    if "authors" in only:
        from benchmarks import bench_authors

        log("authors…")
        figures += bench_authors.run(
            work, cache_dirs["100k"], repeats=5 if a.quick else 10, log=log
        )

    if "reader" in only:
        from benchmarks import bench_reader

        log("reader…")
        figures += bench_reader.run(
            work, cache_dirs, sizes=sizes, n=n, newsboat=nb is not None, log=log
        )

    if "sync" in only:
        from benchmarks import bench_sync

        figures += bench_sync.run(work, n=n, log=log)
    if "story" in only:
        from benchmarks import bench_story

        log("story…")
        figures += bench_story.run(work, n=n, log=log)

    elapsed = time.perf_counter() - started
    print()
    print(f"kalbartui benchmarks — {machine()}")
    if nb:
        print(f"side by side with {runs.newsboat_version()}, measured in the same run")
    elif not a.no_newsboat:
        print("newsboat not installed: no side-by-side figures")
    print(
        "feeds: 200 synthetic WordPress feeds × 10 items (~350 words each) served on loopback "
        "from 25 addresses (127.0.0.1–127.0.0.25, one per site, 8 feeds each; kalbartui allows "
        "4 connections per host), 100 ms added to every answer; newsboat: reload-threads 16"
    )
    print()
    print(table(figures, newsboat_available=nb is not None))
    notes = [(f.name, f.note) for f in figures if f.note]
    if notes:
        print()
        for name, note in notes:
            print(f"- {name}: {note}")
    print()
    print(
        f"command: python -m benchmarks {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip()
    )
    print(
        f"suite time: {elapsed:.0f} s; runs per figure: {n} unless the runs column says otherwise"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
