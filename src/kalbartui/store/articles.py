"""The articles domain of the cache: the lists the reader pages through, their counts, and one
whole article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from kalbartui.models import Article, ArticleRow
from kalbartui.store.authors import Authors
from kalbartui.store.errors import guarded
from kalbartui.store.feeds import Feeds
from kalbartui.store.queries import ROW_COLUMNS, Page, Query, order_columns, where_clause
from kalbartui.store.schema import CATEGORY_SEP
from kalbartui.store.search import Search


def _dt(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


class Articles(Search, Feeds, Authors):
    """Lists of articles and single articles (rows name their feeds); part of `Store`."""

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
        # Hidden articles are few, and their partial index (v12) holds them: taken away.
        hidden, hidden_unread, hidden_starred = self.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(read = 0), 0), COALESCE(SUM(starred = 1), 0)"
            " FROM articles INDEXED BY articles_hidden WHERE hidden = 1"
        ).fetchone()
        return {
            "all": total - hidden,
            "unread": unread - hidden_unread,
            "starred": starred - hidden_starred,
            "hidden": hidden,
        }

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see the cache as it was at the first of them (one read transaction),
        whatever a refresh writes meanwhile: counts and `newest_article_id` that agree."""
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    @guarded
    def newest_article_id(self) -> int:
        """The largest article id: articles stored later have larger ones (0: none yet)."""
        found: int = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0]
        return found

    @guarded
    def count_since(self, query: Query, newest: int) -> int:
        """How many of the articles stored after `newest` (a `newest_article_id`) a query
        lists: a saved view's count brought up to date when a feed lands, reading only the new
        rows (the index seeks past `newest`), whatever the whole list's size."""
        from kalbartui.store.matching import FTS_MEMBER_AFTER, after_id

        if query.kind == "search":
            where, params = FTS_MEMBER_AFTER, [query.fts, newest]
        elif query.kind == "match":
            where, params = after_id(f"({query.where})", query.params, newest)
        else:
            where, params, join = where_clause(query)
            sql = f"SELECT COUNT(*) FROM {join} WHERE a.id > ? AND {where}"
            total: int = self.conn.execute(sql, [newest, *params]).fetchone()[0]
            return total
        if query.unread_only:
            where += " AND a.read = 0"
        found: int = self.conn.execute(
            f"SELECT COUNT(*) FROM articles a WHERE a.id > ? AND {where}", [newest, *params]
        ).fetchone()[0]
        return found

    @guarded
    def count(self, query: Query, at_most: int | None = None) -> int:
        """How many articles a query lists.

        `at_most` (searches): stop counting past this many and answer at_most + 1, "more
        than at_most"; a search as the user types needs no more than that.
        """
        if query.kind == "search" and not query.unread_only:
            return self._match_count(query, at_most)  # the index holds no hidden article
        if query.kind in ("all", "unread", "starred") and not (
            query.unread_only and query.kind == "starred"
        ):
            return self.totals()["unread" if query.unread_only else query.kind]
        where, params, join = where_clause(query, dense=self._dense(query))
        if at_most is not None and query.kind in ("search", "match"):
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
                f"SELECT {ROW_COLUMNS} FROM {join} WHERE {where} "
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
        if query.kind == "search":
            # The matches among the articles newer than this one: reading the rows of every
            # match to compare their times took 0.2 s for a common word at 100k articles.
            index = "articles_unread" if query.unread_only else "articles_time"
            unread = "read = 0 AND " if query.unread_only else ""
            sql = f"""SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ? AND +rowid IN (
                SELECT id FROM articles INDEXED BY {index}
                WHERE {unread}(published, id) > (?, ?))"""
            params = [query.fts, row[0], article_id]
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
                      read, starred, first_seen, hidden,
                      (SELECT group_concat(tag, char(31)) FROM
                        (SELECT tag FROM article_tags WHERE article_id = articles.id ORDER BY tag))
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
            first_seen=_dt(r[15]), feed_id=r[9], hidden=bool(r[16]),
            tags=tuple(r[17].split(CATEGORY_SEP)) if r[17] else (),
            about=self.author_about(r[1], r[5]) if r[5] else None,
        )  # fmt: skip

    @guarded
    def missing_articles(self, article_ids: Iterable[int]) -> list[int]:
        """Which of these ids name no stored article."""
        found = self.conn.execute
        return [
            i
            for i in article_ids
            if found("SELECT 1 FROM articles WHERE id = ?", (i,)).fetchone() is None
        ]

    @guarded
    def search(self, text: str, limit: int = 50) -> list[ArticleRow]:
        """The newest `limit` articles matching the user's words."""
        return self.page(Query.search(text), limit=limit).rows
