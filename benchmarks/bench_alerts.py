"""Alerts at ingest over the 100k cache: what matching one feed's new articles against the
config's alerts adds to that feed's write transaction (the lock the reader's own writes wait
behind). Each run matches and records inside a transaction that is then rolled back."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import caches
from benchmarks.stats import Figure, percentile

NEW_PER_FEED = 10  # a feed's new articles in one refresh


def specs() -> tuple[object, ...]:
    from kalbartui.models import AlertSpec

    return (
        AlertSpec("pemerintah"),  # common: most of the cache
        AlertSpec("banjir OR kebakaran lahan", name="Bencana"),
        AlertSpec("tengkawang"),  # rare
        AlertSpec('title:/^Pemkot / OR "harga beras"'),  # a pattern and a phrase
        AlertSpec("sekolah", scope="feed:a"),
    )


def run(cache_dir: Path, work: Path, *, repeats: int, log=print) -> list[Figure]:  # noqa: ANN001
    from kalbartui.store import open_store
    from kalbartui.store.alerts import record_alerts

    copy = caches.working_copy(cache_dir, work / "alerts-100k")
    store = open_store(copy / "data" / "kalbartui.sqlite3")
    conn = store.conn
    alerts = specs()
    now = datetime.now(UTC)
    samples: list[float] = []
    found = 0
    try:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM articles ORDER BY id DESC LIMIT ?", (NEW_PER_FEED * repeats,)
            )
        ]
        for k in range(repeats):
            batch = ids[k * NEW_PER_FEED : (k + 1) * NEW_PER_FEED]
            conn.execute("BEGIN IMMEDIATE")
            started = time.perf_counter()
            found += len(record_alerts(conn, batch, alerts, "Kalbar", now))  # type: ignore[arg-type]
            samples.append((time.perf_counter() - started) * 1000)
            conn.rollback()
    finally:
        store.close()
    note = (
        f"{len(alerts)} alerts × {NEW_PER_FEED} new articles, {repeats} feeds; p50 "
        f"{percentile(samples, 50):.1f} ms; {found / max(repeats, 1):.1f} alerts a feed"
    )
    return [
        Figure(
            "alerts at ingest over 100k: matching one feed's new articles (in its write)",
            samples,
            "ms",
            None,
            note=note,
            summary="p95",
        )
    ]
