"""Full-text search over the 100k cache, timed as the reader runs it: the count and the first page."""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks import corpus
from benchmarks.stats import Figure, Target, percentile


def queries() -> list[str]:
    return corpus.SEARCH_COMMON + corpus.SEARCH_MIDDLE + corpus.SEARCH_RARE + corpus.SEARCH_PREFIX


def run(cache_dir: Path, *, repeats: int, label: str = "100k", log=print) -> list[Figure]:  # noqa: ANN001
    from kalbartui.store import Query, open_store

    store = open_store(cache_dir / "data" / "kalbartui.sqlite3")
    samples: list[float] = []
    worst: dict[str, float] = {}
    try:
        for text in queries():
            q = Query.search(text)
            store.count(q)  # a first run warms the page cache as a user's second search would
            for _ in range(repeats):
                started = time.perf_counter()
                store.count(q)
                store.page(q, limit=100)
                ms = (time.perf_counter() - started) * 1000
                samples.append(ms)
                worst[text] = max(worst.get(text, 0.0), ms)
    finally:
        store.close()
    slowest = sorted(worst.items(), key=lambda kv: kv[1], reverse=True)[:3]
    note = (
        f"{len(queries())} queries (common, middling, rare, prefix) × {repeats}; p50 "
        f"{percentile(samples, 50):.1f} ms; slowest: "
        + ", ".join(f"'{t}' {ms:.0f} ms" for t, ms in slowest)
    )
    return [
        Figure(
            f"search over {label} articles: count + first 100 rows",
            samples,
            "ms",
            Target("<=", 30),
            note=note,
            summary="p95",
        )
    ]
