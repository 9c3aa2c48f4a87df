"""Rules at ingest: what 50 [[rules]] cost ingest.

Ingest as `bench_ingest` measures it (`kalbartui refresh` on local feed files: parse in worker
processes, each feed stored by its worker) with no rules and with 50 varied rules (words,
phrases, prefixes, fields, regular expressions, dates, OR and NOT, scopes; every action): the
ratio of the two throughputs is the figure (target: at most 10 % slower). Then the store's side
alone (the part rules run in), one feed per transaction as the workers write, into a cache that
already holds many articles: the rules ask only the new articles of each write, so the cache's
size should not show; without the parse to share the time with, this ratio is the severer one.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import bench_ingest, corpus, runs
from benchmarks.stats import Figure, Target

PREFILL_COPIES = 4  # the cache holds this many copies of the first feeds' articles first
TIMED_FEEDS = 100  # feeds whose new articles are timed (10 items each)

_PLACES = ["Sintang", "Ketapang", "Sambas", "Singkawang", "Kubu Raya", "Melawi", "Landak"]


def fifty_rules() -> str:
    """50 [[rules]] as a reader who follows names and places and keeps a killfile writes
    them: every shape the language has (words, phrases, prefixes, fields, regular
    expressions, dates, OR and NOT, scopes) and every action."""
    names = [corpus.RARE_NAMES[i * 97].lower() for i in range(12)]
    queries: list[tuple[str, str]] = []
    queries += [(name, "star") for name in names[:6]]  # follow a name
    queries += [(f'"desa {name}"', "notify") for name in names[6:9]]
    queries += [(f"{name} OR {names[0]}", "tag") for name in names[9:12]]
    queries += [(f"title:/^{place}: /", "tag") for place in _PLACES]  # a place's own tag
    queries += [
        ('author:"Rina Marlina" title:opini', "hide"),  # a columnist's pieces
        ("title:banjir", "star"),
        ('"kebakaran lahan" newer:2d', "star"),
        ("title:jembatan -sekolah", "tag"),
        ('"harga beras" is:unread', "mark_read"),
        ("title:/^Pontianak: .*(api|asap)/", "notify"),
        ("choipan", "tag"),
        ('author:"Maria Ulfa" (title:banjir OR title:jembatan)', "hide"),
        ("pelabu* title:kapal", "star"),
        ('author:/^Yusuf/ title:"wali kota"', "mark_read"),
        ("site:example.org", "hide"),
        ("category:Ekonomi harga", "tag"),
        ("tag:Pontianak title:banjir", "star"),
        ("feed:Kabar title:gempa", "notify"),
        ("text:/kebakaran +lahan +di +desa/", "star"),
        ("after:2020-01-01 title:sengketa", "mark_read"),
        ("(title:sekolah OR title:guru) -libur", "tag"),
        ("title:pemilu NOT title:hasil", "mark_read"),
        ("is:starred title:banjir", "tag"),
        ("kesehat* title:puskesmas", "star"),
        ('"musim kemarau" older:1d', "mark_read"),
    ]
    for i in range(50 - len(queries)):
        queries.append((f"title:{names[i % 12]} title:/{_PLACES[i % 7]}/", "hide"))
    out = []
    for i, (query, action) in enumerate(queries[:50]):
        lines = ["[[rules]]", f"query = '{query}'", f'action = "{action}"']
        if action == "tag":
            lines.append(f'tag = "aturan {i}"')
        if i % 9 == 4:
            lines.append('scope = "category:Pontianak"')
        out.append("\n".join(lines))
    assert len(out) == 50
    return "\n\n".join(out) + "\n"


def _rules(work: Path) -> tuple:  # noqa: ANN202 - a tuple of models.Rule
    from kalbartui.config import load_config

    path = work / "rules-bench.toml"
    path.write_text('language = "id"\n' + fifty_rules(), encoding="utf-8")
    return load_config(path).rules


def _one(work: Path, parsed: list, rules: tuple, run: int) -> float:  # noqa: ANN001
    from kalbartui.models import FeedResult, FeedSpec, body_text
    from kalbartui.store import open_store
    from kalbartui.store.tags import rules_for

    db = work / "rules-store" / f"run{run}-{len(rules)}.sqlite3"
    shutil.rmtree(db.parent, ignore_errors=True)
    db.parent.mkdir(parents=True)
    store = open_store(db)
    now = datetime.now(UTC)
    try:
        ids = store.sync_feeds([FeedSpec(url=u, category="Pontianak") for u, _ in parsed])
        timed, prefill = parsed[:TIMED_FEEDS], parsed[TIMED_FEEDS:]
        for copy in range(PREFILL_COPIES):  # a cache of many articles, untimed
            results = [
                FeedResult(
                    ids[u],
                    parsed=dataclasses.replace(
                        p,
                        articles=tuple(
                            dataclasses.replace(a, guid=f"{a.guid}#{copy}") for a in p.articles
                        ),
                    ),
                )
                for u, p in prefill
            ]
            for k in range(0, len(results), 50):
                store.save_results(results[k : k + 50], now)
        results = [
            FeedResult(ids[u], parsed=p, body_texts=tuple(body_text(a) for a in p.articles))
            for u, p in timed
        ]
        compiled = rules_for(rules, now)
        started = time.perf_counter()
        for result in results:  # one feed per transaction, as a refresh's workers write
            store.save_results([result], now, rules_for(rules, now))
        seconds = time.perf_counter() - started
        count = sum(len(p.articles) for _, p in timed)
        assert len(compiled) == len([r for r in rules if r.action != "notify"])
    finally:
        store.close()
    shutil.rmtree(db.parent, ignore_errors=True)
    return count / seconds


def pipeline(work: Path, rules: str) -> float:
    """Articles per second through the refresh pipeline (parse in worker processes, each
    feed stored by its worker), as `bench_ingest` measures ingest, with these [[rules]]."""
    feeds = bench_ingest._feed_dir(work)
    home = work / "rules-ingest"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    config = bench_ingest._config(home / "config.toml", feeds)
    config.write_text(config.read_text(encoding="utf-8") + "\n" + rules, encoding="utf-8")
    cmd = [sys.executable, "-m", "benchmarks.ingest_child", str(config), str(home / "data")]
    t = runs.run_timed(cmd, runs.clean_env(home))
    r = json.loads(t.stdout.strip().splitlines()[-1])
    if t.returncode != 0 or r.get("new") != bench_ingest.FEEDS * bench_ingest.ITEMS:
        raise RuntimeError(f"exit {t.returncode}: {t.stdout[-200:]} {t.stderr[-200:]}")
    shutil.rmtree(home, ignore_errors=True)
    return float(r["new"] / r["seconds"])


def run(work: Path, *, n: int, log=print) -> list[Figure]:  # noqa: ANN001
    from kalbartui.feeds.parse import parse_feed

    log("  rules at ingest, the refresh pipeline: 0 and 50 rules…")
    whole_bare: list[float] = []
    whole_ruled: list[float] = []
    for i in range(n):
        pair = [(whole_bare, ""), (whole_ruled, fifty_rules())]
        for out, text in pair if i % 2 == 0 else pair[::-1]:
            out.append(pipeline(work, text))
    log("  rules at ingest, the store alone: 0 and 50 rules…")
    feeds = bench_ingest._feed_dir(work)
    now = datetime.now(UTC)
    parsed = [
        (f.as_uri(), parse_feed(f.read_bytes(), f.as_uri(), now, "application/rss+xml"))
        for f in sorted(feeds.glob("*.xml"))
    ]
    rules = _rules(work)
    bare: list[float] = []
    ruled: list[float] = []
    for i in range(n):
        # Alternated, so a slower minute of the machine falls on both.
        pair = [(bare, ()), (ruled, rules)] if i % 2 == 0 else [(ruled, rules), (bare, ())]
        for out, chosen in pair:
            out.append(_one(work, parsed, chosen, i))
    cached = (len(parsed) - TIMED_FEEDS) * bench_ingest.ITEMS * PREFILL_COPIES
    where = f"{TIMED_FEEDS * bench_ingest.ITEMS} new articles into a cache of {cached:,}"
    ratios = [r / b for r, b in zip(sorted(ruled), sorted(bare), strict=True)]
    shares = [r / b for r, b in zip(sorted(whole_ruled), sorted(whole_bare), strict=True)]
    articles = bench_ingest.FEEDS * bench_ingest.ITEMS
    return [
        Figure(
            f"rules: ingest (refresh pipeline), no rules, {articles} new articles", whole_bare, "/s"
        ),
        Figure(
            f"rules: ingest (refresh pipeline), 50 rules, {articles} new articles",
            whole_ruled,
            "/s",
        ),
        Figure(
            "rules: ingest with 50 rules as a share of none (refresh pipeline)",
            shares,
            "x",
            Target(">=", 0.90),
        ),
        Figure(f"rules: store alone, no rules, {where}", bare, "/s"),
        Figure(f"rules: store alone, 50 rules, {where}", ruled, "/s"),
        Figure("rules: store alone, 50 rules as a share of none", ratios, "x"),
    ]
