"""Reads for the reader and the CLI: feeds, sidebar counts, pages of a list, search, one article."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

from kalbartui.models import Article, ArticleRow, Category, Feed
from kalbartui.store.errors import guarded
from kalbartui.store.queries import (
    DENSE_SEARCH,
    Page,
    Query,
    fts_query,
    order_columns,
    where_clause,
)
from kalbartui.store.schema import BODY_HASH_KEY, CATEGORY_SEP

_ROW_COLUMNS = (
    "a.id, a.title, a.author, a.published, a.categories, a.feed_id, a.read, a.starred, a.url, "
    # The sidebar categories the article is in, in sidebar order (an index seek per row).
    "(SELECT group_concat(name, char(31)) FROM (SELECT c.name FROM article_categories x"
    " JOIN categories c ON c.id = x.category_id WHERE x.article_id = a.id"
    " ORDER BY c.position, c.id))"
)


def _dt(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


class Reads:
    """Everything the store answers without writing; part of `Store`."""

    conn: sqlite3.Connection
    _feed_names: dict[int, str] | None
    _match_counts: dict[str, int]  # FTS query -> matches; picks a search plan

    # ------------------------------------------------------------ feeds and metadata

    @guarded
    def feeds(self, active_only: bool = True) -> list[Feed]:
        """The stored feeds (by default only those the config still lists)."""
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

    @guarded
    def feed_health(self) -> tuple[int, frozenset[str]]:
        """(how many feeds the config lists, the URLs of those whose last try failed): what
        `feeds()` tells of them, without counting any feed's articles."""
        rows = self.conn.execute("SELECT url, last_error FROM feeds WHERE active = 1").fetchall()
        return len(rows), frozenset(url for url, error in rows if error)

    @guarded
    def feed_names(self) -> dict[int, str]:
        """Feed id -> the name a list shows for it (cached until the feeds change)."""
        if self._feed_names is None:
            self._feed_names = {
                r[0]: (r[1] or r[2] or r[3])
                for r in self.conn.execute("SELECT id, name, title, url FROM feeds")
            }
        return self._feed_names

    @guarded
    def last_refresh(self) -> tuple[datetime | None, datetime | None, int]:
        """(last time any feed worked, last time any feed was tried, feeds whose last try failed)."""
        ok, checked, failing = self.conn.execute(
            "SELECT MAX(last_ok), MAX(last_checked), SUM(last_error != '') FROM feeds WHERE active = 1"
        ).fetchone()
        return _dt(ok), _dt(checked), int(failing or 0)

    @guarded
    def body_hashes(self) -> dict[int, str]:
        """feed id -> SHA-256 of the last body stored from it (see FeedResult.body_hash)."""
        rows = self.conn.execute(
            "SELECT key, value FROM meta WHERE key LIKE ?", (BODY_HASH_KEY + "%",)
        )
        out: dict[int, str] = {}
        for key, value in rows:
            suffix = key[len(BODY_HASH_KEY) :]
            if suffix.isdigit():
                out[int(suffix)] = value
        return out

    @guarded
    def get_meta(self, key: str) -> str | None:
        """A value kept in the cache's key/value table, or None."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    # ------------------------------------------------------------ counts

    @guarded
    def categories(self) -> list[Category]:
        """Every sidebar category with its unread and total counts, in sidebar order."""
        # category_counts is kept by triggers (store.schema, v3): no article is read here.
        rows = self.conn.execute(
            """SELECT c.id, c.name, c.source, COALESCE(n.unread, 0), COALESCE(n.total, 0)
               FROM categories c
               LEFT JOIN category_counts n ON n.category_id = c.id
               ORDER BY c.source = '', c.position, c.name"""
        ).fetchall()
        return [Category(id=r[0], name=r[1], source=r[2], unread=r[3], total=r[4]) for r in rows]

    @guarded
    def sidebar_categories(self, article_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """Article id -> the sidebar categories it is listed under, in sidebar order.

        These, not the item's own terms (often a site's tags), are what a list shows.
        """
        out: dict[int, list[str]] = {}
        ids = list(dict.fromkeys(article_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"""SELECT ac.article_id, c.name FROM article_categories ac
                    JOIN categories c ON c.id = ac.category_id
                    WHERE ac.article_id IN ({marks})
                    ORDER BY c.source = '', c.position, c.name""",
                chunk,
            )
            for article_id, name in rows:
                out.setdefault(article_id, []).append(name)
        return {k: tuple(v) for k, v in out.items()}

    @guarded
    def category_by_name(self, name: str) -> Category | None:
        """The category with this name, ignoring case; None if there is none."""
        for cat in self.categories():
            if cat.name.casefold() == name.casefold():
                return cat
        return None

    @guarded
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

    def _match_count(self, match: str, fresh: bool = False) -> int:
        """How many articles an FTS query matches, from the index alone (no article row read)."""
        if not fresh and match in self._match_counts:
            return self._match_counts[match]
        n: int = self.conn.execute(
            "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)
        ).fetchone()[0]
        if len(self._match_counts) >= 64:
            self._match_counts.clear()
        self._match_counts[match] = n
        return n

    def _dense(self, query: Query) -> bool:
        return query.kind == "search" and self._match_count(fts_query(query.text)) > DENSE_SEARCH

    @guarded
    def count(self, query: Query) -> int:
        """How many articles a query lists."""
        if query.kind == "search":
            match = fts_query(query.text)
            if not match:
                return 0
            n = self._match_count(match, fresh=True)
            if not query.unread_only:
                return n
        where, params, join = where_clause(query, dense=self._dense(query))
        total: int = self.conn.execute(
            f"SELECT COUNT(*) FROM {join} WHERE {where}", params
        ).fetchone()[0]
        return total

    # ------------------------------------------------------------ paging

    @guarded
    def page(self, query: Query, after: tuple[float, int] | None = None, limit: int = 100) -> Page:
        """Newest first, `limit` rows after the keyset cursor `after`."""
        return self._select(query, after=after, offset=0, limit=limit)

    @guarded
    def page_at(self, query: Query, offset: int, limit: int = 100) -> Page:
        """Rows from a position, for a jump far down the list (scrollbar drag, G)."""
        return self._select(query, after=None, offset=offset, limit=limit)

    def _select(
        self, query: Query, after: tuple[float, int] | None, offset: int, limit: int
    ) -> Page:
        if query.kind == "search" and not fts_query(query.text):
            return Page([], None)
        where, params, join = where_clause(query, dense=self._dense(query))
        pub, ident = order_columns(query)
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
                sidebar_categories=tuple(r[9].split(CATEGORY_SEP)) if r[9] else (),
            )  # fmt: skip
            for r in rows
        ]
        next_key = (rows[-1][3], rows[-1][0]) if len(rows) == limit else None
        return Page(out, next_key)

    @guarded
    def index_of(self, query: Query, article_id: int) -> int | None:
        """Position of an article in a query's list, so a highlight can follow it after new rows arrive."""
        row = self.conn.execute(
            "SELECT published FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        where, params, join = where_clause(query)
        pub, ident = order_columns(query)
        exists = self.conn.execute(
            f"SELECT 1 FROM {join} WHERE {where} AND {ident} = ?", [*params, article_id]
        ).fetchone()
        if exists is None:
            return None
        position: int = self.conn.execute(
            f"SELECT COUNT(*) FROM {join} WHERE {where} AND ({pub}, {ident}) > (?, ?)",
            [*params, row[0], article_id],
        ).fetchone()[0]
        return position

    @guarded
    def article(self, article_id: int) -> Article | None:
        """One article with its body, or None when the id is unknown."""
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

    @guarded
    def search(self, text: str, limit: int = 50) -> list[ArticleRow]:
        """The newest `limit` articles matching the user's words."""
        return self.page(Query.search(text), limit=limit).rows
