"""The feeds domain of the cache: the feed list the config asks for, each feed's last fetch, and
the names a list shows for them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from kalbartui.models import Feed, FeedSpec
from kalbartui.problems import Problem
from kalbartui.store.categories import category_id
from kalbartui.store.db import write
from kalbartui.store.errors import guarded
from kalbartui.store.ingest import site_of
from kalbartui.store.schema import BODY_HASH_KEY


def _dt(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


class Feeds:
    """The stored feeds; part of `Store`."""

    conn: sqlite3.Connection
    _feed_names: dict[int, str] | None

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
                last_error=Problem.from_json(r[10]),
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
    def sync_feeds(
        self, specs: Sequence[FeedSpec], categories: Iterable[tuple[str, str]] = ()
    ) -> dict[str, int]:
        """Make the stored feed list match the config: add, update, deactivate. Returns url -> id."""
        ids: dict[str, int] = {}
        with write(self.conn) as c:
            c.execute("UPDATE feeds SET active = 0")
            for spec in specs:
                row = c.execute(
                    """INSERT INTO feeds (url, site, name, category, source, active)
                       VALUES (?, ?, ?, ?, ?, 1)
                       ON CONFLICT(url) DO UPDATE SET
                         name = excluded.name, category = excluded.category,
                         source = excluded.source, active = 1
                       RETURNING id""",
                    (spec.url, site_of(spec.url), spec.name, spec.category, spec.source),
                ).fetchone()
                ids[spec.url] = row[0]
                if spec.category:
                    category_id(c, spec.source, spec.category)
            for position, (source, name) in enumerate(categories):
                cid = category_id(c, source, name)
                c.execute("UPDATE categories SET position = ? WHERE id = ?", (position, cid))
        self._feed_names = None
        return ids

    @guarded
    def note_feed_error(self, feed_id: int, error: Problem) -> None:
        """Show `error` on a feed that itself refreshed fine (its site's category discovery failed)."""
        with write(self.conn) as c:
            c.execute("UPDATE feeds SET last_error = ? WHERE id = ?", (error.to_json(), feed_id))
