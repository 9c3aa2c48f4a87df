"""A refresh's writes: the feed list, fetch results, new and edited articles, pruning.

Whether a fetched article is new, changed or unchanged is decided by `decide`, a pure
function over what the cache holds (`StoredArticle`) and what the feed said (`ParsedArticle`).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from kalbartui.models import Alert, AlertSpec, FeedResult, ParsedArticle, body_text
from kalbartui.store.alerts import record_alerts
from kalbartui.store.categories import category_id
from kalbartui.store.db import write
from kalbartui.store.errors import guarded
from kalbartui.store.schema import BODY_HASH_KEY, CATEGORY_SEP
from kalbartui.store.tags import CompiledRule, run_rules_on_new

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
    feed_id: int | None = None  # the feed it is shown under: the first that brought it


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


def may_join(
    stored: StoredArticle, article: ParsedArticle, feed_id: int, site: str, sources: dict[int, str]
) -> bool:
    """Whether an article a feed brings may be joined to a stored one of the same site and guid.

    The dedupe that lets one post sit in several of a site's category feeds must not let one
    feed take over another's article (a shared host, a multi-author platform): a second feed
    joins only when the two feeds belong to one source (a WordPress site kalbartui discovered,
    or [[feeds]] the user gave the same `source`), or when it brings the very same post: the
    same link, on the feeds' own host, with the same title and body word for word. Otherwise
    the article is kept apart as that feed's own (`separate_guid`).
    """
    if stored.feed_id is None or stored.feed_id == feed_id:
        return True
    source = sources.get(feed_id, "")
    if source and sources.get(stored.feed_id, "") == source:
        return True
    return (
        bool(article.url)
        and article.url == stored.url
        and site_of(article.url) == site
        and article.title == stored.title
        and article.content_html == stored.content_html
    )


def separate_guid(guid: str, feed_id: int) -> str:
    """The key of a feed's article that may not join another feed's article of the same guid."""
    return f"{guid} (feed {feed_id})"


def _stored_as(
    article_id: int, article: ParsedArticle, decision: Decision, feed_id: int | None
) -> StoredArticle:
    return StoredArticle(
        id=article_id,
        published=decision.published,
        published_estimated=decision.published_estimated,
        title=article.title,
        author=article.author,
        content_html=article.content_html,
        categories=CATEGORY_SEP.join(article.categories),
        url=article.url,
        feed_id=feed_id,
    )


def _ts(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def _known_articles(
    c: sqlite3.Connection, site: str, guids: Sequence[str]
) -> dict[str, StoredArticle]:
    """The stored articles of a site among these guids: one look-up per 500, not one per article."""
    known: dict[str, StoredArticle] = {}
    for k in range(0, len(guids), 500):
        chunk = guids[k : k + 500]
        marks = ",".join("?" * len(chunk))
        for guid, aid, pub, est, title, author, html, cats, url, owner in c.execute(
            f"SELECT guid, id, published, published_estimated, title, author, content_html, "
            f"categories, url, feed_id FROM articles WHERE site = ? AND guid IN ({marks})",
            (site, *chunk),
        ):
            known[guid] = StoredArticle(aid, pub, bool(est), title, author, html, cats, url, owner)
    return known


def _pruned_keys(c: sqlite3.Connection, site: str, feed_id: int, keys: Sequence[str]) -> set[str]:
    """Which of a feed's items not in the cache were pruned by keep_days (so they stay out).

    The feed's own remembered items that its body no longer carries are forgotten here: an
    item that left the feed cannot come back through it, so what is remembered stays within
    what the feeds carry now, however long pruning goes on.
    """
    found: set[str] = set()
    for k in range(0, len(keys), 500):
        chunk = keys[k : k + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0]
            for r in c.execute(
                f"SELECT guid FROM pruned WHERE site = ? AND guid IN ({marks})", (site, *chunk)
            )
        )
    carried = set(keys)
    gone = [
        (site, guid)
        for (guid,) in c.execute(
            "SELECT guid FROM pruned WHERE feed_id = ? AND site = ?", (feed_id, site)
        )
        if guid not in carried
    ]
    c.executemany("DELETE FROM pruned WHERE site = ? AND guid = ?", gone)
    return found


def relink(c: sqlite3.Connection, feed_ids: Sequence[int]) -> None:
    """The category links of every article these feeds brought, made again from the feeds as
    the config has them now, as a refresh makes them for a new article: each of its active
    feeds' own category, and the categories of that feed's site its own terms name.

    For a feed whose category (or source) changed, or that was added or set aside: its cached
    articles move with it, whatever the server answers next (a 304 changes nothing).
    """
    if not feed_ids:
        return
    unique = sorted(set(feed_ids))
    articles: set[int] = set()
    for k in range(0, len(unique), 500):
        chunk = unique[k : k + 500]
        marks = ",".join("?" * len(chunk))
        articles.update(
            r[0]
            for r in c.execute(
                f"SELECT article_id FROM article_feeds WHERE feed_id IN ({marks})", chunk
            )
        )
    if not articles:
        return
    by_name: dict[tuple[str, str], int] = {}
    by_term: dict[str, dict[str, int]] = {}
    for cid, source, name in c.execute("SELECT id, source, name FROM categories"):
        by_name[(source, name)] = cid
        if source:
            by_term.setdefault(source, {})[name.casefold()] = cid
    ids = sorted(articles)
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        marks = ",".join("?" * len(chunk))
        feeds_of: dict[int, list[tuple[str, str]]] = {}
        for aid, category, source in c.execute(
            f"""SELECT af.article_id, f.category, f.source FROM article_feeds af
                JOIN feeds f ON f.id = af.feed_id
                WHERE f.active = 1 AND af.article_id IN ({marks})""",
            chunk,
        ):
            feeds_of.setdefault(aid, []).append((category, source))
        times: dict[int, float] = {}
        wanted: set[tuple[int, int]] = set()
        for aid, terms, published in c.execute(
            f"SELECT id, categories, published FROM articles WHERE id IN ({marks})", chunk
        ):
            times[aid] = published
            names = [t.casefold() for t in terms.split(CATEGORY_SEP)] if terms else []
            for category, source in feeds_of.get(aid, ()):
                if category:
                    cid = by_name.get((source, category))
                    if cid is None:
                        cid = by_name[(source, category)] = category_id(c, source, category)
                    wanted.add((cid, aid))
                for term in names:
                    found = by_term.get(source, {}).get(term) if source else None
                    if found is not None:
                        wanted.add((found, aid))
        have = set(
            c.execute(
                f"SELECT category_id, article_id FROM article_categories WHERE article_id IN ({marks})",
                chunk,
            ).fetchall()
        )
        c.executemany(
            "DELETE FROM article_categories WHERE category_id = ? AND article_id = ?",
            sorted(have - wanted),
        )
        c.executemany(
            "INSERT INTO article_categories (category_id, article_id, published) VALUES (?, ?, ?)",
            [(cid, aid, times[aid]) for cid, aid in sorted(wanted - have)],
        )


@dataclass(frozen=True, slots=True)
class Saved:
    """What a batch of fetch results came to: new articles per feed, and the alerts recorded."""

    new: dict[int, int]
    alerts: list[Alert]


def _not_hidden(c: sqlite3.Connection, ids: list[int]) -> list[int]:
    """Those of `ids` that no rule hid, in their order."""
    hidden = {
        row[0]
        for row in c.execute(
            f"SELECT id FROM articles WHERE hidden = 1 AND id IN ({','.join('?' * len(ids))})",
            ids,
        )
    }
    return [i for i in ids if i not in hidden]


class Ingest:
    """The writes of a refresh; part of `Store`."""

    conn: sqlite3.Connection
    _feed_names: dict[int, str] | None

    @guarded
    def save_results(
        self,
        results: Sequence[FeedResult],
        now: datetime,
        rules: Sequence[CompiledRule] = (),
    ) -> dict[int, int]:
        """Write a batch of fetch results in one transaction. Returns feed id -> new article count."""
        return self.save_results_alerting(results, now, rules=rules).new

    @guarded
    def save_results_alerting(
        self,
        results: Sequence[FeedResult],
        now: datetime,
        alerts: Sequence[AlertSpec] = (),
        rules: Sequence[CompiledRule] = (),
    ) -> Saved:
        """`save_results`, and each new article that one of `alerts` matches recorded as an
        alert, once (in the same transaction as the article itself).

        `rules` (compiled by `store.tags.rules_for`) run on the new articles alone, in the
        order written, inside the same transaction: no list ever shows a new article before
        its rules did their work. Alerts come after them: an article a rule hid tells nothing."""
        stamp = now.timestamp()
        new_counts: dict[int, int] = {}
        fired: list[Alert] = []
        if not results:
            return Saved(new_counts, fired)
        new_ids: list[int] = []
        landed: list[tuple[list[int], str]] = []  # each feed's new articles, with its name
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
                        (stamp, res.error.to_json(), _ts(res.retry_after), res.feed_id),
                    )
                    continue
                if res.not_modified or res.parsed is None:
                    c.execute(
                        "UPDATE feeds SET last_checked = ?, last_ok = ?, last_error = '', retry_after = NULL WHERE id = ?",
                        (stamp, stamp, res.feed_id),
                    )
                    continue
                feed_new, feed_name = self._save_articles(c, res, stamp, cat_cache, new_ids)
                new_counts[res.feed_id] = len(feed_new)
                if feed_new:
                    landed.append((feed_new, feed_name))
                if res.body_hash:
                    c.execute(
                        "INSERT INTO meta (key, value) VALUES (?, ?)"
                        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                        (f"{BODY_HASH_KEY}{res.feed_id}", res.body_hash),
                    )
                c.execute(
                    """UPDATE feeds SET title = ?, etag = ?, last_modified = ?, last_checked = ?, last_ok = ?,
                         last_error = ?, retry_after = NULL, ttl = ? WHERE id = ?""",
                    (res.parsed.title, res.etag, res.last_modified, stamp, stamp, "",
                     res.parsed.ttl_minutes, res.feed_id),
                )  # fmt: skip
            run_rules_on_new(c, rules, new_ids)
            if alerts:
                for feed_new, feed_name in landed:
                    shown = _not_hidden(c, feed_new) if rules else feed_new
                    if shown:
                        fired.extend(record_alerts(c, shown, alerts, feed_name, now))
        self._feed_names = None
        return Saved(new_counts, fired)

    def _save_articles(
        self,
        c: sqlite3.Connection,
        res: FeedResult,
        stamp: float,
        cat_cache: dict[tuple[str, str], int],
        new_ids: list[int],
    ) -> tuple[list[int], str]:
        """Store one feed's articles (their ids added to `new_ids` too); returns the ids of the
        new ones, and the feed's name as a list shows it (its name in the config, else its
        title, else its address)."""
        assert res.parsed is not None
        feed = c.execute(
            "SELECT url, category, source, keep_days, name, title FROM feeds WHERE id = ?",
            (res.feed_id,),
        ).fetchone()
        if feed is None:
            return [], ""
        feed_name = feed[4] or res.parsed.title or feed[5] or feed[0]
        site = site_of(feed[0])
        feed_category, source, keep_days = feed[1], feed[2], feed[3]
        # An item older than the feed's keep_days would be pruned at once: never stored.
        keep_after = stamp - keep_days * 86400 if keep_days else None
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
                cat_cache[key] = category_id(c, source, feed_category)
            own_cat = cat_cache[key]

        articles = res.parsed.articles
        texts = res.body_texts if len(res.body_texts) == len(articles) else None
        known = _known_articles(c, site, [art.guid for art in articles])
        sources = {fid: src for fid, src in c.execute("SELECT id, source FROM feeds")}
        # Articles another feed brought first and this one may not join: kept apart, each
        # under a key of this feed's own (looked up in one go, as the others were).
        keys = [
            art.guid
            if (st := known.get(art.guid)) is None or may_join(st, art, res.feed_id, site, sources)
            else separate_guid(art.guid, res.feed_id)
            for art in articles
        ]
        apart = [k for k, art in zip(keys, articles, strict=True) if k != art.guid]
        if apart:
            known.update(_known_articles(c, site, apart))
        pruned = _pruned_keys(c, site, res.feed_id, [k for k in keys if k not in known])
        feed_links: list[tuple[int, int, float]] = []
        cat_links: list[tuple[int, int, float]] = []
        indexed: list[tuple[int, str, str, str]] = []  # new rows for the search index
        new: list[int] = []
        for i, art in enumerate(articles):
            guid = keys[i]
            stored = known.get(guid)
            decision = decide(stored, art)
            owner = stored is None or stored.feed_id in (None, res.feed_id)
            if not owner and decision.change == "changed":
                assert stored is not None
                same_source = bool(sources.get(res.feed_id)) and sources.get(
                    res.feed_id
                ) == sources.get(stored.feed_id or -1)
                if same_source:
                    # Another feed of the same site may bring an edit, but never a new link:
                    # the article keeps the address and the feed it is shown under.
                    art = dataclasses.replace(art, url=stored.url)
                    decision = decide(stored, art)
                else:
                    decision = Decision("unchanged", stored.published, stored.published_estimated)
            published = decision.published
            if stored is None and (
                guid in pruned
                or (
                    keep_after is not None
                    and not decision.published_estimated
                    and published < keep_after
                )
            ):
                continue  # pruned by keep_days (or would be at once): it does not come back
            if stored is None:
                text = texts[i] if texts is not None else body_text(art)
                inserted = c.execute(
                    """INSERT INTO articles (site, guid, url, title, author, published, published_estimated,
                         first_seen, categories, summary, content_html, body_text, image_url, feed_id)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        site,
                        guid,
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
                indexed.append((article_id, art.title, art.author, text))
                new_ids.append(article_id)
                known[guid] = _stored_as(article_id, art, decision, res.feed_id)
                new.append(article_id)
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
                    c.execute(
                        "UPDATE article_feeds SET published = ? WHERE article_id = ?",
                        (published, article_id),
                    )
                    known[guid] = _stored_as(article_id, art, decision, stored.feed_id)
            feed_links.append((res.feed_id, article_id, published))
            cats = set()
            if own_cat is not None:
                cats.add(own_cat)
            for term in art.categories:
                cid = source_cats.get(term.casefold())
                if cid is not None:
                    cats.add(cid)
            cat_links.extend((cid, article_id, published) for cid in cats)
        # Schema v6: new rows are indexed here, in one statement (no insert trigger).
        c.executemany(
            "INSERT INTO articles_fts (rowid, title, author, body_text) VALUES (?, ?, ?, ?)",
            indexed,
        )
        c.executemany(
            "INSERT OR IGNORE INTO article_feeds (feed_id, article_id, published) VALUES (?, ?, ?)",
            feed_links,
        )
        c.executemany(
            "INSERT OR IGNORE INTO article_categories (category_id, article_id, published) VALUES (?, ?, ?)",
            cat_links,
        )
        return new, feed_name

    @guarded
    def prune(self, keep_days: int, now: datetime) -> int:
        """Delete unstarred, untagged articles older than their feed's keep_days (the feed's own, as
        `sync_feeds` stored it; else `keep_days`; 0 keeps all). Never touches starred ones.

        Each pruned article is remembered (`pruned`) while its feed still carries its item,
        so the next fetch does not bring it back as unread.
        """
        stamp = now.timestamp()
        kept = [r[0] for r in self.conn.execute("SELECT DISTINCT keep_days FROM feeds")]
        spans = [d for d in [keep_days, *kept] if d]
        if not spans:
            return 0
        # Only articles older than the shortest keep are looked at: an index range, not a scan.
        oldest = stamp - min(spans) * 86400
        with write(self.conn) as c:
            rows = c.execute(
                """SELECT a.id, a.site, a.guid, a.feed_id FROM articles a INDEXED BY articles_time
                   LEFT JOIN feeds f ON f.id = a.feed_id
                   WHERE a.published < ? AND a.starred = 0
                     AND NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id)
                     AND COALESCE(f.keep_days, ?) > 0
                     AND a.published < ? - COALESCE(f.keep_days, ?) * 86400""",
                (oldest, keep_days, stamp, keep_days),
            ).fetchall()
            if not rows:
                return 0
            ids = [(r[0],) for r in rows]
            c.executemany(
                "INSERT OR REPLACE INTO pruned (site, guid, feed_id) VALUES (?, ?, ?)",
                [(site, guid, feed_id) for _id, site, guid, feed_id in rows],
            )
            c.executemany("DELETE FROM article_feeds WHERE article_id = ?", ids)
            c.executemany("DELETE FROM article_categories WHERE article_id = ?", ids)
            c.executemany("DELETE FROM articles WHERE id = ?", ids)
        return len(rows)
