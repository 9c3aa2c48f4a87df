"""Reads and writes over the cache. The UI and the CLI go through this class, never through SQL."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from kalbartui.models import (
    Article,
    ArticleRow,
    Category,
    Feed,
    FeedSpec,
    ParsedArticle,
    ParsedFeed,
)
from kalbartui.store.db import write
from kalbartui.text import html_text

CATEGORY_SEP = "\x1f"  # joins an article's category terms in one column


def _ts(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def _dt(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


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
class Query:
    """Which articles a list shows. kind: all, unread, starred, category, search."""

    kind: str = "all"
    category_id: int | None = None
    text: str = ""
    unread_only: bool = False

    @classmethod
    def category(cls, category_id: int, unread_only: bool = False) -> Query:
        return cls("category", category_id=category_id, unread_only=unread_only)

    @classmethod
    def search(cls, text: str) -> Query:
        return cls("search", text=text)


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[ArticleRow]
    next_key: tuple[float, int] | None  # keyset cursor for the page after this one


# A one- or two-letter prefix matches most of the index (0.3 s over 100k articles), and the
# search runs as the user types: the last word becomes a prefix from its third letter on.
PREFIX_MIN = 3
# Above this many matches, walking the time index and testing each row against the matches
# is cheaper than reading every matching article row to sort them.
DENSE_SEARCH = 2000


def fts_query(text: str) -> str:
    """User words -> a safe FTS5 query: every word must match, the last one as a prefix."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    if len(words[-1]) >= PREFIX_MIN:
        quoted[-1] += "*"
    return " AND ".join(quoted)


_ROW_COLUMNS = (
    "a.id, a.title, a.author, a.published, a.categories, a.feed_id, a.read, a.starred, a.url"
)


@dataclass
class FeedResult:
    """What one fetch of one feed produced, for `Store.save_results`."""

    feed_id: int
    parsed: ParsedFeed | None = None
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    error: str = ""
    retry_after: datetime | None = None
    new_url: str = ""  # after a permanent redirect
    # Each article's body as plain text (see `body_text`), made where the feed was parsed so
    # the single writer does not; empty: made here.
    body_texts: tuple[str, ...] = ()


def body_text(article: ParsedArticle) -> str:
    """What full-text search indexes of an article's body."""
    return html_text(article.content_html) if article.content_html else article.summary


class Store:
    """One connection, one thread. Open another Store for another thread."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._feed_names: dict[int, str] | None = None
        self._match_counts: dict[str, int] = {}  # FTS query -> matches; picks a search plan

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------ feeds

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
                    self._category_id(c, spec.source, spec.category)
            for position, (source, name) in enumerate(categories):
                cid = self._category_id(c, source, name)
                c.execute("UPDATE categories SET position = ? WHERE id = ?", (position, cid))
        self._feed_names = None
        return ids

    def ensure_categories(self, source: str, names: Sequence[str]) -> None:
        """Sidebar categories that have no feed of their own (a WordPress site's item terms)."""
        with write(self.conn) as c:
            for name in names:
                self._category_id(c, source, name)

    @staticmethod
    def _category_id(c: sqlite3.Connection, source: str, name: str) -> int:
        row = c.execute(
            """INSERT INTO categories (source, name, position)
               VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories))
               ON CONFLICT(source, name) DO UPDATE SET name = excluded.name RETURNING id""",
            (source, name),
        ).fetchone()
        return row[0]

    def feeds(self, active_only: bool = True) -> list[Feed]:
        sql = """SELECT f.id, f.url, f.title, f.name, f.category, f.source, f.etag, f.last_modified,
                        f.last_checked, f.last_ok, f.last_error, f.retry_after,
                        (SELECT COUNT(*) FROM article_feeds af WHERE af.feed_id = f.id)
                 FROM feeds f"""
        if active_only:
            sql += " WHERE f.active = 1"
        sql += " ORDER BY f.source, f.category, f.id"
        return [
            Feed(
                id=r[0],
                url=r[1],
                title=r[2],
                name=r[3],
                category=r[4],
                source=r[5],
                etag=r[6],
                last_modified=r[7],
                last_checked=_dt(r[8]),
                last_ok=_dt(r[9]),
                last_error=r[10],
                retry_after=_dt(r[11]),
                article_count=r[12],
            )  # fmt: skip
            for r in self.conn.execute(sql)
        ]

    def feed_names(self) -> dict[int, str]:
        if self._feed_names is None:
            self._feed_names = {
                r[0]: (r[1] or r[2] or r[3])
                for r in self.conn.execute("SELECT id, name, title, url FROM feeds")
            }
        return self._feed_names

    def last_refresh(self) -> tuple[datetime | None, datetime | None, int]:
        """(last time any feed worked, last time any feed was tried, feeds whose last try failed)."""
        ok, checked, failing = self.conn.execute(
            "SELECT MAX(last_ok), MAX(last_checked), SUM(last_error != '') FROM feeds WHERE active = 1"
        ).fetchone()
        return _dt(ok), _dt(checked), int(failing or 0)

    # ------------------------------------------------------------ writes

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
                cat_cache[key] = self._category_id(c, source, feed_category)
            own_cat = cat_cache[key]

        articles = res.parsed.articles
        texts = res.body_texts if len(res.body_texts) == len(articles) else None
        # One look-up for the whole feed instead of one per article.
        known: dict[str, tuple[int, float, int]] = {}
        guids = [art.guid for art in articles]
        for k in range(0, len(guids), 500):
            chunk = guids[k : k + 500]
            marks = ",".join("?" * len(chunk))
            for guid, aid, pub, est in c.execute(
                f"SELECT guid, id, published, published_estimated FROM articles "
                f"WHERE site = ? AND guid IN ({marks})",
                (site, *chunk),
            ):
                known[guid] = (aid, pub, est)
        feed_links: list[tuple[int, int]] = []
        cat_links: list[tuple[int, int, float]] = []
        new = 0
        for i, art in enumerate(articles):
            published = art.published.timestamp()
            existing = known.get(art.guid)
            text = texts[i] if texts is not None else body_text(art)
            if existing is None:
                article_id = c.execute(
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
                        int(art.published_estimated),
                        stamp,
                        CATEGORY_SEP.join(art.categories),
                        art.summary,
                        art.content_html,
                        text,
                        art.image_url,
                        res.feed_id,
                    ),  # fmt: skip
                ).lastrowid
                assert article_id is not None
                known[art.guid] = (article_id, published, int(art.published_estimated))
                new += 1
            else:
                article_id = existing[0]
                if art.published_estimated:
                    published = existing[1]
                # Content may be edited upstream; read and starred flags are never touched here.
                changed = c.execute(
                    """UPDATE articles SET url = ?, title = ?, author = ?, published = ?,
                         published_estimated = ?, categories = ?, summary = ?, content_html = ?,
                         body_text = ?, image_url = ?
                       WHERE id = ? AND (title != ? OR author != ? OR content_html != ? OR published != ?
                         OR categories != ? OR url != ?)""",
                    (
                        art.url,
                        art.title,
                        art.author,
                        published,
                        int(art.published_estimated and bool(existing[2])),
                        CATEGORY_SEP.join(art.categories),
                        art.summary,
                        art.content_html,
                        text,
                        art.image_url,
                        article_id,
                        art.title,
                        art.author,
                        art.content_html,
                        published,
                        CATEGORY_SEP.join(art.categories),
                        art.url,
                    ),  # fmt: skip
                ).rowcount
                if changed:  # an unchanged row kept its time, and so did its category links
                    c.execute(
                        "UPDATE article_categories SET published = ? WHERE article_id = ?",
                        (published, article_id),
                    )
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

    def set_read(self, article_ids: Iterable[int], read: bool = True) -> None:
        ids = list(article_ids)
        with write(self.conn) as c:
            c.executemany(
                "UPDATE articles SET read = ? WHERE id = ? AND read != ?",
                [(int(read), i, int(read)) for i in ids],
            )

    def toggle_read(self, article_id: int) -> bool:
        with write(self.conn) as c:
            row = c.execute(
                "UPDATE articles SET read = 1 - read WHERE id = ? RETURNING read", (article_id,)
            ).fetchone()
        return bool(row and row[0])

    def toggle_star(self, article_id: int) -> bool:
        with write(self.conn) as c:
            row = c.execute(
                "UPDATE articles SET starred = 1 - starred WHERE id = ? RETURNING starred",
                (article_id,),
            ).fetchone()
        return bool(row and row[0])

    def mark_all_read(self, query: Query) -> int:
        """Mark every article the query lists as read. Returns how many changed."""
        where, params, join = self._where(query)
        with write(self.conn) as c:
            cur = c.execute(
                f"UPDATE articles SET read = 1 WHERE read = 0 AND id IN (SELECT a.id FROM {join} WHERE {where})",
                params,
            )
        return cur.rowcount

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

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        with write(self.conn) as c:
            c.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # ------------------------------------------------------------ reads

    def categories(self) -> list[Category]:
        """Every sidebar category with its unread and total counts, in sidebar order."""
        # category_counts is kept by triggers (store.db, v3): no article is read here.
        rows = self.conn.execute(
            """SELECT c.id, c.name, c.source, COALESCE(n.unread, 0), COALESCE(n.total, 0)
               FROM categories c
               LEFT JOIN category_counts n ON n.category_id = c.id
               ORDER BY c.source = '', c.position, c.name"""
        ).fetchall()
        return [Category(id=r[0], name=r[1], source=r[2], unread=r[3], total=r[4]) for r in rows]

    def category_by_name(self, name: str) -> Category | None:
        for cat in self.categories():
            if cat.name.casefold() == name.casefold():
                return cat
        return None

    def totals(self) -> dict[str, int]:
        """Counts for the fixed sidebar entries: all, unread, starred."""
        total = self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        # The partial indexes hold exactly these rows; without INDEXED BY, SQLite reads every
        # article (0.18 s at 100,000).
        unread = self.conn.execute(
            "SELECT COUNT(*) FROM articles INDEXED BY articles_unread WHERE read = 0"
        ).fetchone()[0]
        starred = self.conn.execute(
            "SELECT COUNT(*) FROM articles INDEXED BY articles_starred WHERE starred = 1"
        ).fetchone()[0]
        return {"all": total, "unread": unread, "starred": starred}

    def _where(self, query: Query, dense: bool = False) -> tuple[str, list[object], str]:
        """(WHERE clause, parameters, FROM clause) for a query; rows are aliased `a`.

        `dense` (search only): walk the time index newest first and keep the rows that
        match, instead of reading every match; for searches that match many articles.
        """
        params: list[object] = []
        clauses: list[str] = []
        join = "articles a"
        if query.kind == "category":
            join = "article_categories ac JOIN articles a ON a.id = ac.article_id"
            clauses.append("ac.category_id = ?")
            params.append(query.category_id)
        elif query.kind == "unread":
            clauses.append("a.read = 0")
        elif query.kind == "starred":
            clauses.append("a.starred = 1")
        elif query.kind == "search" and dense:
            index = "articles_unread" if query.unread_only else "articles_time"
            join = f"articles a INDEXED BY {index}"
            clauses.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(fts_query(query.text) or '""')
        elif query.kind == "search":
            match = fts_query(query.text)
            join = "articles_fts f JOIN articles a ON a.id = f.rowid"
            clauses.append("articles_fts MATCH ?")
            params.append(match or '""')
        if query.unread_only and query.kind != "unread":
            clauses.append("a.read = 0")
        return (" AND ".join(clauses) or "1"), params, join

    def _order_columns(self, query: Query) -> tuple[str, str]:
        # Category lists walk their own (category, published, id) index.
        if query.kind == "category":
            return "ac.published", "ac.article_id"
        return "a.published", "a.id"

    def _match_count(self, match: str, fresh: bool = False) -> int:
        """How many articles an FTS query matches, from the index alone (no article row read)."""
        if not fresh and match in self._match_counts:
            return self._match_counts[match]
        n = self.conn.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)
        ).fetchone()[0]
        if len(self._match_counts) >= 64:
            self._match_counts.clear()
        self._match_counts[match] = n
        return n

    def _dense(self, query: Query) -> bool:
        return query.kind == "search" and self._match_count(fts_query(query.text)) > DENSE_SEARCH

    def count(self, query: Query) -> int:
        if query.kind == "search":
            match = fts_query(query.text)
            if not match:
                return 0
            n = self._match_count(match, fresh=True)
            if not query.unread_only:
                return n
        where, params, join = self._where(query, dense=self._dense(query))
        return self.conn.execute(f"SELECT COUNT(*) FROM {join} WHERE {where}", params).fetchone()[0]

    def page(self, query: Query, after: tuple[float, int] | None = None, limit: int = 100) -> Page:
        """Newest first, `limit` rows after the keyset cursor `after`."""
        return self._select(query, after=after, offset=0, limit=limit)

    def page_at(self, query: Query, offset: int, limit: int = 100) -> Page:
        """Rows from a position, for a jump far down the list (scrollbar drag, G)."""
        return self._select(query, after=None, offset=offset, limit=limit)

    def _select(
        self, query: Query, after: tuple[float, int] | None, offset: int, limit: int
    ) -> Page:
        if query.kind == "search" and not fts_query(query.text):
            return Page([], None)
        where, params, join = self._where(query, dense=self._dense(query))
        pub, ident = self._order_columns(query)
        if after is not None:
            where += f" AND ({pub}, {ident}) < (?, ?)"
            params = [*params, after[0], after[1]]
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM {join} WHERE {where} "
            f"ORDER BY {pub} DESC, {ident} DESC LIMIT ? OFFSET ?"
        )
        rows = self.conn.execute(sql, [*params, limit, offset]).fetchall()
        names = self.feed_names()
        out = [
            ArticleRow(
                id=r[0],
                title=r[1],
                author=r[2],
                published=datetime.fromtimestamp(r[3], UTC),
                categories=tuple(r[4].split(CATEGORY_SEP)) if r[4] else (),
                feed=names.get(r[5], ""),
                read=bool(r[6]),
                starred=bool(r[7]),
                url=r[8],
            )  # fmt: skip
            for r in rows
        ]
        next_key = (rows[-1][3], rows[-1][0]) if len(rows) == limit else None
        return Page(out, next_key)

    def index_of(self, query: Query, article_id: int) -> int | None:
        """Position of an article in a query's list, so a highlight can follow it after new rows arrive."""
        row = self.conn.execute(
            "SELECT published FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        where, params, join = self._where(query)
        pub, ident = self._order_columns(query)
        exists = self.conn.execute(
            f"SELECT 1 FROM {join} WHERE {where} AND {ident} = ?", [*params, article_id]
        ).fetchone()
        if exists is None:
            return None
        return self.conn.execute(
            f"SELECT COUNT(*) FROM {join} WHERE {where} AND ({pub}, {ident}) > (?, ?)",
            [*params, row[0], article_id],
        ).fetchone()[0]

    def article(self, article_id: int) -> Article | None:
        r = self.conn.execute(
            # The whole article from its page, when one was fetched, replaces the feed's summary.
            """SELECT id, site, guid, url, title, author, published, published_estimated, categories, feed_id,
                      summary, COALESCE(p.html, content_html),
                      CASE WHEN image_url != '' THEN image_url ELSE COALESCE(p.lead_image, '') END,
                      read, starred, first_seen
               FROM articles LEFT JOIN article_pages p ON p.article_id = articles.id AND p.status = 'ok'
               WHERE articles.id = ?""",
            (article_id,),
        ).fetchone()
        if r is None:
            return None
        return Article(
            id=r[0], site=r[1], guid=r[2], url=r[3], title=r[4], author=r[5],
            published=datetime.fromtimestamp(r[6], UTC), published_estimated=bool(r[7]),
            categories=tuple(r[8].split(CATEGORY_SEP)) if r[8] else (), feed=self.feed_names().get(r[9], ""),
            summary=r[10], content_html=r[11], image_url=r[12], read=bool(r[13]), starred=bool(r[14]),
            first_seen=_dt(r[15]),
        )  # fmt: skip

    def search(self, text: str, limit: int = 50) -> list[ArticleRow]:
        return self.page(Query.search(text), limit=limit).rows
