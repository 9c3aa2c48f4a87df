"""Full-text search over the 100k cache, timed as the reader runs it.

On each keystroke the reader counts the matches up to SEARCH_COUNT_CAP ("more than 2,000")
and reads the first page; when typing rests it counts the whole list (timed on its own).
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks import corpus
from benchmarks.stats import Figure, Target, percentile


def queries() -> list[str]:
    return corpus.SEARCH_COMMON + corpus.SEARCH_MIDDLE + corpus.SEARCH_RARE + corpus.SEARCH_PREFIX


def run(cache_dir: Path, *, repeats: int, label: str = "100k", log=print) -> list[Figure]:  # noqa: ANN001
    from kalbartui.store import Query, open_store
    from kalbartui.store.search import SEARCH_COUNT_CAP

    store = open_store(cache_dir / "data" / "kalbartui.sqlite3")
    samples: list[float] = []
    cpu: list[
        float
    ] = []  # the same, in this thread's CPU time: what a busy machine adds is not in it
    counts: list[float] = []
    worst: dict[str, float] = {}
    try:
        for text in queries():
            q = Query.search(text)
            store.count(q)  # a first run warms the page cache as a user's second search would
            for _ in range(repeats):
                started, own = time.perf_counter(), time.thread_time()
                store.count(q, at_most=SEARCH_COUNT_CAP)
                store.page(q, limit=100)
                ms = (time.perf_counter() - started) * 1000
                cpu.append((time.thread_time() - own) * 1000)
                samples.append(ms)
                worst[text] = max(worst.get(text, 0.0), ms)
                started = time.perf_counter()
                store.count(q)
                counts.append((time.perf_counter() - started) * 1000)
    finally:
        store.close()
    slowest = sorted(worst.items(), key=lambda kv: kv[1], reverse=True)[:3]
    note = (
        f"{len(queries())} queries (common, middling, rare, prefix) × {repeats}; p50 "
        f"{percentile(samples, 50):.1f} ms; CPU p50 {percentile(cpu, 50):.1f} ms, p95 "
        f"{percentile(cpu, 95):.1f} ms; slowest: "
        + ", ".join(f"'{t}' {ms:.0f} ms" for t, ms in slowest)
    )
    return [
        Figure(
            f"search over {label} articles: count (up to {SEARCH_COUNT_CAP:,}) + first 100 rows",
            samples,
            "ms",
            Target("<=", 30),
            note=note,
            summary="p95",
        ),
        Figure(
            f"search over {label} articles: the exact count once typing rests",
            counts,
            "ms",
            None,
            note=f"p50 {percentile(counts, 50):.1f} ms; one statement, after the list is shown",
            summary="p95",
        ),
    ]
