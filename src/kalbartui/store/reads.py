"""Reads for the reader and the CLI: feeds, sidebar counts, pages of a list, search, one article."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from kalbartui.models import Article, ArticleRow, Category, Feed
from kalbartui.store.errors import guarded
from kalbartui.store.queries import (
    DENSE_SEARCH,
    NEWEST_WINDOW,
    SEARCH_COUNT_CAP,
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
    # FTS query -> how many articles it matches, or (after a capped count) a lower bound of
    # that above DENSE_SEARCH: all that picking a search plan needs to know.
    _match_counts: dict[str, int]

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

    def _match_count(self, text: str, at_most: int | None = None) -> int:
        """How many articles a search's words match, from the index alone (no article row read).

        With `at_most`, counting stops past it: the answer is then at_most + 1.
        """
        match = fts_query(text)
        if at_most is None:
            n: int = self.conn.execute(
                "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)
            ).fetchone()[0]
        else:
            # A prefix makes FTS5 gather every matching row before the first one (4 ms for
            # a common word at 100k): the whole last word matches fewer rows, at once, and is
            # often past the cap already.
            whole = fts_query(text, prefix=False)
            n = 0 if whole == match else self._count_upto(whole, at_most)
            if n <= at_most:
                n = self._count_upto(match, at_most)
        if at_most is None or n <= at_most or n > DENSE_SEARCH:
            if len(self._match_counts) >= 64:
                self._match_counts.clear()
            self._match_counts[match] = n
        return n

    def _count_upto(self, match: str, at_most: int) -> int:
        n: int = self.conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
            (match, at_most + 1),
        ).fetchone()[0]
        return n

    def _dense(self, query: Query) -> bool:
        if query.kind != "search":
            return False
        n = self._match_counts.get(fts_query(query.text))
        if n is None:
            n = self._match_count(query.text, at_most=SEARCH_COUNT_CAP)
        return n > DENSE_SEARCH

    @guarded
    def count(self, query: Query, at_most: int | None = None) -> int:
        """How many articles a query lists.

        `at_most` (searches): stop counting past this many and answer at_most + 1, "more
        than at_most"; a search as the user types needs no more than that.
        """
        if query.kind == "search":
            match = fts_query(query.text)
            if not match:
                return 0
            if not query.unread_only:
                return self._match_count(query.text, at_most)
        where, params, join = where_clause(query, dense=self._dense(query))
        if at_most is not None and query.kind == "search":
            sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {join} WHERE {where} LIMIT ?)"
            params = [*params, at_most + 1]
        else:
            sql = f"SELECT COUNT(*) FROM {join} WHERE {where}"
        total: int = self.conn.execute(sql, params).fetchone()[0]
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
        dense = self._dense(query)
        rows = None
        if dense and after is None and offset == 0 and not query.unread_only:
            rows = self._newest_matches(query, limit)
        if rows is None:
            where, params, join = where_clause(query, dense=dense)
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

    def _newest_matches(self, query: Query, limit: int) -> list[Any] | None:
        """The first page of a search that matches many articles, found among the newest
        `limit * NEWEST_WINDOW` articles alone; None when fewer than `limit` of them match.

        Enough matches among the newest articles are the newest matches of all. Testing each
        match against that small set costs a fifth less than gathering every match into
        one (the plan `where_clause(dense=True)` runs, which answers when this one cannot).
        """
        sql = f"""SELECT {_ROW_COLUMNS} FROM articles a INDEXED BY articles_time
            WHERE a.id IN (
                SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND +rowid IN (
                    SELECT id FROM articles INDEXED BY articles_time
                    ORDER BY published DESC, id DESC LIMIT ?))
            ORDER BY a.published DESC, a.id DESC LIMIT ?"""
        params = (fts_query(query.text), limit * NEWEST_WINDOW, limit)
        rows = self.conn.execute(sql, params).fetchall()
        return rows if len(rows) == limit else None

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
        if query.kind == "search":
            # The matches among the articles newer than this one: reading the rows of every
            # match to compare their times took 0.2 s for a common word at 100k articles.
            index = "articles_unread" if query.unread_only else "articles_time"
            unread = "read = 0 AND " if query.unread_only else ""
            sql = f"""SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ? AND +rowid IN (
                SELECT id FROM articles INDEXED BY {index}
                WHERE {unread}(published, id) > (?, ?))"""
            params = [fts_query(query.text), row[0], article_id]
        else:
            sql = f"SELECT COUNT(*) FROM {join} WHERE {where} AND ({pub}, {ident}) > (?, ?)"
            params = [*params, row[0], article_id]
        position: int = self.conn.execute(sql, params).fetchone()[0]
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
