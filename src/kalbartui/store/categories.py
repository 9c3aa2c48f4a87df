"""The categories domain of the cache: the sidebar's categories, their counts, and which
articles each one lists."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from kalbartui.models import Category
from kalbartui.store.db import write
from kalbartui.store.errors import guarded


def category_id(c: sqlite3.Connection, source: str, name: str) -> int:
    """The id of a sidebar category, made (last in the sidebar) if it is new."""
    # Looked up first: most calls find it, and a lookup writes nothing. A new one goes last;
    # MAX(position) reads the position index (v8), so adding many stays linear.
    row = c.execute(
        "SELECT id FROM categories WHERE source = ? AND name = ?", (source, name)
    ).fetchone()
    if row is None:
        row = c.execute(
            """INSERT INTO categories (source, name, position)
               VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories))
               RETURNING id""",
            (source, name),
        ).fetchone()
    found: int = row[0]
    return found


class Categories:
    """Sidebar categories; part of `Store`."""

    conn: sqlite3.Connection

    @guarded
    def categories(self) -> list[Category]:
        """Every sidebar category with its unread and total counts, in sidebar order."""
        # category_counts is kept by triggers (store.schema, v3): no article is read here.
        # A site's categories leave the sidebar with the site (its feeds set aside).
        rows = self.conn.execute(
            """SELECT c.id, c.name, c.source, COALESCE(n.unread, 0), COALESCE(n.total, 0)
               FROM categories c
               LEFT JOIN category_counts n ON n.category_id = c.id
               WHERE c.source = ''
                  OR EXISTS (SELECT 1 FROM feeds f WHERE f.active = 1 AND f.source = c.source)
               ORDER BY c.source = '', c.position, c.name"""
        ).fetchall()
        return [Category(id=r[0], name=r[1], source=r[2], unread=r[3], total=r[4]) for r in rows]

    @guarded
    def category_by_name(self, name: str) -> Category | None:
        """The category with this name, ignoring case; None if there is none."""
        for cat in self.categories():
            if cat.name.casefold() == name.casefold():
                return cat
        return None

    @guarded
    def ensure_categories(self, source: str, names: Sequence[str]) -> None:
        """Sidebar categories that have no feed of their own (a WordPress site's item terms)."""
        with write(self.conn) as c:
            for name in names:
                category_id(c, source, name)
