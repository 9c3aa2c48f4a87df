"""A refresh's writes: the feed list, fetch results, new and edited articles, pruning.

Whether a fetched article is new, changed or unchanged is decided by `decide`, a pure
function over what the cache holds (`StoredArticle`) and what the feed said (`ParsedArticle`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from kalbartui.models import FeedResult, FeedSpec, ParsedArticle, body_text
from kalbartui.store.db import write
from kalbartui.store.errors import guarded
from kalbartui.store.schema import CATEGORY_SEP

ArticleChange = Literal["new", "changed", "unchanged"]


def site_of(url: str) -> str:
    """The dedupe scope: the host of a feed URL ('' host -> the path's directory for files)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if host:
        return host
    return "file:" + parts.path.rsplit("/", 1)[0] if parts.scheme == "file" else "local"


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """What the cache holds of an article, as far as `decide` needs it."""

    id: int
    published: float
    published_estimated: bool
    title: str
    author: str
    content_html: str
    categories: str  # the terms joined with CATEGORY_SEP, as stored
    url: str


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one fetched article, and the time and estimate flag it is stored with."""

    change: ArticleChange
    published: float
    published_estimated: bool


def decide(stored: StoredArticle | None, article: ParsedArticle) -> Decision:
    """New (no stored row), changed (an edit the reader would see) or unchanged.

    A guessed date never replaces the stored time; the stored time stays a guess only while
    both the stored row and the feed lack a real date. Summary, body text and image follow
    the other fields but do not by themselves make an article changed.
    """
    published = article.published.timestamp()
    if stored is None:
        return Decision("new", published, article.published_estimated)
    if article.published_estimated:
        published = stored.published
    estimated = article.published_estimated and stored.published_estimated
    same = (
        article.title == stored.title
        and article.author == stored.author
        and article.content_html == stored.content_html
        and published == stored.published
        and CATEGORY_SEP.join(article.categories) == stored.categories
        and article.url == stored.url
    )
    return Decision("unchanged" if same else "changed", published, estimated)


def _stored_as(article_id: int, article: ParsedArticle, decision: Decision) -> StoredArticle:
    return StoredArticle(
        id=article_id,
        published=decision.published,
        published_estimated=decision.published_estimated,
        title=article.title,
        author=article.author,
        content_html=article.content_html,
        categories=CATEGORY_SEP.join(article.categories),
        url=article.url,
    )


def _ts(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def _category_id(c: sqlite3.Connection, source: str, name: str) -> int:
    row = c.execute(
        """INSERT INTO categories (source, name, position)
           VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories))
           ON CONFLICT(source, name) DO UPDATE SET name = excluded.name RETURNING id""",
        (source, name),
    ).fetchone()
    category_id: int = row[0]
    return category_id


def _known_articles(
    c: sqlite3.Connection, site: str, guids: Sequence[str]
) -> dict[str, StoredArticle]:
    """The stored articles of a site among these guids: one look-up per 500, not one per article."""
    known: dict[str, StoredArticle] = {}
    for k in range(0, len(guids), 500):
        chunk = guids[k : k + 500]
        marks = ",".join("?" * len(chunk))
        for guid, aid, pub, est, title, author, html, cats, url in c.execute(
            f"SELECT guid, id, published, published_estimated, title, author, content_html, "
            f"categories, url FROM articles WHERE site = ? AND guid IN ({marks})",
            (site, *chunk),
        ):
            known[guid] = StoredArticle(aid, pub, bool(est), title, author, html, cats, url)
    return known


class Ingest:
    """The writes of a refresh; part of `Store`."""

    conn: sqlite3.Connection
    _feed_names: dict[int, str] | None

    @guarded
    def sync_feeds(
        self, specs: Sequence[FeedSpec], categories: Iterable[tuple[str, str]] = ()
    ) -> dict[str, int]:
        """Make the stored feed list match the config: add, update, deactivate. Returns url -> id."""
        ids: dict[str, int] = {}
        with write(self.conn) as c:
            c.execute("UPDATE feeds SET active = 0")
            for spec in specs:
                row = c.execute(
                    """INSERT INTO feeds (url, site, name, category, source, active)
                       VALUES (?, ?, ?, ?, ?, 1)
                       ON CONFLICT(url) DO UPDATE SET
                         name = excluded.name, category = excluded.category,
                         source = excluded.source, active = 1
                       RETURNING id""",
                    (spec.url, site_of(spec.url), spec.name, spec.category, spec.source),
                ).fetchone()
                ids[spec.url] = row[0]
                if spec.category:
                    _category_id(c, spec.source, spec.category)
            for position, (source, name) in enumerate(categories):
                cid = _category_id(c, source, name)
                c.execute("UPDATE categories SET position = ? WHERE id = ?", (position, cid))
        self._feed_names = None
        return ids

    @guarded
    def ensure_categories(self, source: str, names: Sequence[str]) -> None:
        """Sidebar categories that have no feed of their own (a WordPress site's item terms)."""
        with write(self.conn) as c:
            for name in names:
                _category_id(c, source, name)

    @guarded
    def save_results(self, results: Sequence[FeedResult], now: datetime) -> dict[int, int]:
        """Write a batch of fetch results in one transaction. Returns feed id -> new article count."""
        stamp = now.timestamp()
        new_counts: dict[int, int] = {}
        if not results:
            return new_counts
        with write(self.conn) as c:
            cat_cache: dict[tuple[str, str], int] = {}
            for res in results:
                new_counts[res.feed_id] = 0
                if res.new_url:
                    clash = c.execute(
                        "SELECT id FROM feeds WHERE url = ?", (res.new_url,)
                    ).fetchone()
                    if clash is None:
                        c.execute(
                            "UPDATE feeds SET url = ? WHERE id = ?", (res.new_url, res.feed_id)
                        )
                if res.error:
                    c.execute(
                        "UPDATE feeds SET last_checked = ?, last_error = ?, retry_after = ? WHERE id = ?",
                        (stamp, res.error, _ts(res.retry_after), res.feed_id),
                    )
                    continue
                if res.not_modified or res.parsed is None:
                    c.execute(
                        "UPDATE feeds SET last_checked = ?, last_ok = ?, last_error = '', retry_after = NULL WHERE id = ?",
                        (stamp, stamp, res.feed_id),
                    )
                    continue
                new_counts[res.feed_id] = self._save_articles(c, res, stamp, cat_cache)
                c.execute(
                    """UPDATE feeds SET title = ?, etag = ?, last_modified = ?, last_checked = ?, last_ok = ?,
                         last_error = ?, retry_after = NULL WHERE id = ?""",
                    (res.parsed.title, res.etag, res.last_modified, stamp, stamp, "", res.feed_id),
                )
        self._feed_names = None
        return new_counts

    def _save_articles(
        self,
        c: sqlite3.Connection,
        res: FeedResult,
        stamp: float,
        cat_cache: dict[tuple[str, str], int],
    ) -> int:
        assert res.parsed is not None
        feed = c.execute(
            "SELECT url, category, source FROM feeds WHERE id = ?", (res.feed_id,)
        ).fetchone()
        if feed is None:
            return 0
        site = site_of(feed[0])
        feed_category, source = feed[1], feed[2]
        # Category terms of a site's items map onto that site's sidebar categories.
        source_cats: dict[str, int] = {}
        if source:
            source_cats = {
                name.casefold(): cid
                for cid, name in c.execute(
                    "SELECT id, name FROM categories WHERE source = ?", (source,)
                )
            }
        own_cat = None
        if feed_category:
            key = (source, feed_category)
            if key not in cat_cache:
                cat_cache[key] = _category_id(c, source, feed_category)
            own_cat = cat_cache[key]

        articles = res.parsed.articles
        texts = res.body_texts if len(res.body_texts) == len(articles) else None
        known = _known_articles(c, site, [art.guid for art in articles])
        feed_links: list[tuple[int, int]] = []
        cat_links: list[tuple[int, int, float]] = []
        new = 0
        for i, art in enumerate(articles):
            stored = known.get(art.guid)
            decision = decide(stored, art)
            published = decision.published
            if stored is None:
                text = texts[i] if texts is not None else body_text(art)
                inserted = c.execute(
                    """INSERT INTO articles (site, guid, url, title, author, published, published_estimated,
                         first_seen, categories, summary, content_html, body_text, image_url, feed_id)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        site,
                        art.guid,
                        art.url,
                        art.title,
                        art.author,
                        published,
                        int(decision.published_estimated),
                        stamp,
                        CATEGORY_SEP.join(art.categories),
                        art.summary,
                        art.content_html,
                        text,
                        art.image_url,
                        res.feed_id,
                    ),  # fmt: skip
                ).lastrowid
                assert inserted is not None
                article_id = inserted
                known[art.guid] = _stored_as(article_id, art, decision)
                new += 1
            else:
                article_id = stored.id
                if decision.change == "changed":
                    text = texts[i] if texts is not None else body_text(art)
                    # Content may be edited upstream; read and starred flags are never touched here.
                    c.execute(
                        """UPDATE articles SET url = ?, title = ?, author = ?, published = ?,
                             published_estimated = ?, categories = ?, summary = ?, content_html = ?,
                             body_text = ?, image_url = ?
                           WHERE id = ?""",
                        (
                            art.url,
                            art.title,
                            art.author,
                            published,
                            int(decision.published_estimated),
                            CATEGORY_SEP.join(art.categories),
                            art.summary,
                            art.content_html,
                            text,
                            art.image_url,
                            article_id,
                        ),  # fmt: skip
                    )
                    # An unchanged row kept its time, and so did its category links.
                    c.execute(
                        "UPDATE article_categories SET published = ? WHERE article_id = ?",
                        (published, article_id),
                    )
                    known[art.guid] = _stored_as(article_id, art, decision)
            feed_links.append((res.feed_id, article_id))
            cats = set()
            if own_cat is not None:
                cats.add(own_cat)
            for term in art.categories:
                cid = source_cats.get(term.casefold())
                if cid is not None:
                    cats.add(cid)
            cat_links.extend((cid, article_id, published) for cid in cats)
        c.executemany(
            "INSERT OR IGNORE INTO article_feeds (feed_id, article_id) VALUES (?, ?)", feed_links
        )
        c.executemany(
            "INSERT OR IGNORE INTO article_categories (category_id, article_id, published) VALUES (?, ?, ?)",
            cat_links,
        )
        return new

    @guarded
    def prune(self, keep_days: int, now: datetime) -> int:
        """Delete unstarred articles older than keep_days. Never touches starred ones."""
        if keep_days <= 0:
            return 0
        cutoff = now.timestamp() - keep_days * 86400
        with write(self.conn) as c:
            ids = [
                r[0]
                for r in c.execute(
                    "SELECT id FROM articles WHERE starred = 0 AND published < ?", (cutoff,)
                )
            ]
            if not ids:
                return 0
            c.executemany("DELETE FROM article_feeds WHERE article_id = ?", [(i,) for i in ids])
            c.executemany(
                "DELETE FROM article_categories WHERE article_id = ?", [(i,) for i in ids]
            )
            c.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in ids])
        return len(ids)
