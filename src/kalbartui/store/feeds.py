"""The feeds domain of the cache: the feed list the config asks for, each feed's last fetch, and
the names a list shows for them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from kalbartui.models import Feed, FeedSpec
from kalbartui.problems import Problem
from kalbartui.store.categories import category_id
from kalbartui.store.db import write
from kalbartui.store.errors import guarded
from kalbartui.store.ingest import relink, site_of
from kalbartui.store.schema import BODY_HASH_KEY


def _dt(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


@dataclass(frozen=True, slots=True)
class _Row:
    """What the config sets of a stored feed, to compare with what it asks for now."""

    name: str
    category: str
    source: str
    position: int
    keep_days: int | None
    active: bool


class Feeds:
    """The stored feeds; part of `Store`."""

    conn: sqlite3.Connection
    _feed_names: dict[int, str] | None
    _names_version: int | None

    @guarded
    def feeds(self, active_only: bool = True) -> list[Feed]:
        """The stored feeds (by default only those the config still lists), each with its
        counts (kept by triggers: no article is read here)."""
        sql = """SELECT f.id, f.url, f.title, f.name, f.category, f.source, f.etag, f.last_modified,
                        f.last_checked, f.last_ok, f.last_error, f.retry_after,
                        COALESCE(n.total, 0), COALESCE(n.unread, 0), f.ttl
                 FROM feeds f LEFT JOIN feed_counts n ON n.feed_id = f.id"""
        if active_only:
            sql += " WHERE f.active = 1"
        sql += " ORDER BY f.source, f.category, f.position, f.id"
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
                unread=r[13],
                ttl_minutes=r[14],
            )  # fmt: skip
            for r in self.conn.execute(sql)
        ]

    @guarded
    def feed_row(self, feed_id: int) -> tuple[str, str] | None:
        """(url, source) of a stored feed, or None: what its settings are looked up by."""
        row = self.conn.execute("SELECT url, source FROM feeds WHERE id = ?", (feed_id,)).fetchone()
        return None if row is None else (row[0], row[1])

    @guarded
    def feed_health(self) -> tuple[int, frozenset[str]]:
        """(how many feeds the config lists, the URLs of those whose last try failed): what
        `feeds()` tells of them, without counting any feed's articles."""
        rows = self.conn.execute("SELECT url, last_error FROM feeds WHERE active = 1").fetchall()
        return len(rows), frozenset(url for url, error in rows if error)

    @guarded
    def feed_names(self) -> dict[int, str]:
        """Feed id -> the name a list shows for it (read again once the feeds changed, by
        this connection or another: a refresh renames feeds in its own process)."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if self._feed_names is None or version != self._names_version:
            self._feed_names = {
                r[0]: (r[1] or r[2] or r[3])
                for r in self.conn.execute("SELECT id, name, title, url FROM feeds")
            }
            self._names_version = version
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
        self,
        specs: Sequence[FeedSpec],
        categories: Iterable[tuple[str, str]] = (),
        *,
        deactivate: bool = True,
    ) -> dict[str, int]:
        """Make the stored feed list match the config: add and update feeds and, with
        `deactivate`, set aside those it no longer lists. Returns url -> id.

        A feed's name and category are the config's for everything already cached: a feed
        whose category changed takes its articles along (`ingest.relink`), and a category no
        feed of the config names any more leaves the sidebar. Nothing is written when nothing
        changed, so the reader's start and the CLI's reading commands can call it every time.
        """
        wanted: dict[str, tuple[int, FeedSpec]] = {}
        for position, spec in enumerate(specs):
            wanted[spec.url] = (position, spec)  # the last entry for a URL wins
        # The sidebar's order: the sites' categories as given, then the feed list's in the
        # order the config first names them.
        plain = ((s.source, s.category) for s in specs if s.category and not s.source)
        order = list(dict.fromkeys([*categories, *plain]))
        stored = self._stored_feeds()
        if not self._feeds_differ(stored, wanted, order, deactivate):
            return {url: stored[url][0] for url in wanted}
        ids: dict[str, int] = {}
        with write(self.conn) as c:
            stored = self._stored_feeds()  # again, inside the transaction
            renamed = _renamed_categories(c, stored, wanted, deactivate)
            moved: list[int] = []  # feeds whose articles change category
            for url, (position, spec) in wanted.items():
                before = stored.get(url)
                row = c.execute(
                    """INSERT INTO feeds (url, site, name, category, source, active, position, keep_days)
                       VALUES (?, ?, ?, ?, ?, 1, ?, ?)
                       ON CONFLICT(url) DO UPDATE SET
                         name = excluded.name, category = excluded.category,
                         source = excluded.source, active = 1, position = excluded.position,
                         keep_days = excluded.keep_days
                       RETURNING id""",
                    (spec.url, site_of(spec.url), spec.name, spec.category, spec.source,
                     position, spec.keep_days),
                ).fetchone()  # fmt: skip
                ids[url] = row[0]
                if spec.category:
                    category_id(c, spec.source, spec.category)
                if before is not None:
                    old = before[1]
                    category = (
                        renamed.get(old.category, old.category) if not old.source else old.category
                    )
                    if (category, old.source, old.active) != (spec.category, spec.source, True):
                        moved.append(row[0])
            if deactivate:
                for url, (feed_id, old) in stored.items():
                    if url not in wanted and old.active:
                        c.execute("UPDATE feeds SET active = 0 WHERE id = ?", (feed_id,))
                        moved.append(feed_id)
            for position, (source, name) in enumerate(order):
                cid = category_id(c, source, name)
                c.execute("UPDATE categories SET position = ? WHERE id = ?", (position, cid))
            relink(c, moved)
            _drop_unnamed_categories(c)
        self._feed_names = None
        return ids

    def _stored_feeds(self) -> dict[str, tuple[int, _Row]]:
        return {
            r[1]: (r[0], _Row(r[2], r[3], r[4], r[5], r[6], bool(r[7])))
            for r in self.conn.execute(
                "SELECT id, url, name, category, source, position, keep_days, active FROM feeds"
            )
        }

    def _feeds_differ(
        self,
        stored: dict[str, tuple[int, _Row]],
        wanted: dict[str, tuple[int, FeedSpec]],
        order: list[tuple[str, str]],
        deactivate: bool,
    ) -> bool:
        for url, (position, spec) in wanted.items():
            found = stored.get(url)
            if found is None:
                return True
            if found[1] != _Row(
                spec.name, spec.category, spec.source, position, spec.keep_days, True
            ):
                return True
        if deactivate and any(
            row.active and url not in wanted for url, (_id, row) in stored.items()
        ):
            return True
        cats = {
            (source, name): position
            for source, name, position in self.conn.execute(
                "SELECT source, name, position FROM categories"
            )
        }
        for spec_position, spec in wanted.values():
            del spec_position
            if spec.category and (spec.source, spec.category) not in cats:
                return True
        if any(cats.get(key) != position for position, key in enumerate(order)):
            return True
        # A [[feeds]] category that no feed names any more still waits to leave.
        named = {spec.category for _p, spec in wanted.values() if not spec.source}
        named |= {row.category for _id, row in stored.values() if row.active and not row.source}
        return any(source == "" and name not in named for source, name in cats)

    @guarded
    def note_feed_error(self, feed_id: int, error: Problem) -> None:
        """Show `error` on a feed that itself refreshed fine (its site's category discovery failed)."""
        with write(self.conn) as c:
            c.execute("UPDATE feeds SET last_error = ? WHERE id = ?", (error.to_json(), feed_id))


def _renamed_categories(
    c: sqlite3.Connection,
    stored: dict[str, tuple[int, _Row]],
    wanted: dict[str, tuple[int, FeedSpec]],
    deactivate: bool,
) -> dict[str, str]:
    """Categories of the feed list the config renamed: the very same feeds, under a new name
    no category had. The category itself takes the new name (one row), so its articles need
    not move one by one (100,000 links are seconds of writing). Returns old name -> new."""
    before: dict[str, set[str]] = {}
    after: dict[str, set[str]] = {}
    for url, (_id, row) in stored.items():
        if row.active and not row.source and row.category:
            before.setdefault(row.category, set()).add(url)
            if not deactivate and url not in wanted:
                after.setdefault(row.category, set()).add(url)
    for url, (_position, spec) in wanted.items():
        if not spec.source and spec.category:
            after.setdefault(spec.category, set()).add(url)
    existing = {r[0] for r in c.execute("SELECT name FROM categories WHERE source = ''")}
    renamed: dict[str, str] = {}
    for old, urls in before.items():
        if old in after:
            continue
        new = next(
            (n for n, members in after.items() if members == urls and n not in existing), None
        )
        if new is not None and new not in renamed.values():
            c.execute("UPDATE categories SET name = ? WHERE source = '' AND name = ?", (new, old))
            renamed[old] = new
    return renamed


def _drop_unnamed_categories(c: sqlite3.Connection) -> None:
    """The categories of [[feeds]] (and sync labels) that no configured feed names any more:
    their articles were taken along by `relink`, and the sidebar loses the empty entry."""
    gone = [
        r[0]
        for r in c.execute(
            """SELECT id FROM categories WHERE source = '' AND name NOT IN
               (SELECT category FROM feeds WHERE active = 1 AND source = '')"""
        )
    ]
    for cid in gone:
        c.execute("DELETE FROM article_categories WHERE category_id = ?", (cid,))
        c.execute("DELETE FROM category_counts WHERE category_id = ?", (cid,))
        c.execute("DELETE FROM categories WHERE id = ?", (cid,))
