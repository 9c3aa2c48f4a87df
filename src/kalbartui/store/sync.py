"""Sync state in the cache: which article is which server item, and the queue of local
read/starred changes waiting to be pushed.

Item ids are numbers from 0 up (unsigned 64-bit or wider, see sync/greader.py) and are kept
as the text of their decimal (schema v8): SQLite's INTEGER is signed 64-bit.

The queue is filled by triggers (store.db, v4) inside the transaction that changes the flag,
whoever changes it (the reader, `kalbartui mark`, mark-all-read): a change is either both
written and queued, or neither, and a crash or kill -9 cannot split the two. A queued
change leaves the queue only after the server said OK to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kalbartui.store.db import write
from kalbartui.store.errors import guarded

_CHUNK = 500  # host parameters per IN (...) list


def _key(item_id: int) -> str:
    """An item id as the cache keeps it."""
    return str(item_id)


@dataclass(frozen=True, slots=True)
class Change:
    seq: int
    item_id: int
    field: str  # "read" or "starred"
    value: bool


@dataclass(frozen=True, slots=True)
class StateResult:
    read_changed: int
    starred_changed: int
    kept_local: int  # items whose unpushed local change won over the server's state


class SyncQueue:
    """Sync bookkeeping: server items and the queue of local changes; part of `Store`."""

    conn: sqlite3.Connection

    # ------------------------------------------------------------ items

    @guarded
    def sync_known_items(self) -> set[int]:
        """Every server item ever stored here, pruned ones included."""
        return {int(r[0]) for r in self.conn.execute("SELECT item_id FROM sync_items")}

    @guarded
    def link_sync_items(self, site_guids: Sequence[tuple[int, str, str]]) -> dict[int, int]:
        """Record which article each pulled item became: (item id, site, guid) -> item -> article."""
        out: dict[int, int] = {}
        with write(self.conn) as c:
            for item_id, site, guid in site_guids:
                row = c.execute(
                    "SELECT id FROM articles WHERE site = ? AND guid = ?", (site, guid)
                ).fetchone()
                article_id = row[0] if row else None
                # An item that became no article (nothing to show) is still known: not pulled again.
                c.execute(
                    "INSERT INTO sync_items (item_id, article_id) VALUES (?, ?) "
                    "ON CONFLICT(item_id) DO UPDATE SET article_id = excluded.article_id",
                    (_key(item_id), article_id),
                )
                if article_id is not None:
                    out[item_id] = article_id
        return out

    # ------------------------------------------------------------ the queue

    @guarded
    def pending_changes(self) -> list[Change]:
        return [
            Change(r[0], int(r[1]), r[2], bool(r[3]))
            for r in self.conn.execute(
                "SELECT seq, item_id, field, value FROM sync_changes ORDER BY seq"
            )
        ]

    @guarded
    def pending_change_count(self) -> int:
        count: int = self.conn.execute("SELECT COUNT(*) FROM sync_changes").fetchone()[0]
        return count

    @guarded
    def drop_pushed_changes(self, changes: Iterable[Change]) -> None:
        """The server took these: drop them, unless a newer change replaced one meanwhile."""
        seqs = [(ch.seq,) for ch in changes]
        if not seqs:
            return
        with write(self.conn) as c:
            c.executemany("DELETE FROM sync_changes WHERE seq = ?", seqs)

    # ------------------------------------------------------------ server state

    @guarded
    def apply_server_state(
        self,
        read: dict[int, bool] | None = None,
        starred: dict[int, bool] | None = None,
    ) -> StateResult:
        """Set read/starred flags to the server's state (item id -> value), without queueing.

        A field with an unpushed local change keeps the local value: that change is newer
        than what the server said.
        """
        read = read or {}
        starred = starred or {}
        changed_read = changed_star = kept = 0
        with write(self.conn) as c:
            c.execute("INSERT OR IGNORE INTO sync_applying (busy) VALUES (1)")
            try:
                local = {
                    (int(r[0]), r[1]) for r in c.execute("SELECT item_id, field FROM sync_changes")
                }
                items = set(read) | set(starred)
                rows = self._current(c, items)
                read_updates: list[tuple[int, int]] = []
                star_updates: list[tuple[int, int]] = []
                for item_id, article_id, is_read, is_starred in rows:
                    if item_id in read and bool(is_read) != read[item_id]:
                        if (item_id, "read") in local:
                            kept += 1
                        else:
                            read_updates.append((int(read[item_id]), article_id))
                    if item_id in starred and bool(is_starred) != starred[item_id]:
                        if (item_id, "starred") in local:
                            kept += 1
                        else:
                            star_updates.append((int(starred[item_id]), article_id))
                c.executemany("UPDATE articles SET read = ? WHERE id = ?", read_updates)
                c.executemany("UPDATE articles SET starred = ? WHERE id = ?", star_updates)
                changed_read, changed_star = len(read_updates), len(star_updates)
            finally:
                c.execute("DELETE FROM sync_applying")
        return StateResult(changed_read, changed_star, kept)

    @guarded
    def reconcile_server_state(self, unread: set[int], starred: set[int]) -> StateResult:
        """The server's unread and starred lists against every stored server item."""
        items = [
            int(r[0])
            for r in self.conn.execute(
                "SELECT item_id FROM sync_items WHERE article_id IS NOT NULL"
            )
        ]
        return self.apply_server_state(
            read={i: i not in unread for i in items},
            starred={i: i in starred for i in items},
        )

    @staticmethod
    def _current(c: sqlite3.Connection, items: set[int]) -> list[tuple[int, int, int, int]]:
        if not items:
            return []
        total = c.execute("SELECT COUNT(*) FROM sync_items").fetchone()[0]
        sql = (
            "SELECT s.item_id, a.id, a.read, a.starred FROM sync_items s "
            "JOIN articles a ON a.id = s.article_id"
        )
        rows: list[tuple[str, int, int, int]]
        if len(items) * 2 >= total:  # most of them: one pass beats many look-ups
            rows = c.execute(sql).fetchall()
        else:
            rows = []
            keys = sorted(_key(i) for i in items)
            for k in range(0, len(keys), _CHUNK):
                chunk = keys[k : k + _CHUNK]
                where = f" WHERE s.item_id IN ({','.join('?' * len(chunk))})"
                rows.extend(c.execute(sql + where, chunk))
        out = [(int(r[0]), r[1], r[2], r[3]) for r in rows]
        return [r for r in out if r[0] in items]
