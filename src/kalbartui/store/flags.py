"""The reader's marks on articles: read and starred. A refresh never touches them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from kalbartui.store.db import write
from kalbartui.store.errors import guarded
from kalbartui.store.queries import Query, where_clause


class Flags:
    """Read and star flags; part of `Store`."""

    conn: sqlite3.Connection

    @guarded
    def set_read(self, article_ids: Iterable[int], read: bool = True) -> None:
        """Mark these articles read (or unread)."""
        ids = list(article_ids)
        with write(self.conn) as c:
            c.executemany(
                "UPDATE articles SET read = ? WHERE id = ? AND read != ?",
                [(int(read), i, int(read)) for i in ids],
            )

    @guarded
    def set_starred(self, article_ids: Iterable[int], starred: bool = True) -> int:
        """Star or unstar these articles. Returns how many changed."""
        ids = list(article_ids)
        with write(self.conn) as c:
            cur = c.executemany(
                "UPDATE articles SET starred = ? WHERE id = ? AND starred != ?",
                [(int(starred), i, int(starred)) for i in ids],
            )
            return cur.rowcount

    @guarded
    def toggle_read(self, article_id: int) -> bool:
        """Flip an article's read flag; returns the new value."""
        with write(self.conn) as c:
            row = c.execute(
                "UPDATE articles SET read = 1 - read WHERE id = ? RETURNING read", (article_id,)
            ).fetchone()
        return bool(row and row[0])

    @guarded
    def toggle_star(self, article_id: int) -> bool:
        """Flip an article's star; returns the new value."""
        with write(self.conn) as c:
            row = c.execute(
                "UPDATE articles SET starred = 1 - starred WHERE id = ? RETURNING starred",
                (article_id,),
            ).fetchone()
        return bool(row and row[0])

    @guarded
    def mark_all_read(self, query: Query) -> int:
        """Mark every article the query lists as read. Returns how many changed."""
        where, params, join = where_clause(query)
        with write(self.conn) as c:
            cur = c.execute(
                f"UPDATE articles SET read = 1 WHERE read = 0 AND id IN (SELECT a.id FROM {join} WHERE {where})",
                params,
            )
        return cur.rowcount
