"""KalbarOnline's shape: 13 feeds on one host over TLS at 300 ms latency, HTTP/2 against HTTP/1.1.

The server (hypercorn, `python -m tests.h2server`) runs in its own process with a throwaway CA
from trustme; the fetcher trusts that CA through an explicit SSL context. Each run is a fresh
Fetcher (new connections, new TLS handshake) that fetches the 13 feeds and parses each as it
arrives, as a refresh does. The floor is one round trip (the latency) plus the parsing.
"""

from __future__ import annotations

import asyncio
import ssl
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.stats import Figure, Target

FEEDS = 13
LATENCY = 0.3


class _Server:
    def __init__(self, http1: bool) -> None:
        self.http1 = http1
        self.urls: list[str] = []
        self.ca_file = ""
        self.proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> _Server:
        cmd = [sys.executable, "-m", "tests.h2server", f"--feeds={FEEDS}", f"--latency={LATENCY}"]
        if self.http1:
            cmd.append("--http1")
        root = Path(__file__).resolve().parent.parent
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=root
        )
        assert self.proc.stdout is not None
        head = self.proc.stdout.readline().split()
        if not head or head[0] != "ready":
            self.proc.kill()
            raise RuntimeError("the HTTP/2 feed server did not start")
        self.ca_file = head[2]
        for line in self.proc.stdout:
            if line.strip() == "end":
                break
            self.urls.append(line.strip())
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


async def _refresh(urls: list[str], ctx: ssl.SSLContext) -> tuple[float, int, float]:
    """Seconds for fetch + parse of every feed, articles parsed, and seconds spent parsing."""
    from kalbartui.feeds.fetch import Fetcher
    from kalbartui.feeds.parse import parse_feed

    now = datetime.now(UTC)
    parse_time = 0.0
    articles = 0

    async def one(f: Fetcher, url: str) -> None:
        nonlocal parse_time, articles
        result = await f.fetch(url)
        if result.status != "ok":
            raise RuntimeError(f"{url}: {result.error}")
        t = time.perf_counter()
        articles += len(parse_feed(result.body, url, now, result.content_type).articles)
        parse_time += time.perf_counter() - t

    started = time.perf_counter()
    async with Fetcher(timeout=20.0, max_concurrency=16, verify=ctx) as f:
        await asyncio.gather(*(one(f, u) for u in urls))
    return time.perf_counter() - started, articles, parse_time


def measure(http1: bool, n: int) -> tuple[list[float], list[float], int]:
    with _Server(http1) as server:
        ctx = ssl.create_default_context(cafile=server.ca_file)
        asyncio.run(_refresh(server.urls, ctx))  # warm: imports, the parser's first call
        totals, parses, count = [], [], 0
        for _ in range(n):
            total, count, parse = asyncio.run(_refresh(server.urls, ctx))
            totals.append(total)
            parses.append(parse)
    return totals, parses, count


def run(n: int, log=print) -> list[Figure]:  # noqa: ANN001
    log(f"  {FEEDS} feeds on one TLS host, {LATENCY * 1000:.0f} ms latency, HTTP/2…")
    h2, h2_parse, articles = measure(False, n)
    log("  the same over HTTP/1.1 (the server offers only http/1.1)…")
    h1, _h1_parse, _ = measure(True, n)
    parse = sorted(h2_parse)[len(h2_parse) // 2]
    floor = LATENCY + parse
    return [
        Figure(
            f"{FEEDS} feeds on one host over HTTP/2, 300 ms latency",
            h2,
            "s",
            Target("<=", round(1.5 * floor, 2)),
            note=f"{articles} articles; floor = one round trip + parsing ({parse * 1000:.0f} ms) "
            f"= {floor:.2f} s; target 1.5 × floor",
        ),
        Figure(
            f"{FEEDS} feeds on one host over HTTP/1.1 (4 connections), 300 ms latency",
            h1,
            "s",
            note=f"floor ⌈{FEEDS}/4⌉ round trips = {-(-FEEDS // 4) * LATENCY:.1f} s plus parsing",
        ),
    ]
