"""Saved views in the reader: 20 views over the 100k cache, their counts brought up to date
after each feed lands, while a 2 ms timer on the event loop measures how long the loop is held.

The reader runs headless in this process (Textual's test driver, nothing mocked): a feed
"lands" as a refresh's process lands one, its articles written through another connection,
then the screen hears of it (`on_refresher_landed`), as from the refresh. Timed: from that
moment to the new counts being in the sidebar. The loop's longest hold is the timer's worst
lateness over the same span (the list's own reload included), and the view counts' own time on
the loop (putting the numbers in the sidebar) is timed by itself.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks import caches
from benchmarks.stats import Figure, Target, percentile

TICK = 0.002
# The kalbar preset's 14 and six of the kinds a reader saves: a topic, fields, a date, NOT.
EXTRA_VIEWS = [
    ("Banjir", "banjir"),
    ("Jembatan", "title:jembatan"),
    ("Sekolah", "category:Pendidikan sekolah"),
    ("Tulisan Rina", 'author:"rina marlina"'),
    ("Asap pekan ini", '"kabut asap" newer:7d'),
    ("Sawit bukan opini", "sawit -category:Opini"),
]
PLACES = ["Sintang", "Kubu Raya", "Kapuas Hulu", "Ketapang", "Sambas", "Melawi", "Landak"]


def _views_toml() -> str:
    from kalbartui.views import KALBAR

    lines = []
    for name, query in [(v.name, v.query) for v in KALBAR] + EXTRA_VIEWS:
        escaped = query.replace("\\", "\\\\").replace('"', '\\"')
        lines += ["[[views]]", f'name = "{name}"', f'query = "{escaped}"', ""]
    return "\n".join(lines)


def _land(db: Path, feed_id: int, round_no: int) -> None:
    """A feed's ten new articles, written as the refresh's process writes them."""
    from kalbartui.models import FeedResult, ParsedArticle, ParsedFeed
    from kalbartui.store import open_store

    now = datetime.now(UTC)
    articles = tuple(
        ParsedArticle(
            guid=f"https://kabar-bench.example/?p={round_no * 100 + i}",
            url=f"https://kabar-bench.example/{round_no}/{i}/",
            title=f"Banjir Rendam Tiga Desa di {PLACES[(round_no + i) % len(PLACES)]}",
            author="Rina Marlina",
            published=now - timedelta(minutes=i),
            published_estimated=False,
            categories=("Kalbar",),
            summary="Warga mengungsi ke sekolah terdekat.",
            content_html="<p>Warga mengungsi ke sekolah terdekat setelah hujan deras.</p>",
        )
        for i in range(10)
    )
    store = open_store(db)
    try:
        parsed = ParsedFeed(
            title="Kabar Bench", link="https://kabar-bench.example/", articles=articles
        )
        store.save_results([FeedResult(feed_id, parsed=parsed)], now)
    finally:
        store.close()


async def _measure(home: Path, rounds: int) -> dict[str, Any]:
    from kalbartui.config import load_config
    from kalbartui.paths import Paths
    from kalbartui.ui.app import KalbarApp

    config_file = home / "config.toml"
    paths = Paths(config=config_file, data_dir=home / "data", cache_dir=home / "data" / "cache")
    app = KalbarApp(load_config(config_file), paths, refresh=False)
    result: dict[str, Any] = {"update": [], "hold": [], "on_loop": [], "thread": []}
    async with app.run_test(headless=True, size=(160, 48)) as pilot:
        counts = app.main.counts
        while None in counts.view_unread:
            await pilot.pause(0.01)
        sidebar = app.main.sidebar
        shown: list[float] = []
        original = sidebar.show_view_counts

        def timed(*args: Any) -> None:
            started = time.perf_counter()
            original(*args)
            now = time.perf_counter()
            result["on_loop"].append((now - started) * 1000)
            shown.append(now)

        sidebar.show_view_counts = timed  # type: ignore[method-assign]
        late: list[tuple[float, float]] = []  # (when, ms late)
        probing = True

        async def probe() -> None:
            while probing:
                before = time.perf_counter()
                await asyncio.sleep(TICK)
                now = time.perf_counter()
                late.append((now, (now - before - TICK) * 1000))

        task = asyncio.get_running_loop().create_task(probe())
        feed_id = app.store.feeds()[0].id
        db = paths.database
        for round_no in range(rounds):
            await asyncio.to_thread(_land, db, feed_id, round_no)
            await pilot.pause(0.05)
            shown.clear()
            started = time.perf_counter()
            app.main.on_refresher_landed()
            async with asyncio.timeout(60):  # a broken reader fails the run, never hangs it
                while not shown:
                    await asyncio.sleep(0.001)
            result["update"].append((shown[0] - started) * 1000)
            result["thread"].append(counts.view_seconds * 1000)
            await asyncio.sleep(0.02)  # the probe's tick that spans the handler lands too
            window = [ms for when, ms in late if started <= when <= shown[0] + 0.02]
            result["hold"].append(max(window, default=0.0))
        probing = False
        await task
        result["views"] = len(app.config.views)
    return result


def run(
    work: Path, cache_dir: Path, *, rounds: int, label: str = "100k", log=print
) -> list[Figure]:  # noqa: ANN001
    home = caches.working_copy(cache_dir, work / "views-bench")
    config = home / "config.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + _views_toml(), encoding="utf-8")
    log(f"  20 saved views over {label}, {rounds} feeds landing…")
    r = asyncio.run(_measure(home, rounds))
    note = (
        f"{r['views']} views; counted in a thread in p50 {percentile(r['thread'], 50):.0f} ms; "
        f"on the loop (the numbers into the sidebar) p95 {percentile(r['on_loop'], 95):.2f} ms"
    )
    return [
        Figure(
            f"{r['views']} saved views' counts up to date after a feed lands ({label})",
            r["update"],
            "ms",
            Target("<=", 100),
            note=note,
            summary="p95",
        ),
        Figure(
            f"longest event-loop hold while they update ({label}; the list's reload included)",
            r["hold"],
            "ms",
            Target("<=", 20),
            note=f"worst {max(r['hold']):.1f} ms; a {TICK * 1000:.0f} ms timer's lateness",
            summary="p95",
        ),
        Figure(
            "the view counts' own time on the event loop",
            r["on_loop"],
            "ms",
            Target("<=", 20),
            summary="p95",
        ),
    ]
