"""The query language over the 100k cache: a set of queries as people write them (fields,
dates, OR/NOT, brackets, a regular expression, a prefix, a saved view's query), each timed for
what a view, `list --query` and `count` need: the first page (100 rows) and the exact count.
The figure is the p95 of each query's runs, beside the 30 ms target.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from benchmarks import caches, corpus
from benchmarks.stats import Figure, Target, percentile


def queries() -> list[str]:
    """~15 queries over the benchmark's corpus (its words, places, authors, hosts)."""
    newest = caches.newest_time()
    month_ago = (newest - timedelta(days=30)).date().isoformat()
    year_ago = (newest - timedelta(days=365)).date().isoformat()
    return [
        "banjir sintang",  # words
        '"kebakaran lahan"',  # a phrase
        "pelabu*",  # a prefix
        "title:jembatan",  # a field in the index
        'author:"rina marlina" sekolah',  # author phrase and a word
        "category:Pendidikan guru",  # the sidebar's category and a word
        "feed:hukum korupsi",  # part of a feed's name and a word
        f"site:{corpus.site_host(3)} pasar",  # the link's host and a word
        "banjir newer:30d",  # a relative date
        f"pontianak after:{year_ago} before:{month_ago}",  # absolute dates, a common word
        "sintang OR sanggau OR sekadau",  # OR
        "kapuas -jembatan",  # NOT
        "(sawit OR karet) NOT category:Opini is:unread",  # brackets, NOT a field, a flag
        "title:/^(Warga|Petani) .*sungai/",  # a regular expression (RE2) over every title
        '"kubu raya" OR kuburaya',  # a saved view's query (the kalbar preset)
        "is:starred OR older:700d",  # no word at all: flags and dates alone
    ]


def run(cache_dir: Path, *, repeats: int, label: str = "100k", log=print) -> list[Figure]:  # noqa: ANN001
    from datetime import UTC, datetime

    from kalbartui.store import Query, open_store

    store = open_store(cache_dir / "data" / "kalbartui.sqlite3")
    figures: list[Figure] = []
    now = datetime.now(UTC)
    try:
        for text in queries():
            q = Query.search(text, now=now)
            found = store.count(q)  # a first run warms the page cache, as a second look would
            samples: list[float] = []
            cpu: list[float] = []
            for _ in range(repeats):
                started, own = time.perf_counter(), time.thread_time()
                store.page(q, limit=100)
                store.count(q)
                samples.append((time.perf_counter() - started) * 1000)
                cpu.append((time.thread_time() - own) * 1000)
            figures.append(
                Figure(
                    f"query over {label}: `{text}` (first 100 rows + exact count)",
                    samples,
                    "ms",
                    Target("<=", 30),
                    note=(
                        f"{found:,} found; p50 {percentile(samples, 50):.1f} ms, CPU p95 "
                        f"{percentile(cpu, 95):.1f} ms; {q.kind} plan"
                    ),
                    summary="p95",
                )
            )
            log(f"  {text}: p95 {percentile(samples, 95):.1f} ms ({found:,} found)")
    finally:
        store.close()
    return figures
