"""Which articles a list shows (`Query`), one page of them (`Page`), and the SQL that selects them.

Pure: nothing here touches a connection. `reads` and `flags` run what `where_clause` builds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kalbartui.models import ArticleRow, ListKind

# A one- or two-letter prefix matches most of the index (0.3 s over 100k articles), and the
# search runs as the user types: the last word becomes a prefix from its third letter on.
PREFIX_MIN = 3
# Above this many matches, walking the time index and testing each row against the matches
# is cheaper than reading every matching article row to sort them.
DENSE_SEARCH = 2000
# Such a search's first page is looked for among the newest (page size × this) articles
# first: found there when at least one article in ten matches.
NEWEST_WINDOW = 10
# While the user types, a search counts its matches only this far ("more than 2,000"): the
# exact count of a common word reads its whole index entry, a third of a keystroke's time.
# At least DENSE_SEARCH, so that the capped count still picks the search plan.
SEARCH_COUNT_CAP = DENSE_SEARCH


@dataclass(frozen=True, slots=True)
class Query:
    """Which articles a list shows. kind: all, unread, starred, category, search."""

    kind: ListKind = "all"
    category_id: int | None = None
    text: str = ""
    unread_only: bool = False

    @classmethod
    def category(cls, category_id: int, unread_only: bool = False) -> Query:
        """The articles of one sidebar category."""
        return cls("category", category_id=category_id, unread_only=unread_only)

    @classmethod
    def search(cls, text: str) -> Query:
        """The articles whose title, author or body match the user's words."""
        return cls("search", text=text)


@dataclass(frozen=True, slots=True)
class Page:
    """Some rows of a list, and the keyset cursor for the page after them (None: the last page)."""

    rows: list[ArticleRow]
    next_key: tuple[float, int] | None


def fts_query(text: str, prefix: bool = True) -> str:
    """User words -> a safe FTS5 query: every word must match, the last one as a prefix.

    `prefix=False`: the last word too as a whole word; such a query matches a subset of
    what the search matches, found without reading every word the prefix begins.
    """
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    if prefix and len(words[-1]) >= PREFIX_MIN:
        quoted[-1] += "*"
    return " AND ".join(quoted)


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


def order_columns(query: Query) -> tuple[str, str]:
    """The (time, id) columns a query's list is ordered by."""
    # Category lists walk their own (category, published, id) index.
    if query.kind == "category":
        return "ac.published", "ac.article_id"
    return "a.published", "a.id"
