"""Article caches of 1k, 10k and 100k articles, built through the real store into .bench/.

The articles go in through Store.sync_feeds and Store.save_results in big batches (the
path a refresh takes, minus HTTP and feedparser), so the cache has exactly the rows,
indexes and full-text index a user's cache has. Each cache is built once and reused
until its recipe changes.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks import corpus
from kalbartui.models import FeedSpec, ParsedArticle, ParsedFeed

RECIPE_VERSION = 3


@dataclass(frozen=True)
class CacheRecipe:
    articles: int
    feeds: int
    hosts: int = 25
    words: int = 200  # mean body length; the feeds' full content (a summary is 55 words)
    seed: int = 7
    span_days: float = 730.0  # two years of news
    long_article_words: int = 0  # > 0: add one article this long, the newest of all

    @property
    def items(self) -> int:
        return self.articles // self.feeds

    def key(self) -> str:
        return json.dumps({"v": RECIPE_VERSION, **asdict(self)}, sort_keys=True)


SIZES = {
    "1k": CacheRecipe(articles=1_000, feeds=200),  # same feeds (and config) at every size
    "10k": CacheRecipe(articles=10_000, feeds=200),
    "100k": CacheRecipe(articles=100_000, feeds=200),
}
LONG = CacheRecipe(articles=1_000, feeds=100, long_article_words=10_000)
LONG_TITLE = "Laporan Khusus: Sepuluh Ribu Kata dari Tepian Sungai Kapuas"

CACHE_PORT = 8  # the feed URLs only name sites; nothing is fetched from this port


def cache_feed_url(plan: corpus.FeedPlan, port: int = CACHE_PORT) -> str:
    return f"http://127.0.0.{plan.host_index + 1}:{port}{plan.path}"


def newest_time() -> datetime:
    """Midnight UTC today: the cache's newest article (fixed for the day, so rebuilds agree)."""
    return corpus.day_floor(datetime.now(UTC))


def specs_for(recipe: CacheRecipe) -> list[FeedSpec]:
    plans = corpus.plan_feeds(recipe.feeds, recipe.items, recipe.hosts)
    specs = [
        FeedSpec(url=cache_feed_url(p), category=p.category, name=f"{p.site_name} {p.category}")
        for p in plans
    ]
    if recipe.long_article_words:
        specs.append(
            FeedSpec(url="http://127.0.0.1:8/panjang/feed/", category="Opini", name="Panjang")
        )
    return specs


def config_text(recipe: CacheRecipe, *, refresh_on_start: bool = False) -> str:
    """A config that lists the cache's feeds; the reader starts offline on it."""
    lines = [
        'language = "id"',
        'timezone = "Asia/Pontianak"',
        f"refresh_on_start = {'true' if refresh_on_start else 'false'}",
        "refresh_interval_minutes = 0",
        "keep_days = 0",
        "",
    ]
    for spec in specs_for(recipe):
        lines += [
            "[[feeds]]",
            f'url = "{spec.url}"',
            f'category = "{spec.category}"',
            f'name = "{spec.name}"',
            "",
        ]
    return "\n".join(lines)


def _parsed(a: corpus.SynthArticle, host: str, category: str) -> ParsedArticle:
    return ParsedArticle(
        guid=a.guid,
        url=a.link,
        title=a.title,
        author=a.author,
        published=a.published,
        published_estimated=False,
        categories=tuple(dict.fromkeys((category, *a.categories))),
        summary=corpus.summary_text(a),
        content_html=corpus.content_html(a, host),
        image_url=f"https://{host}/wp-content/uploads/{a.published:%Y/%m}/foto-{a.index}-1024x576.jpg",
    )


def build(recipe: CacheRecipe, db_path: Path, log=print) -> float:  # noqa: ANN001
    """Write the cache at db_path through the store; returns seconds taken."""
    from kalbartui.models import FeedResult
    from kalbartui.store import open_store

    started = time.perf_counter()
    for side in ("", "-wal", "-shm"):
        Path(str(db_path) + side).unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(db_path)
    try:
        specs = specs_for(recipe)
        ids = store.sync_feeds(specs)
        plans = corpus.plan_feeds(recipe.feeds, recipe.items, recipe.hosts)
        newest = newest_time() - timedelta(hours=1)
        span = timedelta(days=recipe.span_days)
        total = recipe.feeds * recipe.items
        batch: list[FeedResult] = []
        done = 0
        for plan in plans:
            host = corpus.site_host(plan.host_index)
            arts = corpus.feed_articles(plan, recipe.seed, total, newest, span, recipe.words)
            parsed = ParsedFeed(
                title=f"{plan.category} – {plan.site_name}",
                link=f"https://{host}",
                articles=tuple(_parsed(a, host, plan.category) for a in arts),
            )
            batch.append(FeedResult(ids[cache_feed_url(plan)], parsed=parsed, etag='"x"'))
            done += len(arts)
            if len(batch) >= 20:
                store.save_results(batch, newest)
                batch = []
                log(f"  {done:,}/{total:,} articles", end="\r")
        if recipe.long_article_words:
            # Second in the list (just older than the newest), so moving down onto it opens it.
            a = corpus.long_article(
                recipe.seed, recipe.long_article_words, newest - timedelta(seconds=1)
            )
            a = replace(a, title=LONG_TITLE)
            parsed = ParsedFeed(
                title="Panjang",
                link="https://kabar1.example",
                articles=(_parsed(a, "kabar1.example", "Opini"),),
            )
            batch.append(FeedResult(ids["http://127.0.0.1:8/panjang/feed/"], parsed=parsed))
        store.save_results(batch, newest)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("ANALYZE")
    finally:
        store.close()
    return time.perf_counter() - started


def ensure(name: str, recipe: CacheRecipe, root: Path, log=print) -> Path:  # noqa: ANN001
    """The cache directory for a recipe (data dir + config), built if missing or stale."""
    where = root / f"cache-{name}"
    stamp = where / "recipe.json"
    db = where / "data" / "kalbartui.sqlite3"
    if stamp.exists() and db.exists() and stamp.read_text() == recipe.key():
        return where
    if where.exists():
        shutil.rmtree(where)
    log(
        f"building the {name} cache ({recipe.articles:,} articles, {recipe.words} words each on average)…"
    )
    seconds = build(recipe, db, log)
    (where / "config.toml").write_text(config_text(recipe), encoding="utf-8")
    stamp.write_text(recipe.key())
    log(f"  built in {seconds:.0f} s{' ' * 20}")
    return where


def working_copy(source: Path, target: Path) -> Path:
    """A throwaway copy of a cache directory, for runs that write (reads, stars)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    return target
