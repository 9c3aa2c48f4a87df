"""The search domain of the cache: how many articles a user's words match, and the plans that
find a common word's newest matches without reading every match."""

from __future__ import annotations

import sqlite3
from typing import Any

from kalbartui.store.queries import ROW_COLUMNS, Query

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


class Search:
    """Full-text search; part of `Store` (through `Articles`, whose lists it plans)."""

    conn: sqlite3.Connection
    # FTS query -> how many articles it matches, or (after a capped count) a lower bound of
    # that above DENSE_SEARCH: all that picking a search plan needs to know.
    _match_counts: dict[str, int]

    def _match_count(self, query: Query, at_most: int | None = None) -> int:
        """How many articles a search's words match, from the index alone (no article row read).

        With `at_most`, counting stops past it: the answer is then at_most + 1.
        """
        match = query.fts
        if at_most is None:
            n: int = self.conn.execute(
                "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)
            ).fetchone()[0]
        else:
            # A prefix makes FTS5 gather every matching row before the first one (4 ms for
            # a common word at 100k): the whole last word matches fewer rows, at once, and is
            # often past the cap already.
            whole = query.fts_whole or match
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
        n = self._match_counts.get(query.fts)
        if n is None:
            n = self._match_count(query, at_most=SEARCH_COUNT_CAP)
        return n > DENSE_SEARCH

    def _newest_matches(self, query: Query, limit: int) -> list[Any] | None:
        """The first page of a search that matches many articles, found among the newest
        `limit * NEWEST_WINDOW` articles alone; None when fewer than `limit` of them match.

        Enough matches among the newest articles are the newest matches of all. Testing each
        match against that small set costs a fifth less than gathering every match into
        one (the plan `where_clause(dense=True)` runs, which answers when this one cannot).
        """
        sql = f"""SELECT {ROW_COLUMNS} FROM articles a INDEXED BY articles_time
            WHERE a.id IN (
                SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND +rowid IN (
                    SELECT id FROM articles INDEXED BY articles_time
                    ORDER BY published DESC, id DESC LIMIT ?))
            ORDER BY a.published DESC, a.id DESC LIMIT ?"""
        params = (query.fts, limit * NEWEST_WINDOW, limit)
        rows = self.conn.execute(sql, params).fetchall()
        return rows if len(rows) == limit else None
