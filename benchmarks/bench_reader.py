"""The reader's figures, through the real app: first paint, opening a long article, memory, stalls.

First paint, the long article and memory are timed from outside, on a pseudo-terminal
(benchmarks.terminal): from spawning `python -m kalbartui` to the moment the text is on
screen. The stall is measured inside the app (benchmarks.reader_child), since only the
event loop knows how late its own timer fires.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import sqlite3
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import bench_refresh, caches, corpus, newsboat, runs
from benchmarks.server import RunningServer
from benchmarks.stats import Figure, Target
from benchmarks.terminal import Terminal

COLS, ROWS = 160, 48


def _titles(db: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [
            r[0]
            for r in conn.execute(
                "SELECT title FROM articles ORDER BY published DESC, id DESC LIMIT 2"
            )
        ]
    finally:
        conn.close()


def _open(cache_dir: Path, home: Path) -> Terminal:
    cmd = runs.kalbartui_cmd(cache_dir / "config.toml", cache_dir / "data")
    env = runs.clean_env(home)
    # An installed kalbartui starts from its bytecode (pip compiles it at install; a source
    # checkout writes it on its first run). Without this, a PYTHONDONTWRITEBYTECODE in the
    # caller's environment would make every start compile kalbartui's ~100 modules again
    # (~150 ms of CPU), which no user's second start pays. The warm-up run writes it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return Terminal(cmd, env, runs.ROOT, COLS, ROWS).start()


def first_paint(cache_dir: Path, home: Path, n: int) -> tuple[list[float], list[float]]:
    """Spawn to the second row's title on screen (the list, not the reading pane); and RSS then."""
    needle = _titles(cache_dir / "data" / "kalbartui.sqlite3")[1][:16]
    times, rss = [], []
    _once(cache_dir, home, needle)  # the OS file cache warm, as on a user's second start
    for _ in range(n):
        t, r = _once(cache_dir, home, needle)
        times.append(t)
        rss.append(r)
    return times, rss


def _once(cache_dir: Path, home: Path, needle: str) -> tuple[float, float]:
    term = _open(cache_dir, home)
    try:
        at = term.wait_for(needle)
        return at - term.started, term.peak_rss_mb()
    finally:
        term.close()


def _long_needle(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        body = conn.execute(
            "SELECT content_html FROM articles WHERE title = ?", (caches.LONG_TITLE,)
        ).fetchone()[0]
    finally:
        conn.close()
    first = re.search(r"<p>(.*?)</p>", body, re.S)
    assert first is not None
    words = html.unescape(re.sub(r"<[^>]+>", "", first.group(1))).split()
    # "KalbarOnline, Place – word word": the first line of the reading pane, never in the list.
    dash = words.index("–")
    return " ".join(words[dash + 1 : dash + 4])


def open_long(cache_dir: Path, home: Path, n: int) -> list[float]:
    """Key press (down onto the 10,000-word article) to its first words in the reading pane."""
    db = cache_dir / "data" / "kalbartui.sqlite3"
    needle = _long_needle(db)
    list_needle = caches.LONG_TITLE[:16]
    out = []
    for _ in range(n + 1):
        term = _open(cache_dir, home)
        try:
            term.wait_for(list_needle)
            term.settle()
            mark = len(term.text)
            sent = term.press("down")
            at = term.wait_for(needle, since=mark)
            out.append(at - sent)
        finally:
            term.close()
    return out[1:]  # the first run warms the file cache


BROWSE = (
    ["pagedown"] * 40 + ["end", "home"] + ["down"] * 60 + ["enter", "escape"] + ["down"] * 30
    + ["enter", "escape", "end"] + ["pageup"] * 20 + ["enter", "escape", "home"]
)  # fmt: skip


def browse_memory(cache_dir: Path, home: Path, n: int) -> list[float]:
    """Peak resident memory (VmHWM) after paging, jumping, opening articles and searching."""
    needle = _titles(cache_dir / "data" / "kalbartui.sqlite3")[1][:16]
    out = []
    for _ in range(n):
        term = _open(cache_dir, home)
        try:
            term.wait_for(needle)
            term.settle()
            for key in BROWSE:
                term.press(key)
                term.drain(0.01)
            for key in ["/", *"pontianak", "enter", "down", "down", "enter", "escape", "escape"]:
                term.press(key)
                term.drain(0.02)
            term.settle()
            out.append(term.peak_rss_mb())
        finally:
            term.close()
    return out


def stalls(
    work: Path, cache_dir: Path, n: int, concurrency: int = 16
) -> tuple[list[float], list[float], list[str]]:
    """Longest event-loop stall (ms) while a 200-feed refresh runs inside the reader, and the
    longest the reader's own write (a star) took meanwhile (ms)."""
    out: list[float] = []
    writes: list[float] = []
    own: list[float] = []
    notes: list[str] = []
    newest = corpus.day_floor(datetime.now(UTC))
    with RunningServer(bench_refresh.FEEDS, bench_refresh.LATENCY, newest) as server:
        home = work / "reader-stall"
        for _ in range(n):
            shutil.rmtree(home, ignore_errors=True)
            shutil.copytree(cache_dir / "data", home / "data")
            config = bench_refresh._config(home / "config.toml", server.urls(), concurrency)
            text = config.read_text().replace(
                "refresh_interval_minutes = 0",
                "refresh_interval_minutes = 0\nrefresh_on_start = true",
            )
            config.write_text(text)
            result_file = home / "stall.json"
            t = runs.run_timed(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.reader_child",
                    "--config",
                    str(config),
                    "--data-dir",
                    str(home / "data"),
                    "--out",
                    str(result_file),
                ],
                runs.clean_env(home),
                timeout=120,
            )
            if t.returncode != 0 or not result_file.exists():
                notes.append(f"stall run failed: {t.stderr[-300:]}")
                continue
            r = json.loads(result_file.read_text())
            if not r["late"] or not r.get("new"):
                notes.append(
                    f"the refresh inside the reader stored {r.get('new')} articles {r.get('error', '')}"
                )
            out.append(max(r["late"]) * 1000 if r["late"] else float("nan"))
            if r.get("writes"):
                writes.append(max(r["writes"]) * 1000)
            if r.get("late_cpu"):
                own.append(max(r["late_cpu"]) * 1000)
            worst = sorted(r.get("stalls", []), key=lambda s: s[1], reverse=True)[:2]
            notes.append(
                f"refresh took {r['refresh_seconds'] or float('nan'):.1f} s, {r['new']} new; worst stalls (s after the refresh started, ms late, ms of the loop thread's CPU): {worst}"
            )
    if own:
        notes.append(
            "the event-loop thread's own CPU in its busiest 5 ms tick: "
            + ", ".join(f"{v:.0f}" for v in own)
            + " ms (the rest of a stall is waiting for a core)"
        )
    return out, writes, notes


def run(
    work: Path,
    cache_dirs: dict[str, Path],
    *,
    sizes: list[str],
    n: int,
    newsboat: bool,
    log=print,  # noqa: ANN001
) -> list[Figure]:
    home = work / "reader-home"
    home.mkdir(parents=True, exist_ok=True)
    figures: list[Figure] = []
    # Working copies: the reader may write (read flags, its state file); the built caches stay clean.
    copies = {
        name: caches.working_copy(cache_dirs[name], work / f"reader-{name}") for name in sizes
    }
    paints: dict[str, list[float]] = {}
    for name in sizes:
        log(f"  first paint with the {name} cache…")
        times, rss = first_paint(copies[name], home, n)
        paints[name] = times
        nb_times = None
        if newsboat:
            nb_home = newsboat_cache(name, work, log)
            # newsboat reads its whole cache before printing: ~40 s at 100k, so fewer runs there.
            nb_times = nb_print_unread(nb_home, 2 if name == "100k" else n, warm=name != "100k")
        target = Target("<=", 0.45) if name == "100k" else None
        figures.append(
            Figure(
                f"start to first paint of the list, {name} articles cached",
                times,
                "s",
                target,
                note=f"RSS at first paint {statistics.median(rss):.0f} MB"
                + (
                    "; newsboat: `newsboat -x print-unread` on a cache of the same articles"
                    if nb_times
                    else ""
                ),
                newsboat=nb_times,
            )
        )
    if "1k" in paints and "100k" in paints:
        ratio = statistics.median(paints["100k"]) / statistics.median(paints["1k"])
        figures.append(
            Figure(
                "first paint: 100k cache ÷ 1k cache",
                [ratio],
                "x",
                Target("<=", 1.2),
                note="ratio of the medians above",
            )
        )
    log("  opening the 10,000-word article…")
    long_copy = caches.working_copy(cache_dirs["long"], work / "reader-long")
    figures.append(
        Figure(
            "open a 10,000-word article in the reading pane (key to first words on screen)",
            open_long(long_copy, home, n),
            "s",
            Target("<=", 0.150),
        )
    )
    if "100k" in copies:
        log("  memory while browsing the 100k cache…")
        mem = browse_memory(copies["100k"], home, max(2, n // 2))
        figures.append(
            Figure(
                "peak memory (RSS) browsing 100k articles: paging, jumps, 4 articles, a search",
                mem,
                "MB",
                Target("<=", 150),
            )
        )
    log("  event-loop stall during a refresh inside the reader…")
    stall_cache = cache_dirs.get("10k", cache_dirs[sizes[0]])
    worst, writes, notes = stalls(work, stall_cache, max(2, n - 2))
    figures.append(
        Figure(
            "longest event-loop stall during a 200-feed refresh in the reader (max_concurrency 16)",
            worst,
            "ms",
            Target("<=", 20),
            note="; ".join(notes),
        )
    )
    if writes:
        figures.append(
            Figure(
                "longest wait of the reader's own write (a star) during that refresh",
                writes,
                "ms",
                Target("<=", 16),
                note="star + unstar through the reader's connection every ~50 ms, halved",
            )
        )
    return figures


def newsboat_cache(name: str, work: Path, log=print) -> Path:  # noqa: ANN001
    return newsboat.ensure_cache(name, caches.SIZES[name], work, log)


def nb_print_unread(home: Path, n: int, warm: bool = True) -> list[float]:
    return newsboat.print_unread_times(home, n, warm=warm)
