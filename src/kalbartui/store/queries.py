"""Which articles a list shows (`Query`), one page of them (`Page`), and the SQL that selects them.

Pure: nothing here touches a connection. `reads` and `flags` run what `where_clause` builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from kalbartui.models import ArticleRow, ListKind

ROW_COLUMNS = (
    "a.id, a.title, a.author, a.published, a.categories, a.feed_id, a.read, a.starred, a.url, "
    # The sidebar categories the article is in, in sidebar order (an index seek per row).
    "(SELECT group_concat(name, char(31)) FROM (SELECT c.name FROM article_categories x"
    " JOIN categories c ON c.id = x.category_id WHERE x.article_id = a.id"
    " ORDER BY c.source = '', c.position, c.name))"
)


@dataclass(frozen=True, slots=True)
class Query:
    """Which articles a list shows. kind: all, unread, starred, category, feed, search,
    hidden (what rules hid, and no other list shows).

    A search is a query of the query language (kalbartui.query), compiled: `fts` is the index's
    expression when the query is words alone (`fts_whole`: the same without the prefix the
    last word gets, for counting fast), else `where` and `params` are its SQL (kind "match").
    """

    kind: ListKind = "all"
    category_id: int | None = None
    feed_id: int | None = None
    text: str = ""  # a search's query, as the user wrote it
    unread_only: bool = False
    fts: str = ""
    fts_whole: str = ""
    where: str = ""
    params: tuple[object, ...] = ()

    @classmethod
    def category(cls, category_id: int, unread_only: bool = False) -> Query:
        """The articles of one sidebar category."""
        return cls("category", category_id=category_id, unread_only=unread_only)

    @classmethod
    def feed(cls, feed_id: int, unread_only: bool = False) -> Query:
        """The articles one feed brought (also those another feed of its site brought first)."""
        return cls("feed", feed_id=feed_id, unread_only=unread_only)

    @classmethod
    def search(cls, text: str, now: datetime | None = None, tz: tzinfo | None = None) -> Query:
        """The articles a query of the query language finds; QueryError for a mistake.
        `now` and `tz` place its dates (newer:2d, after:2026-12-01)."""
        from kalbartui.query.parse import parse
        from kalbartui.store.matching import compile_query

        compiled = compile_query(parse(text), now or datetime.now(UTC), tz)
        if compiled.fts is not None:
            return cls("search", text=text, fts=compiled.fts, fts_whole=compiled.fts_whole)
        return cls("match", text=text, where=compiled.where, params=compiled.params)


@dataclass(frozen=True, slots=True)
class Page:
    """Some rows of a list, and the keyset cursor for the page after them (None: the last page)."""

    rows: list[ArticleRow]
    next_key: tuple[float, int] | None


def where_clause(query: Query, dense: bool = False) -> tuple[str, list[object], str]:
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
    elif query.kind == "feed":
        join = "article_feeds af JOIN articles a ON a.id = af.article_id"
        clauses.append("af.feed_id = ?")
        params.append(query.feed_id)
    elif query.kind == "unread":
        clauses.append("a.read = 0")
    elif query.kind == "starred":
        clauses.append("a.starred = 1")
    elif query.kind == "search" and dense:
        index = "articles_unread" if query.unread_only else "articles_time"
        join = f"articles a INDEXED BY {index}"
        clauses.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(query.fts)
    elif query.kind == "search":
        join = "articles_fts f JOIN articles a ON a.id = f.rowid"
        clauses.append("articles_fts MATCH ?")
        params.append(query.fts)
    elif query.kind == "match":
        # Walk the time index (the unread rows' own, for an unread list) and test each article
        # there: a page stops at its 100th match, and the index holds the dates; an article's
        # row, long with its text, is read only for the terms that need it (site:, tag:, a
        # pattern). Reading every match's row instead cost 60-120 ms at 100k.
        index = "articles_unread" if query.unread_only else "articles_time"
        join = f"articles a INDEXED BY {index}"
        clauses.append(f"({query.where})")
        params.extend(query.params)
    elif query.kind == "hidden":
        join = "articles a INDEXED BY articles_hidden"
    # Hidden articles (a rule's "hide", schema v12) are in no list but their own.
    clauses.append("a.hidden = 1" if query.kind == "hidden" else "a.hidden = 0")
    if query.unread_only and query.kind != "unread":
        clauses.append("a.read = 0")
    return (" AND ".join(clauses) or "1"), params, join


def order_columns(query: Query) -> tuple[str, str]:
    """The (time, id) columns a query's list is ordered by."""
    # Category and feed lists walk their own (category or feed, published, id) index.
    if query.kind == "category":
        return "ac.published", "ac.article_id"
    if query.kind == "feed":
        return "af.published", "af.article_id"
    return "a.published", "a.id"
