"""Where a CLI refresh of 200 feeds spends its time: `python -m benchmarks.profile_refresh`.

Against the benchmark's loopback server (200 feeds × 10 items, 25 sites, 100 ms latency,
max_concurrency 16) it measures: the whole `kalbartui refresh -q` as a user runs it; the
interpreter start and the imports alone; then one refresh in this process with a timer on
each store call, the event loop's own CPU, a pyinstrument profile of the event-loop thread,
the parsing CPU of the 200 bodies done serially, and the same writes without full-text
indexing. Prints a report; nothing here asserts anything.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import bench_refresh, corpus, runs
from benchmarks.server import RunningServer, build_bodies

FEEDS = bench_refresh.FEEDS
CONCURRENCY = 16


def _wall(cmd: list[str], env: dict[str, str], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, cwd=runs.ROOT)
        out.append(time.perf_counter() - t)
    return out


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms (runs: {', '.join(f'{v * 1000:.0f}' for v in values)})"


def _instrumented(config_path: Path, db: Path, profile_out: Path | None) -> dict:
    """One refresh in this process; store calls timed in their threads."""
    import kalbartui.refresh.runner as refresh_mod
    from kalbartui.config import load_config
    from kalbartui.store import Store

    timings: dict[str, list[float]] = defaultdict(list)

    def timed(name: str, fn):  # noqa: ANN001, ANN202
        @functools.wraps(fn)
        def wrapper(*a, **kw):  # noqa: ANN002, ANN003, ANN202
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                timings[name].append(time.perf_counter() - t)

        return wrapper

    saved = {
        "open_store": refresh_mod.open_store,
        "save_results": Store.save_results,
        "sync_feeds": Store.sync_feeds,
        "feeds": Store.feeds,
    }
    refresh_mod.open_store = timed("open_store (open, schema check)", saved["open_store"])
    Store.save_results = timed(
        "save_results in this process (304s and errors; workers write new feeds)",
        saved["save_results"],
    )  # type: ignore[method-assign]
    Store.sync_feeds = timed("sync_feeds", saved["sync_feeds"])  # type: ignore[method-assign]
    Store.feeds = timed("feeds", saved["feeds"])  # type: ignore[method-assign]
    config = load_config(config_path)
    profiler = None
    if profile_out is not None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001, async_mode="disabled")
    try:
        cpu0 = time.thread_time()
        t0 = time.perf_counter()
        if profiler:
            profiler.start()
        report = asyncio.run(refresh_mod.Refresher(config, db).run())
        if profiler:
            profiler.stop()
        wall = time.perf_counter() - t0
        loop_cpu = time.thread_time() - cpu0
    finally:
        refresh_mod.open_store = saved["open_store"]
        Store.save_results = saved["save_results"]  # type: ignore[method-assign]
        Store.sync_feeds = saved["sync_feeds"]  # type: ignore[method-assign]
        Store.feeds = saved["feeds"]  # type: ignore[method-assign]
    if profiler and profile_out is not None:
        profile_out.write_text(profiler.output_text(unicode=True, color=False, show_all=False))
    return {
        "wall": wall,
        "loop_cpu": loop_cpu,
        "new": report.new_total,
        "timings": {k: (sum(v), len(v)) for k, v in timings.items()},
    }


def _parse_cpu(port: int) -> tuple[float, int]:
    """The 200 bodies parsed one after another in this process: the parsing work in all."""
    from kalbartui.refresh.worker import parse_job as _parse_job

    newest = corpus.day_floor(datetime.now(UTC))
    bodies = build_bodies(FEEDS, newest, port)
    now = datetime.now(UTC)
    _parse_job(next(iter(bodies.values())).plain, "http://127.0.0.1/", now, "")  # warm
    t = time.process_time()
    n = 0
    for path, body in bodies.items():
        parsed, _texts = _parse_job(body.plain, f"http://127.0.0.1{path}", now, "")
        n += len(parsed.articles)
    return time.process_time() - t, n


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.profile_refresh")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--work", default=".bench/profile")
    a = p.parse_args(argv)
    work = (runs.ROOT / a.work).resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = runs.clean_env(work / "home")
    py = sys.executable
    newest = corpus.day_floor(datetime.now(UTC))
    print(f"load before: {Path('/proc/loadavg').read_text().split()[:3]}")
    with RunningServer(FEEDS, bench_refresh.LATENCY, newest) as server:
        config = bench_refresh._config(work / "config.toml", server.urls(), CONCURRENCY)
        data = work / "data"
        new, same = [], []
        for _ in range(a.runs):
            shutil.rmtree(data, ignore_errors=True)
            server.reset()
            new += _wall(runs.kalbartui_cmd(config, data, "refresh", "-q"), env, 1)
        for _ in range(a.runs):
            server.reset()
            same += _wall(runs.kalbartui_cmd(config, data, "refresh", "-q"), env, 1)
        print(f"CLI refresh, all new:   {_ms(new)}")
        print(f"CLI refresh, all 304:   {_ms(same)}")
        print(f"python -c pass:         {_ms(_wall([py, '-c', 'pass'], env, a.runs))}")
        print(
            "python -m kalbartui --version: "
            + _ms(_wall([py, "-m", "kalbartui", "--version"], env, a.runs))
        )
        imports = (
            "import kalbartui.cli, kalbartui.refresh.runner, kalbartui.feeds.parse, feedparser"
        )
        print(f"+ refresh's imports:    {_ms(_wall([py, '-c', imports], env, a.runs))}")
        print(
            f"latency floor: {-(-FEEDS.feeds // CONCURRENCY)} round trips × "
            f"{bench_refresh.LATENCY * 1000:.0f} ms"
        )

        for label, profile in (
            ("all new", work / "profile-new.txt"),
            ("all 304", work / "profile-304.txt"),
        ):
            db = work / "inproc.sqlite3"
            if label == "all new":
                for suffix in ("", "-wal", "-shm"):
                    Path(str(db) + suffix).unlink(missing_ok=True)
            server.reset()
            r = _instrumented(config, db, profile)
            print(f"\nin-process refresh, {label}: wall {r['wall'] * 1000:.0f} ms, {r['new']} new")
            print(f"  event-loop thread CPU: {r['loop_cpu'] * 1000:.0f} ms")
            for name, (total, count) in sorted(r["timings"].items(), key=lambda kv: -kv[1][0]):
                print(f"  {name}: {total * 1000:.0f} ms in {count} calls")
            if profile:
                print(f"  pyinstrument profile of the event-loop thread: {profile}")
        cpu, n = _parse_cpu(server.port)
        print(f"\nparsing 200 bodies serially: {cpu * 1000:.0f} ms CPU for {n} articles")
    print(f"load after: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
