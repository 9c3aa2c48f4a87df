"""The reader's memory over many refreshes that bring nothing new.

    python scripts/refresh_memory.py --refreshes 240 --out /tmp/refresh-memory

Runs the reader in this process (Textual's headless Pilot, 140x45) over 20 unchanged feeds on
a loopback server (ten answer 304 to a conditional GET, ten send the same body again), presses
`r` and waits for each refresh to end, `--refreshes` times. Every `--every` refreshes it writes
a row of memory.csv: the reader's resident memory (VmRSS) and what tracemalloc counts as
allocated by Python, both after a full garbage collection. With `--trace` (slower) it keeps
tracemalloc snapshots after the warm-up and at the end and prints what grew the most between
them, by the line that allocated it. The slope (bytes per refresh, least squares over the rows
after the warm-up) is printed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gc
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from kalbartui.config import Config  # noqa: E402 - after the path is set
from kalbartui.core import Core  # noqa: E402
from kalbartui.models import FeedSpec  # noqa: E402
from kalbartui.paths import Paths  # noqa: E402
from kalbartui.ui.app import KalbarApp  # noqa: E402
from tests.feedserver import FeedServer, feed_route  # noqa: E402

FEEDS = 20
ITEMS = 15
START = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


def feed_body(n: int) -> bytes:
    items = []
    for i in range(ITEMS):
        when = format_datetime(START - timedelta(hours=n * ITEMS + i), usegmt=True)
        items.append(
            f"<item><title>Kabar Kapuas {n}-{i}: warga membersihkan parit</title>"
            f"<link>https://kalbar.example/berita/{n}-{i}/</link>"
            f"<guid>https://kalbar.example/?p={n * 100 + i}</guid><pubDate>{when}</pubDate>"
            f"<description>Warga Pontianak bergotong royong membersihkan parit {i} "
            f"menjelang musim hujan.</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Kabar {n}</title><link>https://kalbar.example/</link>{''.join(items)}"
        "</channel></rss>"
    ).encode()


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def slope(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    if n < 2:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


async def run(args: argparse.Namespace) -> None:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    # The feeds come from another process: what the server keeps is not the reader's memory.
    server = subprocess.Popen(  # noqa: S603 - this interpreter, this script
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    base = server.stdout.readline().strip()
    tmp = Path(tempfile.mkdtemp(prefix="kalbartui-refresh-memory-"))
    paths = Paths(config=tmp / "config.toml", data_dir=tmp / "data", cache_dir=tmp / "cache")
    feeds = tuple(FeedSpec(url=f"{base}/kabar/{n}.xml") for n in range(FEEDS))
    config = Config(
        language="en",
        sources=(),
        feeds=feeds,
        refresh_on_start=False,
        refresh_interval_minutes=0,
        keep_days=0,
        full_text="never",
        images="off",
    )
    core, _ = Core.open(config, paths)
    with core:
        # The cache filled once: every refresh after brings nothing.
        await asyncio.to_thread(core.refresh, pages=False)
    app = KalbarApp(config, paths, refresh=True)
    rows = (out / "memory.csv").open("w", newline="")
    writer = csv.writer(rows)
    writer.writerow(["refresh", "rss_kb", "traced_kb", "seconds"])
    if args.trace:
        tracemalloc.start(args.frames)
    first: tracemalloc.Snapshot | None = None
    xs: list[float] = []
    rss: list[float] = []
    traced: list[float] = []
    started = time.monotonic()
    async with app.run_test(size=(140, 45)) as pilot:
        refresher = app.main.refresher
        for done in range(1, args.refreshes + 1):
            await pilot.press("r")
            while refresher.refreshing or refresher.running:
                await pilot.pause(0.02)
            if done % args.every and done != args.refreshes:
                continue
            await pilot.pause(0.1)
            gc.collect()
            size = tracemalloc.get_traced_memory()[0] if args.trace else 0
            row = (done, rss_kb(), size // 1024, round(time.monotonic() - started, 1))
            writer.writerow(row)
            rows.flush()
            print(*row, sep="\t", flush=True)
            if done >= args.warmup:
                xs.append(done)
                rss.append(row[1] * 1024)
                traced.append(size)
            if args.trace and first is None and done >= args.warmup:
                first = tracemalloc.take_snapshot()
        if args.trace and first is not None:
            gc.collect()
            last = tracemalloc.take_snapshot()
            keep = [tracemalloc.Filter(False, tracemalloc.__file__)]
            ours = [*keep, tracemalloc.Filter(True, "*/kalbartui/*", all_frames=True)]
            for title, filters, group, top in (
                ("by the line that allocated it", keep, "lineno", 15),
                ("where kalbartui's own code is on the way (traceback)", ours, "traceback", 6),
            ):
                diff = last.filter_traces(filters).compare_to(first.filter_traces(filters), group)
                print(f"\nwhat grew most after the warm-up, {title}:")
                for stat in diff[:top]:
                    print(f"+{stat.size_diff / 1024:.1f} KB in {stat.count_diff:+d} blocks")
                    for line in stat.traceback.format()[-2 * args.frames :]:
                        print("   ", line)
        await pilot.press("q")
    rows.close()
    server.terminate()
    server.wait(10)
    n = len(xs)
    print(
        f"\n{args.refreshes} refreshes, {time.monotonic() - started:.0f} s; after refresh "
        f"{args.warmup} ({n} rows): RSS {slope(xs, rss):+.0f} bytes a refresh"
        + (f", traced {slope(xs, traced):+.0f} bytes a refresh" if args.trace else "")
    )


def serve() -> None:
    """The feeds, until this process is ended: prints the server's base URL first."""
    server = FeedServer().start()
    server.hits = _Forgetful()
    for n in range(FEEDS):
        etag = f'"kabar-{n}"' if n % 2 == 0 else ""
        server.routes[f"/kabar/{n}.xml"] = feed_route(feed_body(n), etag=etag)
    print(server.url("").rstrip("/"), flush=True)
    signal.sigwait({signal.SIGTERM})
    server.stop()


class _Forgetful(list):  # type: ignore[type-arg]
    """The server's record of requests, kept empty: nobody reads it here."""

    def append(self, item: object) -> None:
        pass


def main() -> None:
    if sys.argv[1:] == ["--serve"]:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        serve()
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--refreshes", type=int, default=240)
    parser.add_argument("--every", type=int, default=10, help="a row every this many refreshes")
    parser.add_argument("--warmup", type=int, default=40, help="refreshes before the slope")
    parser.add_argument("--trace", action="store_true", help="tracemalloc, and what grew")
    parser.add_argument("--frames", type=int, default=6, help="frames kept per allocation")
    parser.add_argument("--out", type=Path, default=Path("/tmp/kalbartui-refresh-memory"))
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
