"""The reader's marks on articles: read and starred. A refresh never touches them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kalbartui.store.db import write
from kalbartui.store.errors import guarded
from kalbartui.store.queries import Query, where_clause

_CHUNK = 500  # host parameters per IN (...) list


@dataclass(frozen=True, slots=True)
class Marked:
    """Read marks one action of the user's changed, with what undoing it needs."""

    article_ids: tuple[int, ...]  # the articles whose mark changed
    read: bool  # the mark they were given
    queue_seq: int = 0  # the sync queue's last entry before the action: its own come after
    # Articles that already had a read change waiting for the sync server before the action.
    queued_before: frozenset[int] = frozenset()

    @property
    def count(self) -> int:
        """How many articles changed."""
        return len(self.article_ids)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for k in range(0, len(ids), _CHUNK):
        yield ids[k : k + _CHUNK]


def _queued_reads(c: sqlite3.Connection, after_seq: int = 0) -> dict[int, int]:
    """Articles with a read change in the sync queue newer than `after_seq`: article -> item."""
    return {
        r[0]: r[1]
        for r in c.execute(
            "SELECT s.article_id, q.item_id FROM sync_changes q "
            "JOIN sync_items s ON s.item_id = q.item_id "
            "WHERE q.field = 'read' AND q.seq > ? AND s.article_id IS NOT NULL",
            (after_seq,),
        )
    }


def _last_seq(c: sqlite3.Connection) -> int:
    # AUTOINCREMENT: an entry queued later always has a larger seq than any before it.
    seq: int = c.execute("SELECT COALESCE(MAX(seq), 0) FROM sync_changes").fetchone()[0]
    return seq


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

    @guarded
    def mark_matching(self, query: Query, how: str) -> int:
        """Mark every article the query lists: "read", "unread", "star" or "unstar". Only the
        articles whose mark changes are written (and queued for the sync server by the
        triggers, as any mark). Returns how many changed."""
        column = "read" if how in ("read", "unread") else "starred"
        value = int(how in ("read", "star"))
        where, params, join = where_clause(query)
        with write(self.conn) as c:
            cur = c.execute(
                f"UPDATE articles SET {column} = ? WHERE {column} != ? "
                f"AND id IN (SELECT a.id FROM {join} WHERE {where})",
                [value, value, *params],
            )
        return cur.rowcount

    # ------------------------------------------------------------------ marks that can be undone

    @guarded
    def toggle_read_marked(self, article_id: int) -> Marked:
        """Flip an article's read flag; what changed (nothing for an unknown id)."""
        with write(self.conn) as c:
            row = c.execute("SELECT read FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return Marked((), True)
            read = not row[0]
            return self._marked(c, read, "id = ?", [article_id])

    @guarded
    def mark_all_read_marked(self, query: Query) -> Marked:
        """Mark every article the query lists as read; what changed."""
        where, params, join = where_clause(query)
        with write(self.conn) as c:
            return self._marked(c, True, f"id IN (SELECT a.id FROM {join} WHERE {where})", params)

    @staticmethod
    def _marked(c: sqlite3.Connection, read: bool, where: str, params: Sequence[object]) -> Marked:
        seq = _last_seq(c)
        waiting = _queued_reads(c)  # the queue is short: what has not reached the server
        ids = [
            r[0]
            for r in c.execute(
                f"UPDATE articles SET read = ? WHERE read != ? AND {where} RETURNING id",
                [int(read), int(read), *params],
            )
        ]
        return Marked(tuple(ids), read, seq, frozenset(waiting).intersection(ids))

    @guarded
    def undo_marked(self, marked: Marked) -> int:
        """Give the articles of `marked` their mark from before, where they still have the one
        it set; returns how many changed.

        The sync queue is put back as it was: a change of that action still waiting leaves
        the queue (the server never heard of it), or goes back to the change that waited
        before it; a change already sent queues the opposite, as any mark does.
        """
        before = not marked.read
        changed: list[int] = []
        with write(self.conn) as c:
            unsent = _queued_reads(c, marked.queue_seq)
            for chunk in _chunks(marked.article_ids):
                marks = ",".join("?" * len(chunk))
                changed += [
                    r[0]
                    for r in c.execute(
                        f"UPDATE articles SET read = ? WHERE read = ? AND id IN ({marks}) "
                        "RETURNING id",
                        [int(before), int(marked.read), *chunk],
                    )
                ]
            # The triggers queued `before` for each; a change that waited before the action
            # said the same, so only those with none are dropped.
            dropped = [
                (unsent[i],) for i in changed if i in unsent and i not in marked.queued_before
            ]
            c.executemany("DELETE FROM sync_changes WHERE item_id = ? AND field = 'read'", dropped)
        return len(changed)
