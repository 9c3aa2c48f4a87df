"""`Store`, the one door to the cache: its domains composed over one connection.

The UI and the CLI go through it, never through SQL. Every public method raises
`DatabaseError` (never a raw sqlite3 error); `with open_store(path) as store:` closes it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from kalbartui.problems import Problem
from kalbartui.store.alerts import Alerts
from kalbartui.store.articles import Articles
from kalbartui.store.categories import Categories
from kalbartui.store.db import connect, connect_for_reading, write
from kalbartui.store.errors import CorruptDatabase, DatabaseError, guarded
from kalbartui.store.flags import Flags
from kalbartui.store.ingest import Ingest
from kalbartui.store.pages import Pages
from kalbartui.store.recovery import recover
from kalbartui.store.sync import SyncQueue
from kalbartui.store.tags import Tags


class Store(Articles, Alerts, Categories, Ingest, Flags, Pages, SyncQueue, Tags):
    """One connection, one thread. Open another Store for another thread.

    Composed of the cache's domains: articles (with their feeds and search), categories, a
    refresh's writes (and the alerts they record), the reader's flags, article pages, authors,
    the sync queue, and the user's tags and hidden articles (with the rules that set them).
    """

    def __init__(self, conn: sqlite3.Connection, unwritable: DatabaseError | None = None) -> None:
        self.conn = conn
        self.unwritable = unwritable
        """Why this store could only be opened for reading (a full or read-only disk), or None."""
        self._feed_names: dict[int, str] | None = None
        self._names_version: int | None = None
        self._match_counts: dict[str, int] = {}

    @guarded
    def close(self) -> None:
        """Close the connection; the store cannot be used after."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @guarded
    def get_meta(self, key: str) -> str | None:
        """A value kept in the cache's key/value table, or None."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    @guarded
    def set_meta(self, key: str, value: str) -> None:
        """Keep a value in the cache's key/value table."""
        with write(self.conn) as c:
            c.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def open_store(path: Path | str) -> Store:
    """Open (and if needed create or migrate) the cache at `path`."""
    return Store(connect(path))


def open_readable(path: Path | str) -> Store:
    """Open the cache; on a full or read-only disk, for reading only (`unwritable` says why:
    every write then raises that DatabaseError's kind)."""
    conn, unwritable = connect_for_reading(path)
    return Store(conn, unwritable)


def open_or_recover(path: Path) -> tuple[Store, Problem | None]:
    """Open the cache (for reading only on a full or read-only disk, see `open_readable`); a
    damaged file is moved aside (never deleted) and a fresh cache started.

    Returns the store and, after a recovery, one sentence for the user.
    """
    try:
        return open_readable(path), None
    except CorruptDatabase as exc:
        note = recover(path, exc.problem)
        return Store(connect(path)), note
