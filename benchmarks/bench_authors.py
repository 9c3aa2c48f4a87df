"""Authors over the 100k cache: the bylines a refresh's authors pass looks at (a WordPress
source of 13 feeds, and the worst case, every feed of the cache in one source), the author's
look-up that `show` and the reading pane add to opening an article, and the `a` key's list
(`author:"NAME"`: its count and first page), on a working copy (the pass writes its misses)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from benchmarks import caches
from benchmarks.stats import Figure, Target, percentile


def run(work: Path, cache_dir: Path, *, repeats: int, log=print) -> list[Figure]:  # noqa: ANN001
    from kalbartui.store import Query, open_store
    from kalbartui.store.authors import AuthorToAsk
    from kalbartui.store.search import SEARCH_COUNT_CAP

    copy = caches.working_copy(cache_dir, work / "authors-100k")
    store = open_store(copy / "data" / "kalbartui.sqlite3")
    figures: list[Figure] = []
    try:
        feeds = [r[0] for r in store.conn.execute("SELECT id FROM feeds ORDER BY id")]

        def pass_lookup(name: str, feed_ids: list[int]) -> Figure:
            with store.conn:
                store.conn.execute("DELETE FROM authors")
                store.conn.execute("UPDATE feeds SET source = ''")
                store.conn.executemany(
                    "UPDATE feeds SET source = 'Situs' WHERE id = ?", [(i,) for i in feed_ids]
                )
            now = time.time()
            first, again = [], []
            for _ in range(repeats):
                started = time.perf_counter()
                todo = store.authors_to_ask("Situs", now, 7 * 86400, 20)
                first.append((time.perf_counter() - started) * 1000)
            store.save_authors([(who, None) for who in todo], now)
            rest = store.authors_to_ask("Situs", now, 7 * 86400, 10_000)
            store.save_authors([(who, None) for who in rest], now)
            for _ in range(repeats):
                started = time.perf_counter()
                store.authors_to_ask("Situs", now, 7 * 86400, 20)
                again.append((time.perf_counter() - started) * 1000)
            return Figure(
                f"authors pass: bylines to ask, {name}",
                first,
                "ms",
                note=f"every byline known already: {statistics.median(again):.1f} ms",
            )

        figures.append(pass_lookup("a source of 13 feeds", feeds[:13]))
        figures.append(pass_lookup(f"all {len(feeds)} feeds in one source", feeds))

        ids = [r[0] for r in store.conn.execute("SELECT id FROM articles LIMIT 500")]
        names = list(
            dict.fromkeys(
                r[0] for r in store.conn.execute("SELECT site || char(31) || author FROM articles")
            )
        )
        store.save_authors([(AuthorToAsk(*n.split("\x1f", 1)), None) for n in names], time.time())
        with_lookup = []
        for _ in range(repeats):
            started = time.perf_counter()
            for article_id in ids:
                store.article(article_id)
            with_lookup.append((time.perf_counter() - started) * 1_000_000 / len(ids))
        figures.append(
            Figure("open an article (store.article, with its author's box)", with_lookup, "µs")
        )

        authors = [
            r[0] for r in store.conn.execute("SELECT DISTINCT author FROM articles LIMIT 10")
        ]
        samples: list[float] = []
        exact: list[float] = []
        per_author = 0
        for author in authors:
            query = Query.search('author:"' + author.replace('"', " ") + '"')
            per_author = store.count(query)  # warmed, as bench_search does
            for _ in range(repeats):
                # What the list does on `a`: the count as a fresh search counts it, and the
                # first rows; the exact count follows once typing rests.
                started = time.perf_counter()
                store.count(query, at_most=SEARCH_COUNT_CAP)
                store.page(query, limit=100)
                samples.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                store.count(query)
                exact.append((time.perf_counter() - started) * 1000)
        figures.append(
            Figure(
                "a: an author's articles over 100k (count up to 2,000 + first 100 rows)",
                samples,
                "ms",
                target=Target("<=", 30.0),
                summary="p95",
                note=(
                    f"{len(authors)} authors × {repeats}, ~{per_author:,} articles each; the "
                    f"exact count after: p95 {percentile(exact, 95):.0f} ms"
                ),
            )
        )
    finally:
        store.close()
    log("  authors done")
    return figures
